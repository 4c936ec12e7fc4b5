"""Paying with PayPal end to end: checkout sends the buyer to approve, the payment page takes the money when they
confirm, and PayPal's webhook is applied through the payment service; PayPal's API is faked (responses)."""

import json
from decimal import Decimal

import pytest
import responses
from payments import PaymentStatus, core
from wagtail.models import ModelLogEntry

from classes.models import Order, Payment, ProcessorEvent, Refund
from tests.classes.test_paypal_provider import (
    API,
    APPROVAL_URL,
    EVENT,
    ORDER_ID,
    ORDERS,
    SIGNATURE_HEADERS,
    paypal_order,
)
from tests.factories import ClassOfferFactory
from tests.pages import filled_in_checkout, html_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_nov_2")]

WEBHOOK = "/payments/paypal/webhook/"
VERIFY = f"{API}/v1/notifications/verify-webhook-signature"


@pytest.fixture
def paypal(settings, monkeypatch):
    """PayPal configured, its API faked: tokens, orders made and captured, signatures checked."""
    settings.PAYPAL_CLIENT_ID, settings.PAYPAL_WEBHOOK_ID = "client-id", "8PT597110X687430LKGECATA"
    options = {"client_id": "client-id", "secret": "secret", "endpoint": API, "webhook_id": "8PT597110X687430LKGECATA"}
    settings.PAYMENT_VARIANTS = {"paypal": ("classes.processors.paypal.PayPalProvider", options)}
    monkeypatch.setattr(core, "PROVIDER_CACHE", {})
    with responses.RequestsMock(assert_all_requests_are_fired=False) as api:
        api.post(f"{API}/v1/oauth2/token", json={"access_token": "A21AA-token", "expires_in": 32400})
        api.post(
            ORDERS,
            json={
                "id": ORDER_ID,
                "status": "PAYER_ACTION_REQUIRED",
                "links": [{"rel": "payer-action", "href": APPROVAL_URL}],
            },
        )
        api.post(f"{ORDERS}/{ORDER_ID}/capture", json=paypal_order())
        api.post(VERIFY, json={"verification_status": "SUCCESS"})
        yield api


@pytest.fixture
def approved(client, paypal, listed_november):
    """A visitor checked out with PayPal, approved the payment there and came back."""
    client.post("/register/add/", {"class_offer": ClassOfferFactory(session=listed_november).pk})
    response = client.post("/register/", filled_in_checkout(client, method="paypal"))
    assert response.url == APPROVAL_URL
    return Order.objects.get()


def confirm(client, order):
    return client.post(f"/register/order/{order.reference}/pay/", {"capture": "1"})


def webhook(client, body=EVENT):
    headers = {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in SIGNATURE_HEADERS.items()}
    return client.post(WEBHOOK, body, content_type="application/json", **headers)


def test_the_money_is_taken_once_however_often_the_return_is_confirmed_and_after_the_webhook(client, paypal, approved):
    back = client.get(f"/register/order/{approved.reference}/pay/?approved=1&token={ORDER_ID}&PayerID=PAYER")
    assert "Confirm and pay $85" in html_of(back)
    assert Payment.objects.get().status == PaymentStatus.WAITING  # coming back changes nothing

    assert confirm(client, approved).url == approved.get_absolute_url()
    confirm(client, approved)
    assert webhook(client).status_code == 200

    approved.refresh_from_db()
    assert approved.status == Order.Status.CONFIRMED
    assert Payment.objects.get().status == PaymentStatus.CONFIRMED
    assert ModelLogEntry.objects.filter(action="classes.payment.online").count() == 1
    captures = [call for call in paypal.calls if call.request.url.endswith("/capture")]
    assert {call.request.headers["PayPal-Request-Id"] for call in captures} == {
        f"capture-{Payment.objects.get().token}"
    }


def test_the_webhook_alone_confirms_the_order(client, paypal, approved):
    assert webhook(client).status_code == 200
    assert webhook(client).status_code == 200  # PayPal sends it again

    approved.refresh_from_db()
    assert approved.status == Order.Status.CONFIRMED
    assert ProcessorEvent.objects.filter(event_id=json.loads(EVENT)["id"]).count() == 1


def test_an_approved_order_is_captured_by_the_webhook_when_the_buyer_does_not_come_back(client, paypal, approved):
    approved_event = json.dumps(
        {"id": "WH-APPROVED-1", "event_type": "CHECKOUT.ORDER.APPROVED", "resource": {"id": ORDER_ID}}
    )

    assert webhook(client, approved_event).status_code == 200

    approved.refresh_from_db()
    assert approved.status == Order.Status.CONFIRMED


def test_a_webhook_paypal_did_not_sign_is_refused_and_writes_nothing(client, paypal, approved):
    paypal.replace(responses.POST, VERIFY, json={"verification_status": "FAILURE"})
    entries = ModelLogEntry.objects.count()

    assert webhook(client).status_code == 400
    assert client.post(WEBHOOK, EVENT, content_type="application/json").status_code == 400  # no signature headers

    assert Payment.objects.get().status == PaymentStatus.WAITING
    assert not ProcessorEvent.objects.exists()
    assert ModelLogEntry.objects.count() == entries


def test_paypal_not_answering_the_signature_check_asks_it_to_send_the_event_again(client, paypal, approved):
    paypal.replace(responses.POST, VERIFY, status=503, json={"name": "SERVICE_UNAVAILABLE"})

    assert webhook(client).status_code == 503
    assert not ProcessorEvent.objects.exists()


def test_a_refund_given_in_paypals_dashboard_is_recorded_once(client, paypal, approved):
    webhook(client)  # the capture completed: PayPal's capture id is known
    capture_id = json.loads(EVENT)["resource"]["id"]
    refunded = {
        "id": "WH-REFUND-1",
        "event_type": "PAYMENT.CAPTURE.REFUNDED",
        "resource": {
            "id": "1JU08902781691411",
            "status": "COMPLETED",
            "amount": {"currency_code": "USD", "value": "25.00"},
            "links": [{"rel": "up", "href": f"{API}/v2/payments/captures/{capture_id}"}],
        },
    }

    assert webhook(client, json.dumps(refunded)).status_code == 200
    assert webhook(client, json.dumps(refunded)).status_code == 200

    refund = Refund.objects.get()
    assert (refund.processor_refund_id, refund.amount, refund.status) == (
        "1JU08902781691411",
        Decimal("25.00"),
        "succeeded",
    )
    approved.refresh_from_db()
    assert approved.amount_paid == Decimal("60.00")


def test_the_paypal_webhook_of_a_site_without_paypal_is_not_found(client, settings):
    settings.PAYMENT_VARIANTS = {}

    assert webhook(client).status_code == 404
