"""The class calendar, /classes/calendar.ics: every meeting of every class listed.

The class pages render themselves (their routes are on `ClassesIndexPage` and `SubjectPage`); the
calendar has its own URL, as Wagtail's page routing takes no dots in a path.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from icalendar import Calendar, Event
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
        f"{offer.subject.level_label}, {offer.day_name}s in {offer.session.name}.",
        f"Taught by {teachers}." if teachers else "",
        offer.note,
        url,
    ]
    return "\n".join(line for line in lines if line)


def calendar(request):
    """/classes/calendar.ics: every meeting of every class listed, for calendar apps to subscribe to."""
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
    for offer in ClassOffer.objects.public().for_listing().in_schedule_order():
        url = request.build_absolute_uri(offer.get_url(request))
        description = calendar_description(offer, url)
        for date in offer.meeting_dates():
            start = datetime.datetime.combine(date, offer.start_time, tzinfo=school_time)
            feed.add_component(
                Event.new(
                    # The same meeting keeps its UID, so that calendar apps update it rather than duplicate it.
                    uid=f"classoffer-{offer.pk}-{date:%Y%m%d}@{host}",
                    summary=offer.subject.title,
                    start=start,
                    end=start + datetime.timedelta(minutes=offer.subject.num_minutes),
                    location=f"{offer.location.name}, {offer.location.full_address}",
                    url=url,
                    description=description,
                )
            )
    feed.add_missing_timezones()
    response = HttpResponse(feed.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="classes.ics"'
    return response
