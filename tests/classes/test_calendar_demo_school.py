"""The class calendar over two months of the demo school: no running class ever leaves it early.

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

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo_school", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def running_meetings(day):
    """The UIDs of every meeting of every class running on a day: approved, its session published, its last
    meeting not yet past."""
    return {
        f"classoffer-{offer.pk}-{date:%Y%m%d}@localhost"
        for offer in ClassOffer.objects.filter(live=True, session__publish_date__lte=day)
        if offer.end_date >= day
        for date in offer.meeting_dates()
    }


def test_every_running_class_is_in_the_calendar_on_each_of_the_next_sixty_days(demo, client, time_machine):
    first_day = timezone.localdate()
    for days_ahead in range(60):
        day = first_day + datetime.timedelta(days=days_ahead)
        time_machine.move_to(
            datetime.datetime.combine(day, datetime.time(12, 0), tzinfo=timezone.get_current_timezone())
        )

        feed = Calendar.from_ical(client.get("/classes/calendar.ics").content)

        expected = running_meetings(day)
        assert expected, day
        assert expected <= {str(event["UID"]) for event in feed.events}, day
