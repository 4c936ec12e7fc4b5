"""Capacity holds under concurrency: many people racing for the last seats of a class.

These run on PostgreSQL with real transactions and threads (row locks are what is tested; SQLite
has none). A negative control removes the lock and must see the class oversold, proving that
the test can see the race it guards against.
"""

import datetime
import threading
import time
from collections import Counter

import pytest
from django.db import connection, connections
from django.utils import timezone

from classes.models import ClassOffer, Registration
from classes.services import checkout
from classes.services.checkout import ClassFull, place_order
from tests.factories import ClassOfferFactory, SessionFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL (CI runs it)"),
]

RACERS = 50
LAST_SEATS = 5
ROUNDS = 20


@pytest.fixture
def session():
    today = timezone.localdate()
    return SessionFactory(
        key_day_date=today + datetime.timedelta(days=14), publish_date=today - datetime.timedelta(days=1)
    )


@pytest.fixture(autouse=True)
def _slow_seat_count(monkeypatch):
    """Widen the gap between counting the free seats and taking one, as a busy server would."""
    count_seats = checkout.seats_free

    def seats_free_then_pause(class_offer, now):
        free = count_seats(class_offer, now)
        time.sleep(0.005)
        return free

    monkeypatch.setattr(checkout, "seats_free", seats_free_then_pause)


def class_with_last_seats(session, round_number):
    """A class of 8 with 3 seats already taken: 5 left."""
    class_offer = ClassOfferFactory(session=session, capacity=LAST_SEATS + 3)
    for seat in range(3):
        place_order(
            offers=[class_offer],
            attendee={"first_name": "Early", "last_name": "Bird", "email": f"early-{round_number}-{seat}@example.com"},
            method="door",
        )
    return class_offer


def race(class_offer, round_number):
    """RACERS people register for the class at the same moment; count who got a seat."""
    start = threading.Barrier(RACERS)
    outcomes = []

    def register(racer):
        try:
            start.wait()
            place_order(
                offers=[class_offer.pk],
                attendee={
                    "first_name": "Racer",
                    "last_name": str(racer),
                    "email": f"r{round_number}-{racer}@example.com",
                },
                method="door",
            )
            outcomes.append("seat")
        except ClassFull:
            outcomes.append("full")
        except Exception as error:  # noqa: BLE001 - anything else is a failure the test should show
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    racers = [threading.Thread(target=register, args=(racer,)) for racer in range(RACERS)]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join()
    return Counter(outcomes)


def confirmed_in(class_offer):
    return Registration.objects.filter(class_offer=class_offer, status=Registration.Status.CONFIRMED).count()


def test_exactly_the_last_seats_are_sold_every_time(session):
    for round_number in range(ROUNDS):
        class_offer = class_with_last_seats(session, round_number)

        outcomes = race(class_offer, round_number)

        assert outcomes == {"seat": LAST_SEATS, "full": RACERS - LAST_SEATS}, f"round {round_number}"
        assert confirmed_in(class_offer) == class_offer.capacity


def test_negative_control_without_the_lock_the_class_is_oversold(session, monkeypatch):
    def fetch_without_locking(class_offer_ids):
        return list(ClassOffer.objects.filter(pk__in=class_offer_ids).select_related("subject", "session"))

    monkeypatch.setattr(checkout, "lock_class_offers", fetch_without_locking)
    class_offer = class_with_last_seats(session, "control")

    outcomes = race(class_offer, "control")

    assert outcomes["seat"] > LAST_SEATS
    assert confirmed_in(class_offer) > class_offer.capacity
