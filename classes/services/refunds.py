"""Giving money back (DESIGN §4): a refund of an order, full or partial, through the processor that took the
payment, or in cash for a payment taken at the door.

A refund is a row first, written with the order locked, so that what is refunded never comes to more than
what was received, and the same form sent twice (its `request_key`) refunds once. Then the processor is asked,
outside the lock, with an idempotency key made from the row, so that asking again refunds once too.
"""

from decimal import Decimal

from django.db import transaction
from django.db.models import F, Q, Sum
from payments import PaymentError, PaymentStatus
from payments.core import provider_factory

from classes import notifications
from classes.models import PaymentMethod, Refund
from classes.processors import ProcessorError, ProcessorRefund
from hepcat.audit import record

from .errors import CheckoutError
from .locking import lock_order
from .payments import payment_of

# Money the school hands over itself: nothing to ask a processor (the test payments take none either).
REFUNDED_BY_HAND = {PaymentMethod.DOOR, PaymentMethod.DUMMY}
HANDED_OVER = ProcessorRefund(refund_id="", status="COMPLETED")
GIVEN = {"COMPLETED", "SUCCEEDED"}  # PayPal's word for it, and Stripe's
STATUSES = {
    **dict.fromkeys(GIVEN, Refund.Status.SUCCEEDED),
    **dict.fromkeys(["FAILED", "CANCELLED", "CANCELED"], Refund.Status.FAILED),
}


def refund_order(order, amount, *, request_key, by=None, reason="Refunded by the school"):
    """Give `amount` back on the order, from the latest payment that received that much; the refund, as it ended
    (a double click gets the first click's). Raises CheckoutError when it can't be given, or the processor
    refused it (the refund is then marked failed, and refunds nothing)."""
    refund, new = open_refund(order, amount, request_key=request_key, by=by, reason=reason)
    if not new:
        return refund
    try:
        given = give(refund)
    except PaymentError as error:  # the processors' ProcessorError among them
        if isinstance(error, ProcessorError) and error.retryable:
            # The processor may have refunded all the same: the refund stays pending (and counted), for its
            # webhook or a person to settle (classes.admin.reviews lists it).
            finish(refund, Refund.Status.PENDING, message=str(error))
            raise CheckoutError(f"The processor didn't answer: the refund is pending. {error}") from error
        finish(refund, Refund.Status.FAILED, message=str(error))
        raise CheckoutError(f"The refund was refused: {error}") from error
    finish(refund, STATUSES.get(given.status.upper(), Refund.Status.PENDING), processor_refund_id=given.refund_id)
    return refund


@transaction.atomic
def open_refund(order, amount, *, request_key, by, reason):
    """The refund's row, and whether it is new: the order locked while what it may still give back is counted."""
    order = lock_order(order)
    if existing := Refund.objects.filter(request_key=request_key).first():
        return existing, False
    if amount <= 0:
        raise CheckoutError("Enter the amount to refund, more than zero.")
    payment = refundable_payment(order, amount)
    refund = Refund.objects.create(
        payment=payment, amount=amount, request_key=request_key, created_by=by, reason=reason
    )
    record(order, "classes.refund.started", by=by, amount=amount, method=PaymentMethod(payment.variant).label)
    return refund, True


def refundable_payment(order, amount):
    """The latest payment of the order that still has `amount` to give back (received, less refunded)."""
    given_back = Sum("refunds__amount", filter=~Q(refunds__status=Refund.Status.FAILED), default=Decimal("0"))
    payments = (
        order.payments.filter(status=PaymentStatus.CONFIRMED)
        .annotate(left=F("captured_amount") - given_back)
        .order_by("-created", "-pk")
    )
    for payment in payments:
        if payment.left >= amount:
            return payment
    most = max((payment.left for payment in payments), default=0)
    raise CheckoutError(f"At most {most:.2f} can be refunded from one payment of this order.")


def give(refund):
    """Ask the payment's processor for the money back; cash at the door is handed over by the school."""
    payment = refund.payment
    if payment.variant in REFUNDED_BY_HAND:
        return HANDED_OVER
    provider = provider_factory(payment.variant, payment)
    return provider.refund(payment, refund.amount, key=refund.idempotency_key)


@transaction.atomic
def finish(refund, status, *, processor_refund_id="", message=""):
    refund.status, refund.processor_refund_id, refund.message = status, processor_refund_id, message
    refund.save(update_fields=["status", "processor_refund_id", "message"])
    record_outcome(refund)


def record_outcome(refund):
    """The refund's outcome in the order's history; the payer is told of one given, or accepted by the
    processor (it has the processor's id)."""
    actions = {Refund.Status.FAILED: "classes.refund.failed", Refund.Status.PENDING: "classes.refund.pending"}
    action = actions.get(refund.status, "classes.refund.given")
    record(refund.order, action, by=refund.created_by, amount=refund.amount, message=refund.message)
    if refund.status == Refund.Status.SUCCEEDED or (
        refund.status == Refund.Status.PENDING and refund.processor_refund_id
    ):
        notifications.refund_notice_after_commit(refund)


def record_processor_refunds(variant, refunds):
    """Refunds a processor says it gave (classes.processors.RefundNews): one of ours gets its processor's id and
    status; one given in the processor's dashboard is recorded, once."""
    for news in refunds:
        record_processor_refund(variant, news)


@transaction.atomic
def record_processor_refund(variant, news):
    payment = payment_of(variant, charge_id=news.charge_id)
    if payment is None:
        return None
    lock_order(payment.order)
    ours = Refund.objects.with_idempotency_key(news.ours)
    refund = ours or Refund.objects.filter(payment=payment, processor_refund_id=news.refund_id).first()
    status = STATUSES.get(news.status.upper(), Refund.Status.PENDING)
    if refund is None:
        refund = Refund.objects.create(
            payment=payment,
            amount=news.amount,
            status=status,
            processor_refund_id=news.refund_id,
            reason=f"Refunded through {PaymentMethod(payment.variant).label}",
        )
        record_outcome(refund)
    elif (refund.status, refund.processor_refund_id) != (status, news.refund_id):
        refund.status, refund.processor_refund_id = status, news.refund_id
        refund.save(update_fields=["status", "processor_refund_id"])
    return refund
