"""The class calendar that students subscribe to: one weekly event for each class listed, which a calendar app
shows as every meeting of the class."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from tests.factories import (
    ClassOfferFactory,
    LocationFactory,
    SessionFactory,
    SubjectPageFactory,
    TeacherFactory,
)
from tests.pages import meetings_in

pytestmark = pytest.mark.django_db

SEATTLE = ZoneInfo("America/Los_Angeles")


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 10, 20, 12, 0), tick=False)


@pytest.fixture
def swing_out_thursdays(november):
    return ClassOfferFactory(
        subject=SubjectPageFactory(title="Swing Out Basics", num_minutes=75),
        session=november,
        location=LocationFactory(name="Century Ballroom", address="915 E Pine St"),
        class_day=3,
        start_time=datetime.time(19, 30),
        teachers=[
            TeacherFactory(first_name="Ann", last_name="Lee"),
            TeacherFactory(first_name="Bob", last_name="Ray"),
        ],
    )


def fetch_calendar(client):
    return client.get("/classes/calendar.ics")


def events_of(response):
    assert response.status_code == 200
    return Calendar.from_ical(response.content).events


def test_the_calendar_is_an_icalendar_feed_named_for_the_school(client, swing_out_thursdays):
    response = fetch_calendar(client)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0"
    assert "HepCat Productions" in calendar["PRODID"]
    assert calendar["X-WR-CALNAME"] == "HepCat Productions classes"
    assert [timezone.tz_name for timezone in calendar.timezones] == ["America/Los_Angeles"]


def all_meetings(response):
    return sorted(meeting for event in events_of(response) for meeting in meetings_in(event))


def test_every_meeting_is_in_the_calendar_at_the_schools_local_time_skipping_thanksgiving(client, swing_out_thursdays):
    (event,) = events_of(fetch_calendar(client))

    assert meetings_in(event) == [
        datetime.datetime(2026, 11, 5, 19, 30, tzinfo=SEATTLE),
        datetime.datetime(2026, 11, 12, 19, 30, tzinfo=SEATTLE),
        datetime.datetime(2026, 11, 19, 19, 30, tzinfo=SEATTLE),
        datetime.datetime(2026, 12, 3, 19, 30, tzinfo=SEATTLE),
        datetime.datetime(2026, 12, 10, 19, 30, tzinfo=SEATTLE),
    ]
    assert event.end == datetime.datetime(2026, 11, 5, 20, 45, tzinfo=SEATTLE)
    assert event["DTSTART"].params["TZID"] == "America/Los_Angeles"
    assert str(event["SUMMARY"]) == "Swing Out Basics"
    assert str(event["LOCATION"]) == "Century Ballroom, 915 E Pine St, Seattle, WA 98101"
    assert str(event["URL"]) == "http://testserver/classes/swing-out-basics/november-2026/thursday/"
    assert "Taught by Ann Lee and Bob Ray." in str(event["DESCRIPTION"])


def test_a_class_that_runs_across_the_end_of_summer_time_keeps_its_local_time(client):
    across = ClassOfferFactory(
        session=SessionFactory(key_day_date=datetime.date(2026, 10, 22), publish_date=datetime.date(2026, 10, 1)),
        class_day=3,
        start_time=datetime.time(20, 0),
    )

    meetings = [meeting.astimezone(SEATTLE) for meeting in all_meetings(fetch_calendar(client))]

    assert across.meeting_dates()[0] < datetime.date(2026, 11, 1) < across.meeting_dates()[-1]  # clocks go back
    assert [meeting.date() for meeting in meetings] == across.meeting_dates()
    assert {meeting.time() for meeting in meetings} == {datetime.time(20, 0)}


def test_each_class_keeps_its_uid_from_one_download_to_the_next(client, swing_out_thursdays, november):
    wednesdays = ClassOfferFactory(session=november, class_day=2)
    first_download = [str(event["UID"]) for event in events_of(fetch_calendar(client))]
    second_download = [str(event["UID"]) for event in events_of(fetch_calendar(client))]

    assert first_download == second_download
    assert first_download == [f"classoffer-{wednesdays.pk}@localhost", f"classoffer-{swing_out_thursdays.pk}@localhost"]


def test_only_classes_listed_for_registration_are_in_the_calendar(client, swing_out_thursdays, november):
    ClassOfferFactory(subject=SubjectPageFactory(title="Draft Drills"), session=november, live=False)
    ClassOfferFactory(
        subject=SubjectPageFactory(title="Spring Shim Sham"),
        session=SessionFactory(key_day_date=datetime.date(2027, 3, 4), publish_date=datetime.date(2027, 2, 1)),
    )

    summaries = {str(event["SUMMARY"]) for event in events_of(fetch_calendar(client))}

    assert summaries == {"Swing Out Basics"}


def test_the_calendar_takes_as_many_queries_for_many_classes_as_for_one(client, swing_out_thursdays, november):
    fetch_calendar(client)  # the first download caches the site's root paths and settings
    with CaptureQueriesContext(connection) as one_class:
        fetch_calendar(client)

    teachers = [TeacherFactory() for _ in range(4)]
    for number in range(12):
        ClassOfferFactory(session=november, class_day=[1, 2, 3][number % 3], teachers=teachers[number % 3 :][:2])
    with CaptureQueriesContext(connection) as many_classes:
        meetings = all_meetings(fetch_calendar(client))

    assert len(meetings) == 13 * 5
    assert len(many_classes) == len(one_class) <= 12


def test_the_calendar_has_the_schools_time_zone_and_asks_apps_to_check_back_every_six_hours(
    client, swing_out_thursdays
):
    calendar = Calendar.from_ical(fetch_calendar(client).content)

    assert calendar["X-WR-TIMEZONE"] == "America/Los_Angeles"
    assert calendar["REFRESH-INTERVAL"].to_ical() == b"PT6H"
    assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert calendar["X-PUBLISHED-TTL"].to_ical() == b"PT6H"


def test_an_unchanged_calendar_downloads_the_same_a_minute_later(client, time_machine, swing_out_thursdays):
    first = fetch_calendar(client)
    time_machine.move_to(datetime.datetime(2026, 10, 20, 12, 1), tick=False)
    second = fetch_calendar(client)

    assert first.content == second.content
    first_meeting = Calendar.from_ical(first.content).events[0]
    assert first_meeting["DTSTAMP"].dt == swing_out_thursdays.updated_at
    assert first_meeting["LAST-MODIFIED"].dt == swing_out_thursdays.updated_at


def test_a_calendar_app_that_has_the_latest_calendar_gets_not_modified(client, swing_out_thursdays):
    first = fetch_calendar(client)

    assert client.get("/classes/calendar.ics", headers={"if-none-match": first["ETag"]}).status_code == 304
    assert client.get("/classes/calendar.ics", headers={"if-modified-since": first["Last-Modified"]}).status_code == 304


def test_a_changed_class_is_downloaded_again_with_a_higher_sequence(client, time_machine, swing_out_thursdays):
    first = fetch_calendar(client)
    time_machine.move_to(datetime.datetime(2026, 10, 20, 15, 0), tick=False)
    swing_out_thursdays.start_time = datetime.time(20, 0)
    swing_out_thursdays.save_revision().publish()

    second = client.get(
        "/classes/calendar.ics",
        headers={"if-none-match": first["ETag"], "if-modified-since": first["Last-Modified"]},
    )

    assert second.status_code == 200
    (first_meeting,), (changed_meeting,) = events_of(first), events_of(second)
    assert changed_meeting["UID"] == first_meeting["UID"]
    assert meetings_in(changed_meeting)[-1] == datetime.datetime(2026, 12, 10, 20, 0, tzinfo=SEATTLE)
    assert changed_meeting["SEQUENCE"] > first_meeting.get("SEQUENCE", 0)
    assert changed_meeting["DTSTAMP"].dt > first_meeting["DTSTAMP"].dt


def test_a_running_class_stays_in_the_calendar_after_its_session_stops_being_listed(
    client, time_machine, swing_out_thursdays
):
    SessionFactory(key_day_date=datetime.date(2027, 1, 7), publish_date=datetime.date(2026, 11, 14))
    time_machine.move_to(datetime.datetime(2026, 12, 5, 12, 0), tick=False)  # November is listed until Nov 13

    starts = [meeting.date() for meeting in all_meetings(fetch_calendar(client))]

    assert starts == [datetime.date(2026, 11, 5), *starts[1:4], datetime.date(2026, 12, 10)]
    time_machine.move_to(datetime.datetime(2026, 12, 11, 12, 0), tick=False)  # after its last meeting
    assert events_of(fetch_calendar(client)) == []
