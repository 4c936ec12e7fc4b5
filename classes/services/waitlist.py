"""Freed seats and the waitlist (DESIGN §4): a freed seat is offered to the first person waiting, by
email, for a limited time; holds and offers whose time ran out are released every minute."""

import datetime
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from classes import notifications
from classes.models import ONLINE_METHODS, ClassOffer, Order, PaymentMethod, Registration
from classes.pricing import quote
from hepcat.audit import record

from .errors import CheckoutError
from .locking import lock_class_offers, lock_expired_registrations, lock_waitlist_offer
from .seats import seat, seats_free
from .settlement import settle_confirmed_order

HOLD_EXPIRED = "The seat's hold ran out before payment."
WAITLIST_OFFER_EXPIRED = "The waitlist offer ran out."


@transaction.atomic
def offer_freed_seats(class_offer, now=None):
    """Offer each free seat to the next person on the waitlist, by email, for WAITLIST_OFFER_HOURS."""
    now = now or timezone.now()
    class_offer = lock_class_offers([class_offer.pk])[0]
    free = seats_free(class_offer, now)
    if free <= 0:
        return []
    offered = list(Registration.objects.next_on_the_waitlist(class_offer).select_related("order")[:free])
    until = now + datetime.timedelta(hours=settings.WAITLIST_OFFER_HOURS)
    for registration in offered:
        registration.offer_seat(until, claim_token=secrets.token_urlsafe(32))
        record(registration.order, "classes.waitlist.offered", class_offer=class_offer, until=until)
        transaction.on_commit(lambda registration=registration: notifications.send_waitlist_offer(registration))
    return offered


@transaction.atomic
def claim_waitlist_seat(claim_token, *, method, on=None):
    """The person offered a freed seat takes it: a new order for that class, priced today."""
    now, on = timezone.now(), on or timezone.localdate()
    registration = lock_waitlist_offer(claim_token, now)
    if registration is None:
        raise CheckoutError("This waitlist offer has run out or has already been used.")
    if method not in PaymentMethod.values:
        raise CheckoutError("Please choose how you'd like to pay.")
    class_offer = lock_class_offers([registration.class_offer_id])[0]
    online = method in ONLINE_METHODS
    # Today's price (pre-paid only before the deadline), less the dancer's credit.
    priced = quote([class_offer], attendee=registration.attendee, online=online, on=on)
    line = priced.lines[0]
    awaiting = online and priced.total > 0
    order = Order.objects.create(
        payer=registration.order.payer,
        attendee=registration.attendee,
        status=Order.Status.AWAITING_PAYMENT if awaiting else Order.Status.CONFIRMED,
        confirmed_at=None if awaiting else now,
        method=method,
        subtotal=line.price,
        pre_pay_discount=line.pre_pay_discount,
        multi_class_discount=0,
        credit_applied=priced.credit_applied,
        total=priced.total,
        door_total=priced.at_the_door().total,
    )
    record(registration.order, "classes.waitlist.claimed", attendee=registration.attendee, class_offer=class_offer)
    registration.order = order
    registration.price, registration.pre_pay_discount, registration.multi_class_discount = (
        line.price,
        line.pre_pay_discount,
        0,
    )
    registration.class_offer = class_offer
    seat(registration, awaiting_payment=awaiting, now=now)
    if not awaiting:
        settle_confirmed_order(order, now, just_placed=True)
    return order


@transaction.atomic
def release_expired_seats(now=None):
    """Release holds and waitlist offers whose time ran out, and offer the seats to the waitlist.

    Expired holds already stop counting against capacity the moment they expire; this tidies them
    up and moves the waitlist along.
    """
    now = now or timezone.now()
    freed_class_offers = {let_go_of(registration, now) for registration in lock_expired_registrations(now)}
    for class_offer in ClassOffer.objects.filter(pk__in=freed_class_offers):
        offer_freed_seats(class_offer, now)
    return freed_class_offers


@transaction.atomic
def release_held_seats(order, now=None):
    """The seats held for the order's online payment are let go now (its processor closed the payment page
    unpaid), and offered to the waitlist."""
    now = now or timezone.now()
    class_offers = lock_class_offers(order.registrations.values("class_offer"))
    held = order.registrations.filter(status=Registration.Status.HELD).select_related("order", "class_offer")
    freed_class_offers = {let_go_of(registration, now) for registration in held}
    for class_offer in class_offers:
        if class_offer.pk in freed_class_offers:
            offer_freed_seats(class_offer, now)


def let_go_of(registration, now):
    """A held seat or a waitlist offer given up; an order left with nothing expires. Returns the class offer id."""
    was_held = registration.status == Registration.Status.HELD
    registration.cancel(now, HOLD_EXPIRED if was_held else WAITLIST_OFFER_EXPIRED)
    order = registration.order
    if was_held:
        record(order, "classes.seat.released", class_offer=registration.class_offer, reason=HOLD_EXPIRED)
    else:
        record(order, "classes.waitlist.expired", class_offer=registration.class_offer)
    if order.status == Order.Status.AWAITING_PAYMENT and not order.registrations.active().exists():
        order.status = Order.Status.EXPIRED
        order.save(update_fields=["status"])
    return registration.class_offer_id
