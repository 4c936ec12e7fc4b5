"""The payment service (DESIGN §4): every change to an online payment goes through here, from whichever path
brings the news (the processor's return page, its webhook, a poll, reconciliation, the admin).

django-payments reports each status through Payment.change_status, which comes here too. Each update locks
the payment's row (with its order), applies the transition table below, applies a processor's event once
(ProcessorEvent), and checks the amount and currency before an order is confirmed. What follows a payment
confirmed (the order's seats confirmed, its credit used, a referral rewarded, the confirmation sent) happens
once, as the payment becomes confirmed, and the mail leaves after the commit.
"""

import datetime
import logging
import uuid

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from payments import PaymentStatus, RedirectNeeded
from payments.core import provider_factory

from classes import notifications
from classes.models import Order, Payment, PaymentMethod, ProcessorEvent, Registration
from hepcat.audit import record

from .errors import CheckoutError
from .locking import lock_order, lock_payment
from .orders import confirm_locked_order
from .seats import hold_until
from .settlement import mark_paid_if_settled
from .waitlist import release_held_seats

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
TIME_TO_ASK = datetime.timedelta(minutes=1)


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
    hold_while_paying(payment, timezone.now())
    try:
        return payment, payment.get_form(data=data)
    except RedirectNeeded as redirect_to:
        return payment, str(redirect_to)


def hold_while_paying(payment, now):
    """A processor whose payment page stays open a while (Stripe Checkout's, 30 minutes at least) closes it when
    the seats stop being held (`payment.attrs.pay_by`): the seats still held are kept that long at least, but
    never more than one such page beyond the hold the checkout gave, however often the payer starts again."""
    shortest = getattr(provider_factory(payment.variant, payment), "shortest_session", None)
    if shortest is None or payment.transaction_id:
        return
    held = [r for r in payment.order.registrations.all() if r.status == Registration.Status.HELD]
    if not held or any(registration.hold_expires_at <= now for registration in held):
        raise CheckoutError("The seats held for this order have been let go: you can still pay at the door.")
    # A minute more than the processor's shortest, for the time it takes to ask it.
    pay_by = max(min(registration.hold_expires_at for registration in held), now + shortest + TIME_TO_ASK)
    longest_hold = hold_until(payment.order.created_at) + shortest + TIME_TO_ASK
    if pay_by > longest_hold:
        raise CheckoutError(
            "Your seats can't be held for another card payment: please choose to pay at the door instead."
        )
    for registration in held:
        if registration.hold_expires_at < pay_by:
            registration.hold(pay_by)
            record(payment.order, "classes.seat.held", class_offer=registration.class_offer, until=pay_by)
    payment.attrs.pay_by = pay_by.isoformat()
    payment.save()


@transaction.atomic
def update_payment(
    payment,
    status,
    *,
    message="",
    event_id=None,
    event_kind="",
    amount=None,
    currency=None,
    charge_id="",
    let_go_of_seats=False,
):
    """What the processor says of a payment: its new `status`, and for a confirmed one the `amount` and
    `currency` it took (by default the payment's own). `event_id`: the processor's id of the event that says
    so; the same event applied again changes nothing. `charge_id`: what the processor knows the money taken by
    (its refunds and disputes name it). `let_go_of_seats`: the processor closed the payment page
    unpaid, so the seats held for it are released (unless the order paid, or has another attempt open).
    Returns the payment as it now is, and brings the caller's copy up to date (django-payments goes on using
    it)."""
    locked = lock_payment(payment)
    if event_id is not None and not first_time(locked, event_id, event_kind):
        return _updated(payment, locked)
    if let_go_of_seats and locked.status != CONFIRMED and not other_open_attempts(locked).exists():
        release_held_seats(locked.order)
    if status == locked.status or status not in NEXT_STATUSES[locked.status]:
        if status != locked.status:
            logger.info("Payment %s stays %s: %s does not follow it", locked.pk, locked.status, status)
        return _updated(payment, locked)
    locked.status, locked.message = status, message
    if status == CONFIRMED:
        locked.captured_amount = locked.total if amount is None else amount
        locked.charge_id = charge_id or locked.charge_id
    locked.save(update_fields=Payment.WRITTEN_BY_THE_PAYMENT_SERVICE)
    if status == CONFIRMED:
        payment_confirmed(locked, currency or locked.currency)
    return _updated(payment, locked)


def other_open_attempts(payment):
    return payment.order.payments.filter(status__in=OPEN_STATUSES).exclude(pk=payment.pk)


def payment_of(variant, **known_by):
    """Our payment that the processor knows by what `known_by` gives (its page's or order's id, `transaction_id`;
    the money's, `charge_id`), or None for none of ours."""
    if not all(known_by.values()):
        return None
    return Payment.objects.filter(variant=variant, **known_by).first()


def apply_processor_news(variant, news):
    """What one of a processor's events says (classes.processors.ProcessorNews), applied to our payment it is
    about; None if it is about none of ours."""
    payment = payment_of(variant, transaction_id=news.reference)
    return None if payment is None else apply_news(payment, news)


def apply_news(payment, news):
    return update_payment(
        payment,
        news.status,
        message=news.kind,
        event_id=news.event_id,
        event_kind=news.kind,
        amount=news.amount,
        currency=news.currency,
        charge_id=news.charge_id,
        let_go_of_seats=news.ends_the_hold,
    )


@transaction.atomic
def record_dispute(variant, charge_id, event_id):
    """The payer disputed a payment with their bank: noted on the order, once, and the admins told (the order is
    then among the orders to look at)."""
    payment = payment_of(variant, charge_id=charge_id)
    if payment is None:
        return None
    locked = lock_payment(payment)
    if first_time(locked, event_id, ProcessorEvent.DISPUTE):
        record(locked.order, "classes.payment.disputed", amount=locked.captured_amount)
        transaction.on_commit(lambda: notifications.tell_admins_payment_disputed(locked))
    return locked


def take_approved_payment(payment):
    """The payer approved the payment on the processor's page (PayPal): take the money, and apply what was taken.
    Asked again (the return page sent twice, the webhook meanwhile), the processor takes it once, and what it
    took is applied once. Raises the processor's error when it can't (classes.processors.paypal)."""
    news = provider_factory(payment.variant, payment).take_the_money(payment)  # a call to the processor: no lock
    return payment if news is None else apply_news(payment, news)  # None: pending, the webhook says how it ends


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
