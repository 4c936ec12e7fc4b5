"""What happens to an order after it is placed (DESIGN §4): its online payment arrives, it is paid at the
door instead, staff take money at the door, or a registration is cancelled."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.models import ModelLogEntry

from accounts.credits import grant_credit
from classes import notifications
from classes.models import Order, OrderAdjustment, Payment, PaymentMethod, Registration
from classes.pricing import ZERO, quote
from hepcat.audit import record
from messaging.email import queue_after_commit

from .errors import CheckoutError, ClassFull
from .locking import lock_class_offers, lock_order, lock_registration
from .seats import seats_free
from .settlement import mark_paid_if_settled, settle_confirmed_order
from .waitlist import HOLD_EXPIRED, offer_freed_seats

WAITING_FOR_ONLINE_PAYMENT = (Order.Status.AWAITING_PAYMENT, Order.Status.EXPIRED)


def _unpaid_seats(order):
    """The order's seats still held for its online payment, and those whose hold ran out before it came."""
    return [
        registration
        for registration in order.registrations.all()
        if registration.status == Registration.Status.HELD
        or (registration.status == Registration.Status.CANCELLED and registration.cancel_reason == HOLD_EXPIRED)
    ]


def _still_held(registration, now):
    return registration.status == Registration.Status.HELD and registration.hold_expires_at > now


@transaction.atomic
def confirm_paid_order(order, now=None):
    """The payment for an online order arrived: confirm its seats (once, however often this is called).

    A seat whose hold ran out is confirmed if the class still has room; otherwise the money is kept,
    the registration is marked "paid, no seat", and the admins are told to sort it out.
    """
    return confirm_locked_order(lock_order(order), now)


def confirm_locked_order(order, now=None):
    """`confirm_paid_order` in a transaction that holds the order's row lock already (as update_payment does,
    having locked the payment with its order)."""
    now = now or timezone.now()
    if order.status not in WAITING_FOR_ONLINE_PAYMENT:
        return order
    class_offers = {offer.pk: offer for offer in lock_class_offers(order.registrations.values("class_offer"))}
    for registration in _unpaid_seats(order):
        class_offer = class_offers[registration.class_offer_id]
        if _still_held(registration, now) or seats_free(class_offer, now) > 0:
            registration.confirm(now)
            record(order, "classes.registration.confirmed", attendee=order.attendee, class_offer=class_offer)
        else:
            registration.mark_paid_no_seat()
            record(order, "classes.registration.paid_no_seat", class_offer=class_offer)
            transaction.on_commit(
                lambda registration=registration: notifications.tell_admins_paid_no_seat(registration)
            )
    order.status = Order.Status.CONFIRMED
    settle_confirmed_order(order, now)
    return order


@transaction.atomic
def pay_at_the_door_instead(order, on=None, *, by=None):
    """An online payment didn't go through: keep the seats, and pay the door price at the first class."""
    now, on = timezone.now(), on or timezone.localdate()
    order = lock_order(order)
    if order.status not in WAITING_FOR_ONLINE_PAYMENT:
        raise CheckoutError("This order is not waiting for an online payment.")
    class_offers = {offer.pk: offer for offer in lock_class_offers(order.registrations.values("class_offer"))}
    unpaid = _unpaid_seats(order)
    for registration in unpaid:
        class_offer = class_offers[registration.class_offer_id]
        if not _still_held(registration, now) and seats_free(class_offer, now) <= 0:
            raise ClassFull(class_offer)
    credit_holder = order.attendee if order.credit_applied else None
    priced = quote([class_offers[r.class_offer_id] for r in unpaid], attendee=credit_holder, online=False, on=on)
    lines = {line.offer.pk: line for line in priced.lines}
    for registration in unpaid:
        registration.pre_pay_discount = ZERO
        registration.multi_class_discount = lines[registration.class_offer_id].multi_class_discount
        registration.confirm(now)
        record(
            order,
            "classes.registration.confirmed",
            by=by,
            attendee=order.attendee,
            class_offer=class_offers[registration.class_offer_id],
        )
    order.method, order.status = PaymentMethod.DOOR, Order.Status.CONFIRMED
    order.pre_pay_discount = ZERO
    order.multi_class_discount = sum((line.multi_class_discount for line in lines.values()), ZERO)
    order.total = order.door_total
    record(order, "classes.door_instead", by=by, total=order.total)
    settle_confirmed_order(order, now)
    return order


@transaction.atomic
def record_door_payment(order, amount, *, by=None):
    """Staff took money at the door for an order. An order still waiting for its online payment
    becomes an order paid at the door (at the door price) and its seats are confirmed."""
    if amount <= 0:
        raise CheckoutError("Enter the amount received, more than zero.")
    order = lock_order(order)
    if order.status in (Order.Status.CANCELLED, Order.Status.WAITLIST):
        raise CheckoutError(f"Order {order.reference} has no seats to pay for: give credit or a refund instead.")
    if order.status in WAITING_FOR_ONLINE_PAYMENT:
        order = pay_at_the_door_instead(order, by=by)
    Payment.objects.create(
        order=order,
        variant=PaymentMethod.DOOR,
        status="confirmed",
        currency=settings.CURRENCY,
        total=amount,
        captured_amount=amount,
        description=f"Paid at the door for order {order.reference}",
        recorded_by=by,
    )
    record(order, "classes.payment.door", by=by, amount=amount)
    mark_paid_if_settled(order)
    queue_after_commit(notifications.send_receipt_of, order.pk, str(amount))
    return order


@transaction.atomic
def cancel_registration(registration, *, refund_as_credit=False, by=None, reason="Cancelled by the school"):
    """Cancel a registration: its seat is freed, and the order no longer charges for it.

    With `refund_as_credit`, what the payer has overpaid as a result goes to the attendee's credit
    instead of being refunded.
    """
    registration = lock_registration(registration)
    if registration.status == Registration.Status.CANCELLED:
        raise CheckoutError("This registration is already cancelled.")
    was_charged = registration.status != Registration.Status.WAITLISTED
    registration.cancel(timezone.now(), reason)

    order = registration.order
    taken_off = registration.line_total if was_charged else ZERO
    if taken_off > 0:
        OrderAdjustment.objects.create(
            order=order, amount=taken_off, reason=f"Cancelled {registration.class_offer}", created_by=by
        )
    record(
        order,
        "classes.registration.cancelled",
        by=by,
        attendee=registration.attendee,
        class_offer=registration.class_offer,
        reason=reason,
        amount=taken_off,
    )
    overpaid = -order.amount_owed
    credited = overpaid if refund_as_credit and overpaid > 0 else ZERO
    if credited:
        grant_credit(
            registration.attendee, credited, f"Refund as credit for {registration.class_offer}", by=by, order=order
        )
    queue_after_commit(notifications.send_cancellation_of, registration.pk, str(credited))
    if not order.registrations.active().exists():
        order.status = Order.Status.CANCELLED
        order.save(update_fields=["status"])
    transaction.on_commit(lambda: offer_freed_seats(registration.class_offer))
    return registration


@transaction.atomic
def keep_overpayment_as_credit(order, *, by=None):
    """What the order was paid beyond what it now costs (a class cancelled) goes to the attendee's credit instead
    of being refunded. Returns the credit given."""
    order = lock_order(order)
    overpaid = -order.amount_owed
    if overpaid <= 0:
        raise CheckoutError(f"Order {order.reference} was not paid more than it costs.")
    grant_credit(order.attendee, overpaid, f"Overpayment of order {order.reference} kept as credit", by=by, order=order)
    return overpaid


REMINDER_GAP = timedelta(hours=1)


@transaction.atomic
def remind_to_pay(order, *, by=None):
    """Email the payer what the order still owes; one reminder an hour at most, however often it is asked."""
    order = lock_order(order)
    owed = order.amount_owed
    if owed <= 0:
        raise CheckoutError(f"Order {order.reference} owes nothing.")
    recent = ModelLogEntry.objects.filter(
        action="classes.order.reminded", object_id=str(order.pk), timestamp__gt=timezone.now() - REMINDER_GAP
    )
    if recent.exists():
        raise CheckoutError("A reminder went out less than an hour ago.")
    record(order, "classes.order.reminded", by=by, payer=order.payer.email, amount=owed)
    queue_after_commit(notifications.send_payment_reminder_of, order.pk)
    return owed


def add_note(order, note, *, by):
    """A note of the staff's on the order, in its history (what was done about it, what is awaited)."""
    record(order, "classes.order.note", by=by, note=note)
