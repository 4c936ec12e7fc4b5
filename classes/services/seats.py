"""How many seats a class has left, counted while its row is locked (classes.services.locking)."""

import datetime

from django.conf import settings

from classes.models import Registration
from hepcat.audit import record


def seats_free(class_offer, now):
    return class_offer.capacity - Registration.objects.filter(class_offer=class_offer).taking_seats(now).count()


def hold_until(now):
    """When a seat held for an online payment is let go."""
    return now + datetime.timedelta(minutes=settings.CHECKOUT_HOLD_MINUTES)


def seat(registration, *, awaiting_payment, now, by=None):
    """Give a registration its seat, held while the payment is made online or else confirmed, and say so
    on its order's history."""
    about = {"class_offer": registration.class_offer, "attendee": registration.attendee}
    if awaiting_payment:
        registration.hold(hold_until(now))
        record(registration.order, "classes.seat.held", by=by, until=registration.hold_expires_at, **about)
    else:
        registration.confirm(now)
        record(registration.order, "classes.registration.confirmed", by=by, **about)
