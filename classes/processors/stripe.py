"""Stripe Checkout (django-payments' StripeProviderV3), with what the school needs on top: one line for what the
order owes, in the school's currency, a session that expires no later than the seats held for it, and the
webhook's signed events read into what the payment service applies (classes.services.payments).

Like the PayPal provider, this reports what Stripe says and changes no payment's status itself.
"""

import datetime
from decimal import Decimal

import stripe
from django.utils.dateparse import parse_datetime
from payments import PaymentError, PaymentStatus
from payments.stripe.providers import StripeProviderV3, zero_decimal_currency

from . import ProcessorError, ProcessorNews, ProcessorRefund, RefundNews

# Stripe keeps a Checkout Session open for 30 minutes at least (and 24 hours at most).
SHORTEST_SESSION = datetime.timedelta(minutes=30)
SIGNATURE_TOLERANCE = 300  # seconds: an older signed event is refused (a replay)


class StripeCheckoutProvider(StripeProviderV3):
    shortest_session = SHORTEST_SESSION  # the payment service holds the seats at least that long

    def create_session(self, payment):
        """The Checkout Session of a payment attempt, made once however often it is asked for (Stripe's
        idempotency key is the attempt's token). It expires when the payment service said the seats are held
        until (`payment.attrs.pay_by`)."""
        if payment.transaction_id:
            raise PaymentError("This payment has already been processed.")
        pay_by = parse_datetime(payment.attrs.pay_by)
        try:
            session = stripe.checkout.Session.create(
                api_key=self.api_key,
                idempotency_key=f"session-{payment.token}",
                mode="payment",
                line_items=self.get_line_items(payment),
                success_url=payment.get_success_url(),
                cancel_url=payment.get_failure_url(),
                client_reference_id=payment.token,
                customer_email=payment.billing_email or None,
                expires_at=int(pay_by.timestamp()),
                metadata={"order": payment.order.reference},
            )
        except stripe.StripeError as error:
            raise processor_error(error) from error
        return session.to_dict()  # kept in the payment's attrs, which are JSON

    def refund(self, payment, amount=None, *, key=None):
        """Give back `amount` of what the session took. `key`, one for each refund of ours, makes asking again
        harmless."""
        try:
            payment_intent = (
                payment.charge_id
                or stripe.checkout.Session.retrieve(payment.transaction_id, api_key=self.api_key)["payment_intent"]
            )
            refund = stripe.Refund.create(
                api_key=self.api_key,
                idempotency_key=key,
                payment_intent=payment_intent,
                amount=self.convert_amount(payment.currency, amount),
                metadata={"hepcat_refund": key},  # its webhook event then finds our refund
            )
        except stripe.StripeError as error:
            raise processor_error(error) from error
        return ProcessorRefund(refund_id=refund["id"], status=refund["status"])

    def news_of(self, payment):
        """What Stripe says of the payment's session now (for reconciliation: a webhook may have been lost), as
        its webhook would have said it; None while it is still open."""
        try:
            session = stripe.checkout.Session.retrieve(payment.transaction_id, api_key=self.api_key)
        except stripe.StripeError as error:
            raise processor_error(error) from error
        kind = {"complete": "checkout.session.completed", "expired": "checkout.session.expired"}.get(session["status"])
        if kind is None:
            return None
        return news_in({"id": f"lookup-{session['id']}-{session['status']}", "type": kind, "data": {"object": session}})

    def get_line_items(self, payment):
        """One line: what the order owes now, its discounts and credit already taken off."""
        return [
            {
                "quantity": 1,
                "price_data": {
                    "currency": payment.currency.lower(),
                    "unit_amount": self.convert_amount(payment.currency, payment.total),
                    "product_data": {"name": f"Classes, order {payment.order.reference}"},
                },
            }
        ]


def processor_error(error):
    """A Stripe error as ours: unreachable, busy or failing, Stripe may do it the next time (and may have done
    it this time: every call that moves money carries an idempotency key, so asking again is safe)."""
    retryable = isinstance(error, stripe.APIConnectionError | stripe.RateLimitError) or (error.http_status or 0) >= 500
    return ProcessorError(str(error), retryable=retryable, status=error.http_status)


def from_minor_units(amount, currency):
    """Stripe's amounts are in cents, or in whole units of a currency without them (as convert_amount)."""
    return Decimal(amount) / (1 if currency.lower() in zero_decimal_currency else 100)


class InvalidEvent(Exception):
    """Not an event Stripe signed with our secret in the last five minutes."""


def verified_event(body, signature, secret):
    """The event as a plain dict, once its signature is checked."""
    try:
        event = stripe.Webhook.construct_event(body, signature or "", secret, tolerance=SIGNATURE_TOLERANCE)
    except (ValueError, stripe.SignatureVerificationError) as error:
        raise InvalidEvent(str(error)) from error
    return event.to_dict()


def news_in(event):
    """The news of a verified event about a Checkout Session, or None for the events the school ignores."""
    kind = event["type"]
    session = event["data"]["object"]
    if kind in ("checkout.session.completed", "checkout.session.async_payment_succeeded"):
        if session.get("payment_status") not in ("paid", "no_payment_required"):
            return None  # paid later: async_payment_succeeded or _failed follows
        currency = (session.get("currency") or "").upper()
        amount = from_minor_units(session.get("amount_total") or 0, currency)
        charge_id = session.get("payment_intent") or ""
        return ProcessorNews(event["id"], kind, session["id"], PaymentStatus.CONFIRMED, amount, currency, charge_id)
    if kind == "checkout.session.async_payment_failed":
        return ProcessorNews(event["id"], kind, session["id"], PaymentStatus.REJECTED)
    if kind == "checkout.session.expired":
        return ProcessorNews(event["id"], kind, session["id"], PaymentStatus.REJECTED, ends_the_hold=True)
    return None


REFUND_EVENTS = {"refund.created", "refund.updated", "charge.refund.updated"}


def refund_news_in(event):
    """The refunds a verified event tells of (given by us, or in Stripe's dashboard): none for other events."""
    kind, thing = event["type"], event["data"]["object"]
    if kind in REFUND_EVENTS:
        refunds = [thing]
    elif kind == "charge.refunded":
        refunds = [
            {**refund, "payment_intent": thing.get("payment_intent")}
            for refund in thing.get("refunds", {}).get("data", [])
        ]
    else:
        return []
    return [
        RefundNews(
            charge_id=refund.get("payment_intent") or "",
            refund_id=refund["id"],
            amount=from_minor_units(refund["amount"], refund.get("currency") or "usd"),
            status=refund.get("status", ""),
            ours=(refund.get("metadata") or {}).get("hepcat_refund", ""),
        )
        for refund in refunds
    ]


def dispute_in(event):
    """The payment intent a customer disputed, for `charge.dispute.created`; else None."""
    if event["type"] != "charge.dispute.created":
        return None
    return event["data"]["object"].get("payment_intent") or None
