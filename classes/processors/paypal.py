"""PayPal through its Orders v2 API: a django-payments provider that talks to PayPal and reports what it says.

django-payments' own PayPal provider speaks PayPal's deprecated v1 API and has no webhooks. This one creates an
order for a payment, sends the buyer to PayPal to approve it, captures it, refunds it, and has PayPal verify
the events its webhook receives. It never changes a payment's status: the payment service
(classes/services/payments.py) decides what PayPal's answers mean, with the payment locked.

Every call has a timeout, and every call that moves money a `PayPal-Request-Id`, so that doing it again (our
retry, or a buyer reloading the return page) does it once. PayPal remembers a request id for 6 hours.
"""

import json
from dataclasses import dataclass
from decimal import Decimal

import requests
from django.core.cache import cache
from payments import PaymentStatus, RedirectNeeded
from payments.core import BasicProvider

from . import ProcessorError, ProcessorNews, ProcessorRefund, RefundNews

CENT = Decimal("0.01")
TOKEN_MARGIN = 300  # seconds: an access token is renewed this long before PayPal would refuse it
APPROVAL_LINKS = ("payer-action", "approve")  # PayPal names the buyer's link either way
# What PayPal's verify-webhook-signature call asks for, and the request header each comes in.
SIGNATURE_HEADERS = {
    "auth_algo": "PayPal-Auth-Algo",
    "cert_url": "PayPal-Cert-Url",
    "transmission_id": "PayPal-Transmission-Id",
    "transmission_sig": "PayPal-Transmission-Sig",
    "transmission_time": "PayPal-Transmission-Time",
}


class InvalidWebhook(Exception):
    """A request to the webhook that PayPal did not sign: it tells us nothing."""


@dataclass(frozen=True)
class Capture:
    """Money PayPal took for an order. `status`: COMPLETED, PENDING, DECLINED, FAILED, REFUNDED..."""

    order_id: str
    capture_id: str
    status: str
    amount: Decimal
    currency: str


@dataclass(frozen=True)
class PayPalOrder:
    """An order as PayPal has it. `status`: CREATED, PAYER_ACTION_REQUIRED, APPROVED, COMPLETED, VOIDED..."""

    order_id: str
    status: str
    capture: Capture | None


class PayPalProvider(BasicProvider):
    """The variant's options: `client_id` and `secret` of the PayPal app, `endpoint` (PAYPAL_URL, the sandbox's or
    the live API), `webhook_id` (PAYPAL_WEBHOOK_ID) and `timeout`, in seconds, to connect and again to read."""

    def __init__(self, client_id, secret, endpoint, webhook_id, timeout=10):
        super().__init__()
        self.client_id = client_id
        self.secret = secret
        self.endpoint = endpoint.rstrip("/")
        self.webhook_id = webhook_id
        self.timeout = timeout
        self.session = requests.Session()

    # The buyer's way through PayPal

    def get_return_url(self, payment, extra_data=None, request=None):
        """Where PayPal sends the buyer who approved: our payment page, which takes the money when they confirm."""
        return payment.get_approval_return_url()

    def get_form(self, payment, data=None):
        """Off to PayPal to approve the payment. Its order is created once, however often the buyer comes here."""
        if not payment.transaction_id:
            payment.transaction_id, payment.attrs.approval_url = self.create_order(payment)
            payment.save(update_fields=["transaction_id", "extra_data"])
        raise RedirectNeeded(payment.attrs.approval_url)

    def create_order(self, payment):
        """A PayPal order for the payment's total: its id, and the address where the buyer approves it."""
        order = self._call(
            "POST",
            "/v2/checkout/orders",
            {
                "intent": "CAPTURE",
                "purchase_units": [
                    {
                        "reference_id": payment.token,
                        "custom_id": payment.order.reference,
                        "description": payment.description[:127],
                        "amount": money(payment.total, payment.currency),
                    }
                ],
                "payment_source": {
                    "paypal": {
                        "experience_context": {
                            "return_url": self.get_return_url(payment),
                            "cancel_url": payment.get_failure_url(),
                            "shipping_preference": "NO_SHIPPING",
                            "user_action": "PAY_NOW",
                        }
                    }
                },
            },
            request_id=f"create-{payment.token}",
        )
        approval_urls = [link["href"] for link in order.get("links", []) if link["rel"] in APPROVAL_LINKS]
        if not approval_urls:
            raise ProcessorError(f"PayPal created order {order['id']} with no link to approve it.", retryable=False)
        return order["id"], approval_urls[0]

    def capture(self, payment):
        """Take the money the buyer approved. However often this is asked for a payment, PayPal takes it once."""
        try:
            order = self._call("POST", f"{order_path(payment)}/capture", {}, request_id=f"capture-{payment.token}")
        except ProcessorError as error:
            if error.issue != "ORDER_ALREADY_CAPTURED":
                raise
            # Captured after PayPal forgot our request id: what it took is on the order.
            order = self._call("GET", order_path(payment))
        capture = capture_on(order)
        if capture is None:
            raise ProcessorError(f"PayPal answered the capture of order {order['id']} with none.", retryable=False)
        return capture

    def take_the_money(self, payment):
        """Capture the payment the buyer approved: the news of it (None while PayPal has it pending)."""
        return news_of_capture(self.capture(payment))

    def fetch_order(self, payment):
        """The payment's order as PayPal has it now, with what was captured (for reconciliation)."""
        order = self._call("GET", order_path(payment))
        return PayPalOrder(order_id=order["id"], status=order["status"], capture=capture_on(order))

    def news_of(self, payment):
        """What PayPal says of the payment's order now (for reconciliation: a webhook may have been lost); an order
        the buyer approved but that was never captured is captured now. None while the buyer has yet to approve."""
        order = self.fetch_order(payment)
        if order.status == "APPROVED":
            return self.take_the_money(payment)
        if order.status == "COMPLETED" and order.capture:
            return news_of_capture(order.capture)
        if order.status == "VOIDED":
            return ProcessorNews(
                f"lookup-{order.order_id}-VOIDED",
                "order voided",
                order.order_id,
                PaymentStatus.REJECTED,
                ends_the_hold=True,
            )
        return None

    def refund(self, payment, amount, *, key):
        """Give back `amount` of what PayPal captured. `key`, one for each refund, makes asking again harmless."""
        capture = self.fetch_order(payment).capture
        if capture is None:
            raise ProcessorError(f"PayPal took nothing for order {payment.transaction_id} to refund.", retryable=False)
        refund = self._call(
            "POST",
            f"/v2/payments/captures/{capture.capture_id}/refund",
            {"amount": money(amount, payment.currency), "custom_id": key},  # its webhook event then finds our refund
            request_id=key,
        )
        return ProcessorRefund(refund_id=refund["id"], status=refund["status"])

    # PayPal's webhook

    def verify_webhook(self, headers, body):
        """The event (a dict) in a request to our webhook, once PayPal says it signed it; else InvalidWebhook.

        `headers` are the request's (request.headers), `body` its bytes as they came.
        """
        signature = {field: headers.get(header, "") for field, header in SIGNATURE_HEADERS.items()}
        missing = [SIGNATURE_HEADERS[field] for field, value in signature.items() if not value]
        if missing:
            raise InvalidWebhook(f"The webhook request has no {', '.join(missing)} header.")
        try:
            event = json.loads(body)
        except ValueError:
            raise InvalidWebhook("The webhook request's body is not JSON.") from None
        if not isinstance(event, dict):
            raise InvalidWebhook("The webhook request's body is not an event.")
        # PayPal checks its signature against the event as it sent it, byte for byte: the body goes back as it
        # came, not as json.dumps would write it again.
        fields = json.dumps({**signature, "webhook_id": self.webhook_id})
        verification = fields[:-1].encode() + b', "webhook_event": ' + body + b"}"
        try:
            answer = self._call("POST", "/v1/notifications/verify-webhook-signature", verification)
        except ProcessorError as error:
            if error.status != 400:
                raise
            raise InvalidWebhook(f"PayPal refused to check the signature: {error}") from error
        if answer.get("verification_status") != "SUCCESS":
            raise InvalidWebhook(f"PayPal did not sign webhook event {event.get('id')}.")
        return event

    # Talking to PayPal

    def _call(self, method, path, body=None, *, request_id=None):
        """PayPal's answer to an API call. `body`: a dict, or JSON already written."""
        data = body if body is None or isinstance(body, bytes) else json.dumps(body).encode()
        headers = {"Content-Type": "application/json", "Prefer": "return=representation"}
        if request_id:
            headers["PayPal-Request-Id"] = request_id
        for _attempt in range(2):
            headers["Authorization"] = f"Bearer {self._access_token()}"
            response = self._send(method, path, data=data, headers=headers)
            if response.status_code != 401:
                break
            cache.delete(self._token_key)  # revoked, or expired early: once more with a new token
        return answer_of(response)

    def _access_token(self):
        token = cache.get(self._token_key)
        if token is None:
            grant = {"grant_type": "client_credentials"}
            answer = answer_of(self._send("POST", "/v1/oauth2/token", data=grant, auth=(self.client_id, self.secret)))
            token = answer["access_token"]
            cache.set(self._token_key, token, answer["expires_in"] - TOKEN_MARGIN)
        return token

    @property
    def _token_key(self):
        return f"paypal-access-token:{self.client_id}"

    def _send(self, method, path, **kwargs):
        try:
            return self.session.request(method, self.endpoint + path, timeout=self.timeout, **kwargs)
        except (requests.Timeout, requests.ConnectionError) as error:
            raise ProcessorError(f"PayPal did not answer {method} {path}: {error}", retryable=True) from error
        except requests.RequestException as error:
            raise ProcessorError(f"PayPal could not be asked {method} {path}: {error}", retryable=False) from error


def order_path(payment):
    if not payment.transaction_id:
        raise ProcessorError(f"Payment {payment.pk} has no PayPal order yet.", retryable=False)
    return f"/v2/checkout/orders/{payment.transaction_id}"


def money(amount, currency):
    return {"currency_code": currency, "value": str(Decimal(amount).quantize(CENT))}


def capture_on(order):
    """The order's capture, if PayPal took the money (our orders have one purchase unit, captured at most once)."""
    units = order.get("purchase_units", [])
    captures = [capture for unit in units for capture in unit.get("payments", {}).get("captures", [])]
    if not captures:
        return None
    capture = captures[0]
    return Capture(
        order_id=order["id"],
        capture_id=capture["id"],
        status=capture["status"],
        amount=Decimal(capture["amount"]["value"]),
        currency=capture["amount"]["currency_code"],
    )


def answer_of(response):
    """PayPal's answer as a dict, or a ProcessorError that says why not (retryable when PayPal is busy or failing)."""
    status = response.status_code
    try:
        answer = response.json()
    except ValueError:  # a proxy's error page, or a body cut short
        answer = None
    if response.ok and isinstance(answer, dict):
        return answer
    problem = answer if isinstance(answer, dict) else {}
    details = problem.get("details") or [{}]
    issue = details[0].get("issue") or problem.get("name") or problem.get("error")
    raise ProcessorError(
        f"PayPal answered {response.request.method} {response.request.path_url} with {status} {issue or ''}"
        f" (debug id {problem.get('debug_id')})",
        # PayPal failing or busy may do better later; so may an answer that came without its JSON.
        retryable=status >= 500 or status == 429 or response.ok,
        status=status,
        issue=issue,
    )


def news_in(event):
    """The news of a verified webhook event about a capture, or None for the events the school ignores (an order
    approved is not news but a prompt: the webhook takes the money, classes.views.webhooks)."""
    kind, resource = event.get("event_type"), event.get("resource") or {}
    statuses = {"PAYMENT.CAPTURE.COMPLETED": PaymentStatus.CONFIRMED, "PAYMENT.CAPTURE.DENIED": PaymentStatus.REJECTED}
    if kind not in statuses:
        return None
    order_id = resource.get("supplementary_data", {}).get("related_ids", {}).get("order_id")
    amount = resource.get("amount") or {}
    return ProcessorNews(
        event_id=event["id"],
        kind=kind,
        reference=order_id,
        status=statuses[kind],
        amount=Decimal(amount["value"]) if "value" in amount else None,
        currency=amount.get("currency_code"),
        charge_id=resource.get("id", ""),
    )


def news_of_capture(capture):
    """A capture's status as the payment's news; None while PayPal has it PENDING (its webhook says how it ends)."""
    status = {
        "COMPLETED": PaymentStatus.CONFIRMED,
        "DECLINED": PaymentStatus.REJECTED,
        "FAILED": PaymentStatus.REJECTED,
    }
    if capture.status not in status:
        return None
    return ProcessorNews(
        event_id=f"capture-{capture.capture_id}-{capture.status}",
        kind="capture",
        reference=capture.order_id,
        status=status[capture.status],
        amount=capture.amount,
        currency=capture.currency,
        charge_id=capture.capture_id,
    )


def refund_news_in(event):
    """The refund a verified PAYMENT.CAPTURE.REFUNDED event tells of (given by us, or in PayPal's dashboard)."""
    if event.get("event_type") != "PAYMENT.CAPTURE.REFUNDED":
        return []
    refund = event.get("resource") or {}
    captures = [
        link["href"].rstrip("/").rsplit("/", 1)[-1] for link in refund.get("links", []) if link.get("rel") == "up"
    ]
    return [
        RefundNews(
            charge_id=captures[0] if captures else "",
            refund_id=refund["id"],
            amount=Decimal(refund["amount"]["value"]),
            status=refund.get("status", ""),
            ours=refund.get("custom_id", ""),
        )
    ]


def dispute_in(event):
    """The capture a buyer disputed, for CUSTOMER.DISPUTE.CREATED; else None."""
    if event.get("event_type") != "CUSTOMER.DISPUTE.CREATED":
        return None
    transactions = (event.get("resource") or {}).get("disputed_transactions") or [{}]
    return transactions[0].get("seller_transaction_id")
