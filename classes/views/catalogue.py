"""The class calendar, /classes/calendar.ics: every class listed or still running, repeating weekly.

The class pages render themselves (their routes are on `ClassesIndexPage` and `SubjectPage`); the
calendar has its own URL, as Wagtail's page routing takes no dots in a path.
"""

import datetime
import hashlib
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import condition
from icalendar import Calendar, Event, vDuration
from wagtail.models import Site

from classes.models import ClassesIndexPage, ClassOffer
from home.models import SchoolSettings


def in_words(names):
    """["Ann", "Bob", "Cy"] → "Ann, Bob and Cy"."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def calendar_description(offer, url):
    """What a student reads on opening one of the class's meetings in their calendar app."""
    teachers = in_words([teacher.get_full_name() for teacher in offer.teachers.all() if teacher.get_full_name()])
    lines = [
        f"{offer.subject.level_beside_title or offer.subject.title}, {offer.day_name}s in {offer.session.name}.",
        f"Taught by {teachers}." if teachers else "",
        offer.note,
        url,
    ]
    return "\n".join(line for line in lines if line)


def add_weekly_meetings(event, offer, school_time):
    """Repeat the class's first meeting weekly until its last, less the skip dates that fall on its day in
    between: exactly `offer.meeting_dates()`, as a skip date moves the class's remaining meetings a week on."""
    meetings = offer.meeting_dates()
    if len(meetings) == 1:
        return
    last_start = datetime.datetime.combine(meetings[-1], offer.start_time, tzinfo=school_time)
    # RFC 5545 wants UNTIL in UTC when DTSTART has a time zone.
    event.add("RRULE", {"FREQ": "WEEKLY", "UNTIL": last_start.astimezone(datetime.UTC)})
    skipped = sorted(skip.date for skip in offer.skipped_dates())
    if skipped:
        event.add("EXDATE", [datetime.datetime.combine(day, offer.start_time, tzinfo=school_time) for day in skipped])


# Calendar apps that honour it check back every six hours.
REFRESH_INTERVAL = datetime.timedelta(hours=6)


def feed_changes(request):
    """What the calendar's content follows, from one query, once a request: the class offers' and their
    sessions' and subjects' last changes, and today (classes leave the feed after their last meeting)."""
    if not hasattr(request, "calendar_changes"):
        request.calendar_changes = {**ClassOffer.objects.last_change(), "today": timezone.localdate()}
    return request.calendar_changes


def calendar_etag(request):
    changes = feed_changes(request)
    return hashlib.sha256(repr(sorted(changes.items())).encode()).hexdigest()[:32]


def calendar_last_modified(request):
    changes = feed_changes(request)
    today_began = timezone.make_aware(datetime.datetime.combine(changes["today"], datetime.time.min))
    recorded = [changes[field] for field in ("offer_changed", "session_changed", "subject_changed") if changes[field]]
    return max([today_began, *recorded])


@condition(etag_func=calendar_etag, last_modified_func=calendar_last_modified)
def calendar(request):
    """/classes/calendar.ics: every class listed or still running, one weekly event each, for calendar apps
    to subscribe to. The same data gives the same bytes, so that apps can check cheaply for changes."""
    index_page = get_object_or_404(ClassesIndexPage.objects.live())
    school = SchoolSettings.load(request_or_site=request)
    host = Site.find_for_request(request).hostname
    school_time = ZoneInfo(settings.TIME_ZONE)
    feed = Calendar.new(
        name=f"{school.business_name} classes",
        organization=school.business_name,
        uid=f"classes@{host}",
        url=request.build_absolute_uri(index_page.get_url(request)),
    )
    feed.add("X-WR-TIMEZONE", settings.TIME_ZONE)
    feed.add("REFRESH-INTERVAL", vDuration(REFRESH_INTERVAL), parameters={"VALUE": "DURATION"})
    feed.add("X-PUBLISHED-TTL", vDuration(REFRESH_INTERVAL))
    for offer in ClassOffer.objects.in_calendar():
        meetings = offer.meeting_dates()
        if not meetings:
            continue
        url = request.build_absolute_uri(offer.get_url(request))
        first_start = datetime.datetime.combine(meetings[0], offer.start_time, tzinfo=school_time)
        event = Event.new(
            # One event per class, repeating weekly: it keeps its UID, so that calendar apps update the class
            # rather than duplicate it when it changes.
            uid=f"classoffer-{offer.pk}@{host}",
            summary=offer.subject.title,
            start=first_start,
            end=first_start + datetime.timedelta(minutes=offer.subject.num_minutes),
            location=f"{offer.location.name}, {offer.location.full_address}",
            url=url,
            description=calendar_description(offer, url),
            # From the data rather than the clock, so that an unchanged calendar downloads the same.
            stamp=offer.last_changed,
            last_modified=offer.last_changed,
            sequence=offer.revision_count,
        )
        add_weekly_meetings(event, offer, school_time)
        feed.add_component(event)
    feed.add_missing_timezones()
    response = HttpResponse(feed.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="classes.ics"'
    return response
