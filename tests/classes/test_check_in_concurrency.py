"""Check-in under concurrency: two devices at the door of one class, and two walk-ins for its last seat.

These run on PostgreSQL with real transactions and threads (row locks are what is tested; SQLite has none).
A negative control removes the lock and must see a mark lost, proving that the test can see the race it guards
against.
"""

import datetime
import threading
import time
from collections import Counter

import pytest
from django.db import connection, connections
from django.utils import timezone
from wagtail.models import ModelLogEntry

from classes.models import Attendance, Registration
from classes.services import attendance, checkout
from classes.services.attendance import add_walk_in, check_in
from classes.services.errors import CheckInError
from tests.factories import ClassOfferFactory, RegistrationFactory, SessionFactory, TeacherFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL (CI runs it)"),
]

STUDENTS = 12
ROUNDS = 10


@pytest.fixture
def class_meeting_today():
    """A class that met last week and meets today, still open for registration, with its teacher."""
    today = timezone.localdate()
    session = SessionFactory(
        key_day_date=today - datetime.timedelta(days=7),
        max_day_shift=0,
        publish_date=today - datetime.timedelta(days=30),
        expire_date=today + datetime.timedelta(days=7),
    )
    teacher = TeacherFactory()
    class_offer = ClassOfferFactory(session=session, teachers=[teacher], capacity=STUDENTS + 5)
    return class_offer, class_offer.meetings.get(date=today), teacher


@pytest.fixture(autouse=True)
def _slow_mark_reading(monkeypatch):
    """Widen the gap between reading a student's mark and writing it, as a busy server would."""
    read_mark = attendance.current_mark

    def read_then_pause(registration, meeting):
        mark = read_mark(registration, meeting)
        time.sleep(0.01)
        return mark

    monkeypatch.setattr(attendance, "current_mark", read_then_pause)


def at_once(*jobs):
    """Run each job in its own thread (its own connection and transaction), all starting together."""
    start = threading.Barrier(len(jobs))
    outcomes = []

    def run(job):
        try:
            start.wait()
            outcomes.append(job())
        except Exception as error:  # noqa: BLE001 - anything unexpected is a failure the test should show
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def device(registrations, meeting, status, by):
    """A phone at the door marking students one after another."""

    def tap_each():
        for registration in registrations:
            check_in(registration, meeting, status, by=by)
        return "ok"

    return tap_each


def test_two_devices_checking_in_different_students_keep_every_mark(class_meeting_today):
    class_offer, meeting, teacher = class_meeting_today
    students = [RegistrationFactory(class_offer=class_offer) for _ in range(STUDENTS)]

    outcomes = at_once(
        device(students[::2], meeting, "present", teacher), device(students[1::2], meeting, "late", teacher)
    )

    assert outcomes == ["ok", "ok"]
    marks = dict(Attendance.objects.filter(meeting=meeting).values_list("registration", "status"))
    assert marks == {registration.pk: "present" if i % 2 == 0 else "late" for i, registration in enumerate(students)}


def same_student_race(class_offer, meeting, teacher):
    """Two devices mark the same students at once, one present, the other late: what each student ends up as."""
    students = [RegistrationFactory(class_offer=class_offer) for _ in range(3)]
    outcomes = at_once(device(students, meeting, "present", teacher), device(students, meeting, "late", teacher))
    return Counter(outcomes), students


def test_two_devices_marking_the_same_student_take_turns(class_meeting_today):
    class_offer, meeting, teacher = class_meeting_today
    for round_number in range(ROUNDS):
        outcomes, students = same_student_race(class_offer, meeting, teacher)

        assert outcomes == {"ok": 2}, f"round {round_number}"
        for registration in students:
            # One mark each, the later device's, and both taps in the order's history.
            assert Attendance.objects.get(registration=registration).status in ("present", "late")
            taps = ModelLogEntry.objects.for_instance(registration.order).filter(action="classes.check_in")
            assert taps.count() == 2, f"round {round_number}"


def test_negative_control_without_the_lock_a_mark_is_lost(class_meeting_today, monkeypatch):
    class_offer, meeting, teacher = class_meeting_today

    def fetch_without_locking(registration):
        return Registration.objects.select_related("attendee", "order", "class_offer").get(pk=registration.pk)

    monkeypatch.setattr(attendance, "lock_registration_for_check_in", fetch_without_locking)

    outcomes, _ = same_student_race(class_offer, meeting, teacher)

    assert any("IntegrityError" in outcome for outcome in outcomes)


# Walk-ins


@pytest.fixture
def _slow_seat_count(monkeypatch):
    """Widen the gap between counting the free seats and taking one, as a busy server would."""
    count_seats = checkout.seats_free

    def seats_free_then_pause(class_offer, now):
        free = count_seats(class_offer, now)
        time.sleep(0.01)
        return free

    monkeypatch.setattr(checkout, "seats_free", seats_free_then_pause)


@pytest.mark.usefixtures("_slow_seat_count")
def test_two_walk_ins_for_the_last_seat_never_oversell(class_meeting_today):
    class_offer, meeting, teacher = class_meeting_today
    for _ in range(class_offer.capacity - 1):
        RegistrationFactory(class_offer=class_offer)

    def walk_in(name):
        def register():
            try:
                add_walk_in(
                    class_offer,
                    {"first_name": name, "last_name": "Walker", "email": f"{name}@example.com"},
                    "either",
                    by=teacher,
                )
            except CheckInError as refusal:
                return refusal.message
            return "seat"

        return register

    outcomes = at_once(walk_in("sam"), walk_in("kim"))

    full = f"{class_offer.subject.title} is full: there is no seat left for a walk-in."
    assert Counter(outcomes) == {"seat": 1, full: 1}
    confirmed = Registration.objects.filter(class_offer=class_offer, status=Registration.Status.CONFIRMED)
    assert confirmed.count() == class_offer.capacity
    assert Attendance.objects.filter(meeting=meeting, status="present").count() == 1
