"""The class calendar over two months of the demo school: no running class ever leaves it early, and each
shows exactly its meetings.

The demo school is loaded once for the module (see tests/home/test_demo_school.py); a module of its own, so
that its classes stay out of the calendar tests built with factories."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from icalendar import Calendar

from classes.models import ClassOffer
from tests.pages import meetings_in

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo_school", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def running_classes(day):
    """Every class running on a day, by UID, with its meetings: approved, its session published, its last
    meeting not yet past."""
    school_time = timezone.get_current_timezone()
    return {
        f"classoffer-{offer.pk}@localhost": [
            datetime.datetime.combine(date, offer.start_time, tzinfo=school_time) for date in offer.meeting_dates()
        ]
        for offer in ClassOffer.objects.filter(live=True, session__publish_date__lte=day)
        if offer.end_date >= day
    }


def test_every_running_class_is_in_the_calendar_with_all_its_meetings_on_each_of_the_next_sixty_days(
    demo, client, time_machine
):
    first_day = timezone.localdate()
    skipping_classes = set()
    for days_ahead in range(60):
        day = first_day + datetime.timedelta(days=days_ahead)
        time_machine.move_to(
            datetime.datetime.combine(day, datetime.time(12, 0), tzinfo=timezone.get_current_timezone())
        )

        feed = Calendar.from_ical(client.get("/classes/calendar.ics").content)

        shown = {str(event["UID"]): meetings_in(event) for event in feed.events}
        expected = running_classes(day)
        assert expected, day
        assert {uid: shown.get(uid) for uid in expected} == expected, day
        skipping_classes |= {str(event["UID"]) for event in feed.events if event.exdates}
    assert skipping_classes  # the demo school's studio holiday moves some classes a week on
