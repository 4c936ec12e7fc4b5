"""Online payments through django-payments: starting one for an order, and recording the outcome."""

import logging

from django.conf import settings
from django.db import transaction
from payments import PaymentStatus

from classes import notifications
from classes.models import Order, Payment, PaymentMethod
from hepcat.audit import record

from .locking import lock_payment
from .orders import confirm_locked_order
from .settlement import mark_paid_if_settled

logger = logging.getLogger(__name__)


def start_online_payment(order, *, request=None):
    """A payment for what the order still owes, through the order's online method."""
    variant = order.method if order.method in settings.PAYMENT_VARIANTS else "dummy"
    return Payment.objects.create(
        order=order,
        variant=variant,
        currency=settings.CURRENCY,
        total=order.amount_owed,
        description=f"Classes, order {order.reference}",
        billing_first_name=order.payer.first_name,
        billing_last_name=order.payer.last_name,
        billing_email=order.payer.email,
        customer_ip_address=request.META.get("REMOTE_ADDR") if request else None,
    )


@transaction.atomic
def record_payment(payment):
    """A payment's status changed. Once it is confirmed for the right amount and currency, the order is too.

    Called for every status change, in any order and any number of times: an order is confirmed once,
    and a payment that doesn't match is left for the admins rather than confirming the seats.
    """
    signalled, payment = payment, lock_payment(payment)  # and its order
    if payment.status != PaymentStatus.CONFIRMED:
        return
    order = payment.order
    if not payment.captured_amount:
        payment.captured_amount = payment.total  # the processor confirmed the whole payment
        payment.save(update_fields=["captured_amount"])
        # The provider goes on to save its own copy of the payment: keep that copy up to date too.
        signalled.captured_amount = payment.captured_amount
        record(
            order,
            "classes.payment.online",
            amount=payment.captured_amount,
            method=dict(PaymentMethod.choices).get(payment.variant, payment.variant),
        )
    if payment.currency != settings.CURRENCY or payment.captured_amount < payment.total:
        logger.warning("Payment %s for order %s does not match it", payment.pk, order.reference)
        record(order, "classes.payment.mismatch", amount=payment.captured_amount, currency=payment.currency)
        transaction.on_commit(lambda: notifications.tell_admins_payment_mismatch(payment))
        return
    if order.status in (Order.Status.AWAITING_PAYMENT, Order.Status.EXPIRED):
        order = confirm_locked_order(order)
    mark_paid_if_settled(order)
