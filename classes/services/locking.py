"""The one place rows are locked (as pretix locks its quotas).

Every change to who holds a seat or what is owed runs inside one transaction with the rows it
depends on locked, always in the same order, so that two of them never deadlock and never both take the
last seat: first the existing order, with its payment or registration (a payment confirmed, a seat
claimed or cancelled, a refund); then its class offers, by id; then the student's credit. A checkout makes
a new order, which nobody else can be holding, and so starts with the class offers. A check-in locks one
registration; a walk-in's check-in, the registration its checkout has just made, which nobody else can see yet.
"""

from django.db import transaction

from accounts.models import User
from classes.models import ClassOffer, Order, Payment, Registration


class NotInTransaction(RuntimeError):
    """A lock outside a transaction would be released at once: refuse, so that the mistake shows."""


def _locking(queryset, **lock):
    if not transaction.get_connection().in_atomic_block:
        raise NotInTransaction(f"Lock {queryset.model.__name__} rows inside transaction.atomic().")
    return queryset.select_for_update(**lock)


def lock_class_offers(class_offer_ids):
    """The class offers, locked until the transaction ends (in a fixed order, so checkouts can't deadlock). Their
    subjects and sessions come along unlocked: a checkout must not hold up an edit of the subject's page."""
    queryset = ClassOffer.objects.filter(pk__in=class_offer_ids).select_related("subject", "session").order_by("pk")
    return list(_locking(queryset, of=("self",)))


def lock_order(order):
    return _locking(Order.objects.filter(pk=order.pk)).get()


def lock_registration(registration):
    queryset = Registration.objects.filter(pk=registration.pk)
    return _locking(queryset).select_related("order", "attendee", "class_offer__subject").get()


def lock_registration_for_check_in(registration):
    """The registration, locked (and only it: a check-in holds up no payment of its order). Every mark of a
    student at a meeting is written holding it, so two devices marking the same student take turns, and the
    second, once let through, reads the first one's committed mark (each statement reads afresh in PostgreSQL's
    READ COMMITTED) and changes it rather than adding a second."""
    queryset = Registration.objects.filter(pk=registration.pk).select_related(
        "attendee", "order", "class_offer__subject", "class_offer__session"
    )
    return _locking(queryset, of=("self",)).get()


def lock_waitlist_offer(claim_token, now):
    """The waitlisted registration whose offer of a freed seat this token claims, if it is still open."""
    queryset = Registration.objects.open_waitlist_offer(claim_token, now)
    return _locking(queryset).select_related("order", "attendee").first()


def lock_expired_registrations(now):
    """Holds and waitlist offers whose time ran out."""
    return list(_locking(Registration.objects.expired(now)))


def lock_payment(payment):
    """The payment with its order, both rows locked (a row lock covers the rows select_related joins)."""
    return _locking(Payment.objects.filter(pk=payment.pk)).select_related("order").get()


def lock_credit(user):
    """One order at a time spends a student's credit."""
    _locking(User.objects.filter(pk=user.pk)).get()


def lock_person(user):
    """One change at a time to what is a person's own (their reviews, closing their account)."""
    return _locking(User.objects.filter(pk=user.pk)).get()
