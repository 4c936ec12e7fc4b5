"""The public class pages: the class list, a class offer, a subject, the locations and the class calendar.

The pages route here from `ClassesIndexPage` and `SubjectPage` (see classes/models/subjects.py); the
calendar has its own URL, as Wagtail's page routing takes no dots in a path.
"""

import datetime
from operator import itemgetter
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event
from wagtail.models import Site

from home.models import SchoolSettings

from .models import ClassesIndexPage, ClassOffer, Location
from .models.sessions import WEEKDAY_NAMES, WEEKDAYS
from .pricing import pre_pay_deadline

WEEKDAY_NUMBERS = {name.lower(): number for number, name in WEEKDAYS}


class AnyChoiceField(forms.TypedChoiceField):
    """A filter's choice. A value that is not one of the choices, from an old link or a typo, means any."""

    def to_python(self, value):
        value = super().to_python(value)
        return value if self.valid_value(value) else ""


class ClassFilterForm(forms.Form):
    """Narrow the class list by level and by day. The choices are those of the classes listed."""

    level = AnyChoiceField(label="Level", required=False, empty_value=None)
    day = AnyChoiceField(label="Day", required=False, coerce=int, empty_value=None)

    def __init__(self, data, offers):
        super().__init__(data)
        levels = sorted(
            {offer.subject.level for offer in offers},
            key=lambda level: (level.rank is None, level.rank or 0, level.name),
        )
        days = sorted({offer.class_day for offer in offers})
        self.fields["level"].choices = [("", "All levels"), *((level.code, level.name) for level in levels)]
        self.fields["day"].choices = [("", "Any day"), *((day, WEEKDAY_NAMES[day]) for day in days)]

    @property
    def choices_made(self):
        """The level code and the day number chosen, each None for any."""
        self.is_valid()  # always: a value that is not a choice means any
        return self.cleaned_data["level"], self.cleaned_data["day"]

    @property
    def is_filtering(self):
        return self.choices_made != (None, None)

    def filter(self, offers):
        level, day = self.choices_made
        return [
            offer
            for offer in offers
            if (level is None or offer.subject.level.code == level) and (day is None or offer.class_day == day)
        ]


def in_words(names):
    """["Ann", "Bob", "Cy"] → "Ann, Bob and Cy"."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def with_page_details(offers, request):
    """Add to each offer the URL of its page and its pre-pay deadline, which the templates show."""
    for offer in offers:
        offer.url = offer.get_url(request)
        offer.pre_pay_deadline = pre_pay_deadline(offer)
    return offers


def classes_index_of(subject_page):
    return ClassesIndexPage.objects.parent_of(subject_page).get()


def locations_url(index_page, request):
    return index_page.get_url(request) + index_page.reverse_subpage("locations")


def class_list(request, index_page):
    """/classes/: the classes open for registration, by session and by day."""
    offers = list(ClassOffer.objects.public().for_listing().in_schedule_order())
    filter_form = ClassFilterForm(request.GET, offers)
    shown = with_page_details(filter_form.filter(offers), request)
    return TemplateResponse(
        request,
        "classes/classes_index_page.html",
        {
            "page": index_page,
            "offers": shown,
            "offer_count": len(offers),
            "filter_form": filter_form,
            "today": timezone.localdate(),
            "locations_url": locations_url(index_page, request),
            "calendar_url": reverse("class_calendar"),
        },
    )


def meetings_and_skipped_days(offer):
    """The class's meetings in order, numbered, with the days it skips where they fall."""
    meetings = [{"date": date, "number": number} for number, date in enumerate(offer.meeting_dates(), start=1)]
    skipped = [{"date": skip.date, "skip": skip} for skip in offer.skipped_dates()]
    return sorted(meetings + skipped, key=itemgetter("date"))


def class_offer_detail(request, subject_page, session_slug, day):
    """/classes/<subject>/<session>/<day>/: one run of a subject, while it is listed for registration."""
    if day not in WEEKDAY_NUMBERS:
        raise Http404("No class meets on that day.")
    offer = get_object_or_404(
        ClassOffer.objects.public().for_listing(),
        subject=subject_page,
        session__slug=session_slug,
        class_day=WEEKDAY_NUMBERS[day],
    )
    with_page_details([offer], request)
    index_page = classes_index_of(subject_page)
    return TemplateResponse(
        request,
        "classes/class_offer.html",
        {
            "page": subject_page,
            "offer": offer,
            "schedule": meetings_and_skipped_days(offer),
            "index_page": index_page,
            "locations_url": locations_url(index_page, request),
        },
    )


def subject_detail(request, subject_page):
    """/classes/<subject>/: what the subject teaches, and when it runs next."""
    offers = ClassOffer.objects.public().filter(subject=subject_page).for_listing().in_schedule_order()
    index_page = classes_index_of(subject_page)
    return TemplateResponse(
        request,
        "classes/subject_page.html",
        {
            "page": subject_page,
            "offers": with_page_details(list(offers), request),
            "pre_pay_price": max(subject_page.full_price - subject_page.pre_pay_discount, 0),
            "pre_pay_deadline_days": settings.PRE_PAY_DEADLINE_DAYS,
            "index_page": index_page,
            "locations_url": locations_url(index_page, request),
        },
    )


def location_list(request, index_page):
    """/classes/locations/: where the school's classes meet."""
    current_classes = Prefetch(
        "class_offers",
        queryset=ClassOffer.objects.public()
        .select_related("subject", "subject__level", "session")
        .prefetch_related("session__skip_dates")
        .in_schedule_order(),
        to_attr="current_classes",
    )
    locations = Location.objects.prefetch_related(current_classes)
    for location in locations:
        with_page_details(location.current_classes, request)
    return TemplateResponse(request, "classes/locations.html", {"page": index_page, "locations": locations})


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
