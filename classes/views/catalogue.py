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
from icalendar import vDuration
from wagtail.models import Site

from classes import ical
from classes.models import ClassesIndexPage, ClassOffer
from classes.models.cards import kept_with_the_catalogue
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


def class_event(offer, url, host, tzid):
    """The content lines of a class's event: its first meeting, repeated weekly until its last, less the weeks
    in between without a meeting (its skip dates): exactly `offer.meeting_dates()`."""
    meetings = offer.meeting_dates()
    start_time, length = offer.start_time, datetime.timedelta(minutes=offer.subject.num_minutes)
    first_start = datetime.datetime.combine(meetings[0], start_time)
    # From the data rather than the clock, so that an unchanged calendar downloads the same.
    changed = ical.utc_time(offer.last_changed)
    lines = [
        "BEGIN:VEVENT",
        # One event per class: it keeps its UID, so that calendar apps update the class rather than duplicate it.
        f"UID:classoffer-{offer.pk}@{host}",
        f"DTSTAMP:{changed}",
        f"LAST-MODIFIED:{changed}",
        f"SEQUENCE:{offer.revision_count}",
        f"SUMMARY:{ical.text(offer.subject.title)}",
        f"DTSTART;TZID={tzid}:{ical.local_time(first_start)}",
        f"DTEND;TZID={tzid}:{ical.local_time(first_start + length)}",
    ]
    if len(meetings) > 1:
        last_start = datetime.datetime.combine(meetings[-1], start_time, tzinfo=ZoneInfo(tzid))
        # RFC 5545 wants UNTIL in UTC when DTSTART has a time zone.
        lines.append(f"RRULE:FREQ=WEEKLY;UNTIL={ical.utc_time(last_start)}")
    weeks = (meetings[-1] - meetings[0]).days // 7 + 1
    if weeks > len(meetings):  # the weeks of its run without a meeting: its skip dates
        skipped = sorted({meetings[0] + datetime.timedelta(weeks=week) for week in range(weeks)} - set(meetings))
        days = ",".join(ical.local_time(datetime.datetime.combine(day, start_time)) for day in skipped)
        lines.append(f"EXDATE;TZID={tzid}:{days}")
    lines += [
        f"LOCATION:{ical.text(f'{offer.location.name}, {offer.location.full_address}')}",
        f"URL:{url}",
        f"DESCRIPTION:{ical.text(calendar_description(offer, url))}",
        "END:VEVENT",
    ]
    return lines


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
    to subscribe to. The same data gives the same bytes, so that apps can check cheaply for changes; they are
    made once a day and after every change to the classes (classes.models.cards), not after each seat taken."""
    key = f"calendar:{timezone.localdate().isoformat()}:{request.get_host()}"
    response = HttpResponse(
        kept_with_the_catalogue(key, lambda: feed(request)), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="classes.ics"'
    return response


def feed(request):
    """The calendar's octets."""
    index_page = get_object_or_404(ClassesIndexPage.objects.live())
    school = SchoolSettings.load(request_or_site=request)
    return calendar_feed(
        request,
        name=f"{school.business_name} classes",
        uid="classes",
        url=request.build_absolute_uri(index_page.get_url(request)),
        offers=ClassOffer.objects.in_calendar(),
    )


def calendar_feed(request, *, name, uid, url, offers):
    """The octets of a calendar named `name` of the classes `offers` (from `for_calendar()`, with their
    revision counts), one weekly event each: the school's calendar, or a student's own
    (classes.views.account_calendar)."""
    school = SchoolSettings.load(request_or_site=request)
    host = Site.find_for_request(request).hostname
    refresh = vDuration(REFRESH_INTERVAL).to_ical().decode()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{school.business_name}//{name}//EN",
        f"NAME:{ical.text(name)}",
        f"X-WR-CALNAME:{ical.text(name)}",
        f"UID:{uid}@{host}",
        f"URL:{url}",
        f"REFRESH-INTERVAL;VALUE=DURATION:{refresh}",
        f"X-PUBLISHED-TTL:{refresh}",
        f"X-WR-TIMEZONE:{settings.TIME_ZONE}",
        *ical.time_zone_lines(settings.TIME_ZONE),
    ]
    for offer in offers:
        if offer.meeting_dates():
            offer_url = request.build_absolute_uri(offer.get_url(request))
            lines += class_event(offer, offer_url, host, settings.TIME_ZONE)
    lines.append("END:VCALENDAR")
    return ical.feed(lines)
