"""How many seats a class has left, counted while its row is locked (classes.services.locking)."""

import datetime

from django.conf import settings

from classes.models import Registration


def seats_free(class_offer, now):
    return class_offer.capacity - Registration.objects.filter(class_offer=class_offer).taking_seats(now).count()


def hold_until(now):
    """When a seat held for an online payment is let go."""
    return now + datetime.timedelta(minutes=settings.CHECKOUT_HOLD_MINUTES)
