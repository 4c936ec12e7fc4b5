"""The payment service (DESIGN §4): every change to an online payment goes through here, from whichever path
brings the news (the processor's return page, its webhook, a poll, reconciliation, the admin).

django-payments reports each status through Payment.change_status, which comes here too. Each update locks
the payment's row (with its order), applies the transition table below, applies a processor's event once
(ProcessorEvent), and checks the amount and currency before an order is confirmed. What follows a payment
confirmed (the order's seats confirmed, its credit used, a referral rewarded, the confirmation sent) happens
once, as the payment becomes confirmed, and the mail leaves after the commit.
"""

import logging
import uuid

from django.conf import settings
from django.db import IntegrityError, transaction
from payments import PaymentStatus, RedirectNeeded

from classes import notifications
from classes.models import Order, Payment, PaymentMethod, ProcessorEvent
from hepcat.audit import record

from .errors import CheckoutError
from .locking import lock_order, lock_payment
from .orders import confirm_locked_order
from .settlement import mark_paid_if_settled

logger = logging.getLogger(__name__)

WAITING, INPUT, PREAUTH = PaymentStatus.WAITING, PaymentStatus.INPUT, PaymentStatus.PREAUTH
CONFIRMED, REJECTED, ERROR = PaymentStatus.CONFIRMED, PaymentStatus.REJECTED, PaymentStatus.ERROR
REFUNDED, CANCELLED = PaymentStatus.REFUNDED, PaymentStatus.CANCELLED

# What a payment may become from each status. Money taken is never forgotten: a confirmed payment only ever
# becomes refunded, and a payment that was given up on is confirmed if the money arrives after all.
NEXT_STATUSES = {
    WAITING: {INPUT, PREAUTH, CONFIRMED, REJECTED, ERROR, CANCELLED},
    INPUT: {WAITING, PREAUTH, CONFIRMED, REJECTED, ERROR, CANCELLED},
    PREAUTH: {CONFIRMED, REJECTED, ERROR, REFUNDED},
    ERROR: {WAITING, INPUT, PREAUTH, CONFIRMED, REJECTED, CANCELLED},
    REJECTED: {CONFIRMED},
    CANCELLED: {CONFIRMED},
    CONFIRMED: {REFUNDED},
    REFUNDED: set(),
}
OPEN_STATUSES = {WAITING, INPUT}


@transaction.atomic
def start_online_payment(order, *, request=None):
    """The order's one open payment attempt for what it still owes, through its online method: the open one if
    it has one (a checkout sent again, a second tab), else a new one."""
    if order.method not in settings.PAYMENT_VARIANTS:
        raise CheckoutError("Paying online isn't available at the moment: please choose to pay at the door.")
    order = lock_order(order)
    if open_attempt := order.payments.filter(variant=order.method, status__in=OPEN_STATUSES).first():
        return open_attempt
    return Payment.objects.create(
        # Given here, django-payments doesn't look for a free token in the database on saving.
        token=str(uuid.uuid4()),
        order=order,
        variant=order.method,
        currency=settings.CURRENCY,
        total=order.amount_owed,
        description=f"Classes, order {order.reference}",
        billing_first_name=order.payer.first_name,
        billing_last_name=order.payer.last_name,
        billing_email=order.payer.email,
        customer_ip_address=request.META.get("REMOTE_ADDR") if request else None,
    )


@transaction.atomic
def next_payment_step(order, *, data=None, request=None):
    """Go on paying the order online: the processor's address to send the payer to (a str), or its form to fill
    in on our page (the test payments; `data` is that form sent back). The order's row stays locked meanwhile,
    so that a checkout sent ten times at once asks the processor for one payment."""
    payment = start_online_payment(order, request=request)
    try:
        return payment, payment.get_form(data=data)
    except RedirectNeeded as redirect_to:
        return payment, str(redirect_to)


@transaction.atomic
def update_payment(payment, status, *, message="", event_id=None, event_kind="", amount=None, currency=None):
    """What the processor says of a payment: its new `status`, and for a confirmed one the `amount` and
    `currency` it took (by default the payment's own). `event_id`: the processor's id of the event that says
    so; the same event applied again changes nothing. Returns the payment as it now is, and brings the
    caller's copy up to date (django-payments goes on using it)."""
    locked = lock_payment(payment)
    if event_id is not None and not first_time(locked, event_id, event_kind):
        return _updated(payment, locked)
    if status == locked.status or status not in NEXT_STATUSES[locked.status]:
        if status != locked.status:
            logger.info("Payment %s stays %s: %s does not follow it", locked.pk, locked.status, status)
        return _updated(payment, locked)
    locked.status, locked.message = status, message
    if status == CONFIRMED:
        locked.captured_amount = locked.total if amount is None else amount
    locked.save(update_fields=Payment.WRITTEN_BY_THE_PAYMENT_SERVICE)
    if status == CONFIRMED:
        payment_confirmed(locked, currency or locked.currency)
    return _updated(payment, locked)


def first_time(payment, event_id, kind):
    """Note the processor's event; False if it was applied before."""
    try:
        with transaction.atomic():
            ProcessorEvent.objects.create(processor=payment.variant, event_id=event_id, kind=kind, payment=payment)
    except IntegrityError:
        return False
    return True


def _updated(payment, locked):
    for name in Payment.WRITTEN_BY_THE_PAYMENT_SERVICE:
        setattr(payment, name, getattr(locked, name))
    return locked


def payment_confirmed(payment, currency):
    """The processor took the money: confirm the order if it is what the order asked for, or else leave it for
    the admins, who are told once."""
    order = payment.order
    record(
        order,
        "classes.payment.online",
        amount=payment.captured_amount,
        method=dict(PaymentMethod.choices).get(payment.variant, payment.variant),
    )
    if currency != settings.CURRENCY or payment.captured_amount != payment.total:
        logger.warning("Payment %s for order %s does not match it", payment.pk, order.reference)
        record(order, "classes.payment.mismatch", amount=payment.captured_amount, currency=currency)
        transaction.on_commit(lambda: notifications.tell_admins_payment_mismatch(payment))
        return
    if order.status in (Order.Status.AWAITING_PAYMENT, Order.Status.EXPIRED):
        order = confirm_locked_order(order)
    mark_paid_if_settled(order)
