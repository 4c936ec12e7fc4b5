"""Our PayPal provider (classes/processors/paypal.py) against PayPal's Orders v2 API, faked by `responses`."""

import base64
import json
from decimal import Decimal

import pytest
import requests
import responses
from django.test import RequestFactory
from payments import PaymentStatus, RedirectNeeded

from classes.processors import ProcessorRefund
from classes.processors.paypal import Capture, InvalidWebhook, PayPalProvider, ProcessorError
from classes.services.checkout import place_order
from classes.services.payments import start_online_payment
from tests.factories import ANN, ClassOfferFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_nov_2")]

API = "https://api-m.sandbox.paypal.com"
ORDERS = f"{API}/v2/checkout/orders"
ORDER_ID = "5O190127TN364715T"
CAPTURE_ID = "3C679366HH908993F"
APPROVAL_URL = f"https://www.sandbox.paypal.com/checkoutnow?token={ORDER_ID}"
SIGNATURE_HEADERS = {
    "PayPal-Auth-Algo": "SHA256withRSA",
    "PayPal-Cert-Url": "https://api-m.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42",
    "PayPal-Transmission-Id": "69cd13f0-d67a-11e5-baa3-778b53f4ae55",
    "PayPal-Transmission-Sig": "lmI95Jx3Y9nhR5SJWlHVIWpg4AgFk7n9bCHSRxbrd8A9zrhdu2rMyFrmz+Zjh3s3boXB07VXCXUZy==",
    "PayPal-Transmission-Time": "2026-11-02T12:01:00Z",
}
# As PayPal sends it: compact, in UTF-8.
EVENT = (
    b'{"id":"WH-58D329510W468432D-8HN650336L201105X","event_type":"PAYMENT.CAPTURE.COMPLETED",'
    b'"resource_type":"capture","summary":"Paiement re\xc3\xa7u","resource":{"id":"3C679366HH908993F",'
    b'"status":"COMPLETED","amount":{"currency_code":"USD","value":"85.00"},'
    b'"supplementary_data":{"related_ids":{"order_id":"5O190127TN364715T"}}}}'
)


@pytest.fixture
def paypal():
    """PayPal's API, faked: it hands out access tokens, and answers what each test adds."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as api:
        api.post(f"{API}/v1/oauth2/token", json={"access_token": "A21AA-first", "expires_in": 32400})
        yield api


@pytest.fixture
def provider():
    return PayPalProvider(
        client_id="client-id", secret="secret", endpoint=API + "/", webhook_id="8PT597110X687430LKGECATA"
    )


@pytest.fixture
def payment(listed_november):
    """A payment of $85.00 for one class paid online before the pre-pay deadline."""
    order = place_order(offers=[ClassOfferFactory(session=listed_november)], attendee=ANN, method="dummy")
    payment = start_online_payment(order)
    payment.variant = "paypal"
    return payment


@pytest.fixture
def ordered(payment):
    """The payment, its PayPal order created."""
    payment.transaction_id = ORDER_ID
    return payment


def paypal_order(status="COMPLETED", capture_status="COMPLETED"):
    """An order as PayPal answers for it, captured unless its status says otherwise."""
    captures = [{"id": CAPTURE_ID, "status": capture_status, "amount": {"currency_code": "USD", "value": "85.00"}}]
    unit = {"reference_id": "ours", "amount": {"currency_code": "USD", "value": "85.00"}}
    if status == "COMPLETED":
        unit["payments"] = {"captures": captures}
    return {"id": ORDER_ID, "status": status, "purchase_units": [unit], "links": []}


def sent(call):
    return json.loads(call.request.body)


def calls_to(api, url):
    return [call for call in api.calls if call.request.url == url]


# The access token


def test_the_access_token_is_asked_for_once_and_kept(paypal, provider, ordered):
    paypal.get(f"{ORDERS}/{ORDER_ID}", json=paypal_order())

    provider.fetch_order(ordered)
    provider.fetch_order(ordered)

    assert len(calls_to(paypal, f"{API}/v1/oauth2/token")) == 1
    token_request = paypal.calls[0].request
    assert token_request.headers["Authorization"] == "Basic " + base64.b64encode(b"client-id:secret").decode()
    assert token_request.body == "grant_type=client_credentials"
    assert [call.request.headers["Authorization"] for call in paypal.calls[1:]] == ["Bearer A21AA-first"] * 2


def test_a_refused_token_is_replaced_and_the_call_made_once_more(paypal, provider, ordered):
    paypal.get(f"{ORDERS}/{ORDER_ID}", json=paypal_order())
    provider.fetch_order(ordered)
    paypal.replace(responses.POST, f"{API}/v1/oauth2/token", json={"access_token": "A21AA-second", "expires_in": 32400})
    paypal.replace(responses.GET, f"{ORDERS}/{ORDER_ID}", status=401, json={"error": "invalid_token"})
    paypal.add(responses.GET, f"{ORDERS}/{ORDER_ID}", json=paypal_order())

    assert provider.fetch_order(ordered).status == "COMPLETED"

    order_calls = calls_to(paypal, f"{ORDERS}/{ORDER_ID}")
    assert [call.request.headers["Authorization"] for call in order_calls] == [
        "Bearer A21AA-first",
        "Bearer A21AA-first",
        "Bearer A21AA-second",
    ]


# The buyer's way


def test_the_buyer_is_sent_to_approve_an_order_for_the_payments_total(paypal, provider, payment):
    paypal.post(
        ORDERS,
        status=201,
        json={
            "id": ORDER_ID,
            "status": "PAYER_ACTION_REQUIRED",
            "links": [
                {"href": f"{ORDERS}/{ORDER_ID}", "rel": "self", "method": "GET"},
                {"href": APPROVAL_URL, "rel": "payer-action", "method": "GET"},
            ],
        },
    )

    with pytest.raises(RedirectNeeded) as redirect:
        provider.get_form(payment)

    assert str(redirect.value) == APPROVAL_URL
    call = calls_to(paypal, ORDERS)[0]
    assert call.request.headers["PayPal-Request-Id"] == f"create-{payment.token}"
    unit = sent(call)["purchase_units"][0]
    assert unit["amount"] == {"currency_code": "USD", "value": "85.00"}
    assert (unit["reference_id"], unit["custom_id"]) == (payment.token, payment.order.reference)
    experience = sent(call)["payment_source"]["paypal"]["experience_context"]
    assert experience["return_url"] == f"http://testserver/register/order/{payment.order.reference}/pay/?approved=1"
    assert experience["cancel_url"] == f"http://testserver/register/order/{payment.order.reference}/pay/?failed=1"
    payment.refresh_from_db()
    assert payment.transaction_id == ORDER_ID
    assert payment.status == PaymentStatus.WAITING


def test_coming_back_to_pay_goes_to_the_same_order(paypal, provider, payment):
    paypal.post(ORDERS, status=201, json={"id": ORDER_ID, "links": [{"href": APPROVAL_URL, "rel": "approve"}]})
    with pytest.raises(RedirectNeeded):
        provider.get_form(payment)

    with pytest.raises(RedirectNeeded) as redirect:
        provider.get_form(payment)

    assert str(redirect.value) == APPROVAL_URL
    assert len(calls_to(paypal, ORDERS)) == 1


def test_capturing_again_asks_paypal_with_the_same_request_id(paypal, provider, ordered):
    paypal.post(f"{ORDERS}/{ORDER_ID}/capture", status=201, json=paypal_order())
    paypal.post(f"{ORDERS}/{ORDER_ID}/capture", status=200, json=paypal_order())  # PayPal's answer to a repeat

    first, second = provider.capture(ordered), provider.capture(ordered)

    assert first == second == Capture(ORDER_ID, CAPTURE_ID, "COMPLETED", Decimal("85.00"), "USD")
    captures = calls_to(paypal, f"{ORDERS}/{ORDER_ID}/capture")
    assert [call.request.headers["PayPal-Request-Id"] for call in captures] == [f"capture-{ordered.token}"] * 2
    ordered.refresh_from_db()
    assert ordered.status == PaymentStatus.WAITING  # the payment service decides what the capture means


def test_an_order_already_captured_is_read_rather_than_captured(paypal, provider, ordered):
    paypal.post(
        f"{ORDERS}/{ORDER_ID}/capture",
        status=422,
        json={
            "name": "UNPROCESSABLE_ENTITY",
            "details": [{"issue": "ORDER_ALREADY_CAPTURED", "description": "Order already captured."}],
            "debug_id": "f2ca4a7f9b0a",
        },
    )
    paypal.get(f"{ORDERS}/{ORDER_ID}", json=paypal_order(capture_status="PENDING"))

    assert provider.capture(ordered) == Capture(ORDER_ID, CAPTURE_ID, "PENDING", Decimal("85.00"), "USD")


def test_an_order_approved_but_not_captured_reads_as_such(paypal, provider, ordered):
    paypal.get(f"{ORDERS}/{ORDER_ID}", json=paypal_order(status="APPROVED"))

    order = provider.fetch_order(ordered)

    assert (order.order_id, order.status, order.capture) == (ORDER_ID, "APPROVED", None)


def test_a_refund_of_the_capture_carries_the_callers_key(paypal, provider, ordered):
    paypal.get(f"{ORDERS}/{ORDER_ID}", json=paypal_order())
    refunds = f"{API}/v2/payments/captures/{CAPTURE_ID}/refund"
    paypal.post(refunds, status=201, json={"id": "1JU08902781691411", "status": "COMPLETED"})

    refund = provider.refund(ordered, Decimal("40"), key="refund-17")

    assert refund == ProcessorRefund("1JU08902781691411", "COMPLETED")
    call = calls_to(paypal, refunds)[0]
    assert call.request.headers["PayPal-Request-Id"] == "refund-17"
    assert sent(call) == {"amount": {"currency_code": "USD", "value": "40.00"}, "custom_id": "refund-17"}


# The webhook


def webhook_headers(without=None, **changes):
    """The request's headers, as Django reads them, with one of PayPal's left out or changed."""
    headers = {name: value for name, value in {**SIGNATURE_HEADERS, **changes}.items() if name != without}
    request = RequestFactory().post("/", EVENT, content_type="application/json", headers=headers)
    return request.headers


def test_an_event_paypal_signed_is_returned(paypal, provider):
    verify = f"{API}/v1/notifications/verify-webhook-signature"
    paypal.post(verify, json={"verification_status": "SUCCESS"})

    event = provider.verify_webhook(webhook_headers(), EVENT)

    assert event == json.loads(EVENT)
    call = calls_to(paypal, verify)[0]
    assert call.request.body.endswith(b'"webhook_event": ' + EVENT + b"}")  # as PayPal sent it, byte for byte
    asked = sent(call)
    assert asked["webhook_id"] == "8PT597110X687430LKGECATA"
    assert asked["transmission_sig"] == SIGNATURE_HEADERS["PayPal-Transmission-Sig"]
    assert asked["cert_url"] == SIGNATURE_HEADERS["PayPal-Cert-Url"]


def test_an_event_paypal_did_not_sign_is_refused(paypal, provider):
    paypal.post(f"{API}/v1/notifications/verify-webhook-signature", json={"verification_status": "FAILURE"})

    with pytest.raises(InvalidWebhook):
        provider.verify_webhook(webhook_headers(), EVENT)


def test_signature_headers_paypal_cannot_read_are_refused(paypal, provider):
    paypal.post(f"{API}/v1/notifications/verify-webhook-signature", status=400, json={"name": "VALIDATION_ERROR"})

    with pytest.raises(InvalidWebhook):
        provider.verify_webhook(webhook_headers(**{"PayPal-Cert-Url": "not a url"}), EVENT)


@pytest.mark.parametrize(
    ("without", "body"),
    [
        ("PayPal-Transmission-Sig", EVENT),
        (None, b'{"id": "WH-1", "event_type": '),
        (None, b"[]"),
    ],
    ids=["no signature", "body not JSON", "body not an event"],
)
def test_a_request_that_cannot_be_an_event_is_refused_without_asking_paypal(paypal, provider, without, body):
    with pytest.raises(InvalidWebhook):
        provider.verify_webhook(webhook_headers(without), body)

    assert len(paypal.calls) == 0


# Failures


def test_paypal_not_answering_in_time_may_be_tried_again(paypal, provider, ordered):
    paypal.get(f"{ORDERS}/{ORDER_ID}", body=requests.exceptions.ReadTimeout("Read timed out. (read timeout=10)"))

    with pytest.raises(ProcessorError) as error:
        provider.fetch_order(ordered)

    assert error.value.retryable


@pytest.mark.parametrize(("status", "retryable"), [(400, False), (404, False), (429, True), (500, True), (503, True)])
def test_what_paypal_refuses_is_not_tried_again_but_what_it_fails_at_may_be(
    paypal, provider, ordered, status, retryable
):
    paypal.get(f"{ORDERS}/{ORDER_ID}", status=status, json={"name": "ERROR", "debug_id": "b1d1f06c7246c"})

    with pytest.raises(ProcessorError) as error:
        provider.fetch_order(ordered)

    assert (error.value.status, error.value.retryable) == (status, retryable)


def test_every_call_to_paypal_gives_up_after_the_timeout(paypal, provider, payment):
    paypal.post(ORDERS, status=201, json={"id": ORDER_ID, "links": [{"href": APPROVAL_URL, "rel": "payer-action"}]})
    paypal.post(f"{ORDERS}/{ORDER_ID}/capture", status=201, json=paypal_order())
    paypal.get(f"{ORDERS}/{ORDER_ID}", json=paypal_order())
    paypal.post(f"{API}/v2/payments/captures/{CAPTURE_ID}/refund", status=201, json={"id": "R1", "status": "PENDING"})
    paypal.post(f"{API}/v1/notifications/verify-webhook-signature", json={"verification_status": "SUCCESS"})

    with pytest.raises(RedirectNeeded):
        provider.get_form(payment)
    provider.capture(payment)
    provider.refund(payment, Decimal("85.00"), key="refund-1")
    provider.verify_webhook(webhook_headers(), EVENT)

    assert len(paypal.calls) == 6
    assert [call.request.req_kwargs["timeout"] for call in paypal.calls] == [10] * 6
