"""What search engines and link previews read about a class offer: a one-line description, and schema.org data."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from home.models import SchoolSettings

register = template.Library()

# As django.utils.html.json_script escapes: no "</script>" or "<!--" in a title can end the script early.
JSON_IN_HTML_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def class_offer_description(offer):
    """What, when and where in one line: "Swing Out Basics (Beginning A): Thursdays, 7:00 PM–8:00 PM, …"."""
    text = render_to_string("classes/class_offer_description.txt", {"offer": offer})
    return " ".join(text.split())  # plain text, not yet escaped


@register.simple_tag(takes_context=True)
def class_offer_json_ld(context, offer):
    """The class as a schema.org Course with one CourseInstance, in a <script type="application/ld+json">.

    Takes an offer from ClassOffer.objects.for_listing(), which counts its seats left.
    """
    request = context["request"]
    course = {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": offer.subject.title,
        "description": offer.subject.search_description
        or offer.subject.short_description
        or class_offer_description(offer),
        "educationalLevel": offer.subject.level_label,
        "url": request.build_absolute_uri(offer.subject.get_url(request)),
        "provider": {
            "@type": "Organization",
            "name": SchoolSettings.load(request_or_site=request).business_name,
            "url": request.build_absolute_uri("/"),
        },
        "hasCourseInstance": course_instance(offer, request.build_absolute_uri(offer.get_url(request))),
    }
    data = json.dumps(course, cls=DjangoJSONEncoder).translate(JSON_IN_HTML_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(data))


def course_instance(offer, url):
    meetings = offer.meeting_dates()
    location = offer.location
    return {
        "@type": "CourseInstance",
        "name": f"{offer.subject.title}, {offer.day_name}s ({offer.session.name})",
        "url": url,
        "courseMode": "onsite",
        "startDate": meetings[0],
        "endDate": meetings[-1],
        "courseSchedule": {
            "@type": "Schedule",
            "repeatFrequency": "P1W",
            "repeatCount": len(meetings),
            "byDay": f"https://schema.org/{offer.day_name}",
            "startDate": meetings[0],
            "endDate": meetings[-1],
            "exceptDate": [skip.date for skip in offer.skipped_dates()],
            "startTime": offer.start_time.strftime("%H:%M"),
            "endTime": offer.end_time.strftime("%H:%M"),
            "duration": f"PT{offer.subject.num_minutes}M",
            "scheduleTimezone": settings.TIME_ZONE,
        },
        "location": {
            "@type": "Place",
            "name": location.name,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": location.address,
                "addressLocality": location.city,
                "addressRegion": location.state,
                "postalCode": location.postcode,
                "addressCountry": settings.DEFAULT_COUNTRY,
            },
        },
        "instructor": [
            {"@type": "Person", "name": teacher.get_full_name()}
            for teacher in offer.teachers.all()
            if teacher.get_full_name()
        ],
        "offers": {
            "@type": "Offer",
            "category": "Paid",
            "price": offer.price,
            "priceCurrency": settings.CURRENCY,
            "url": url,
            "availability": "https://schema.org/" + ("InStock" if offer.seats_left > 0 else "SoldOut"),
        },
    }
