"""A student's private calendar: the classes they hold a confirmed seat in, every meeting (skip dates left
out), at an address whose secret is the only key."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from accounts.roles import ADMINS, TEACHERS
from classes.models import Registration
from tests.factories import ClassOfferFactory, RegistrationFactory, SubjectPageFactory, UserFactory
from tests.pages import meetings_in

pytestmark = pytest.mark.django_db

SEATTLE = ZoneInfo("America/Los_Angeles")


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 2, 12, 0), tick=False)


@pytest.fixture
def ann():
    return UserFactory(first_name="Ann")


@pytest.fixture
def swing_out(november):
    return ClassOfferFactory(
        subject=SubjectPageFactory(title="Swing Out Basics", num_minutes=75),
        session=november,
        class_day=3,
        start_time=datetime.time(19, 30),
    )


def calendar_of(client, person):
    response = client.get(f"/account/calendar/{person.calendar_token}.ics")
    assert response.status_code == 200
    return Calendar.from_ical(response.content)


def titles(calendar):
    return sorted(str(event["SUMMARY"]) for event in calendar.events)


def test_the_calendar_has_every_meeting_of_the_students_confirmed_classes_skipping_thanksgiving(client, ann, swing_out):
    RegistrationFactory(attendee=ann, class_offer=swing_out)

    response = client.get(f"/account/calendar/{ann.calendar_token}.ics")  # no login: calendar apps send no cookies

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    calendar = Calendar.from_ical(response.content)
    assert calendar["X-WR-CALNAME"] == "My classes at HepCat Productions"
    (event,) = calendar.events
    assert str(event["SUMMARY"]) == "Swing Out Basics"
    assert meetings_in(event) == [
        datetime.datetime(2026, 11, 5, 19, 30, tzinfo=SEATTLE),
        datetime.datetime(2026, 11, 12, 19, 30, tzinfo=SEATTLE),
        datetime.datetime(2026, 11, 19, 19, 30, tzinfo=SEATTLE),
        datetime.datetime(2026, 12, 3, 19, 30, tzinfo=SEATTLE),
        datetime.datetime(2026, 12, 10, 19, 30, tzinfo=SEATTLE),
    ]
    assert event.end == datetime.datetime(2026, 11, 5, 20, 45, tzinfo=SEATTLE)


def test_the_calendar_has_only_the_students_own_confirmed_classes(client, ann, november):
    def offer(title):
        return ClassOfferFactory(session=november, subject=SubjectPageFactory(title=title))

    RegistrationFactory(attendee=ann, class_offer=offer("Confirmed"))
    RegistrationFactory(attendee=ann, class_offer=offer("Waitlisted"), status=Registration.Status.WAITLISTED)
    RegistrationFactory(attendee=ann, class_offer=offer("Cancelled"), status=Registration.Status.CANCELLED)
    RegistrationFactory(class_offer=offer("Someone else's"))
    offer("Not registered")

    assert titles(calendar_of(client, ann)) == ["Confirmed"]


def test_a_teacher_or_admin_has_the_classes_they_dance_in(client, november):
    teacher, admin = UserFactory(groups=[TEACHERS]), UserFactory(groups=[ADMINS])
    ClassOfferFactory(session=november, subject=SubjectPageFactory(title="Taught"), teachers=[teacher])
    danced = ClassOfferFactory(session=november, subject=SubjectPageFactory(title="Danced"))
    RegistrationFactory(attendee=teacher, class_offer=danced)

    assert titles(calendar_of(client, teacher)) == ["Danced"]
    assert titles(calendar_of(client, admin)) == []


@pytest.mark.parametrize(
    "token",
    ["not-the-token", "x" * 43, "", "a" * 5000, "../../etc/passwd", "%F0%9F%92%83"],
    ids=["wrong", "wrong but as long", "empty", "huge", "path", "emoji"],
)
def test_an_unknown_calendar_address_is_not_found(client, ann, token):
    assert client.get(f"/account/calendar/{token}.ics").status_code == 404


def test_a_calendar_address_with_a_nul_byte_is_refused(client, ann):
    assert client.get(f"/account/calendar/{ann.calendar_token}%00.ics").status_code == 400


def test_a_closed_account_has_no_calendar(client, ann):
    ann.is_active = False
    ann.save()

    assert client.get(f"/account/calendar/{ann.calendar_token}.ics").status_code == 404


def test_the_calendar_is_only_read(client, ann):
    assert client.post(f"/account/calendar/{ann.calendar_token}.ics").status_code == 405


def test_the_calendar_takes_as_many_queries_for_many_classes_as_for_one(
    client, ann, november, django_assert_num_queries
):
    RegistrationFactory(attendee=ann, class_offer=ClassOfferFactory(session=november))
    client.get(f"/account/calendar/{ann.calendar_token}.ics")
    with CaptureQueriesContext(connection) as one_class:
        calendar_of(client, ann)

    for _ in range(5):
        RegistrationFactory(attendee=ann, class_offer=ClassOfferFactory(session=november))
    with django_assert_num_queries(len(one_class)):
        assert len(calendar_of(client, ann).events) == 6
