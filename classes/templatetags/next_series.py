from django import template
from django.utils import timezone

from classes.models import ClassOffer, Session
from classes.models.cards import kept_with_the_catalogue

register = template.Library()


@register.simple_tag
def next_series_start():
    """The day the next class series starts, or None: the earliest first meeting, today or later, of the
    approved classes of the sessions listed now or still to come. Worked out once a day and after every
    change to the classes (classes.models.cards), as it takes every class's meetings."""
    today = timezone.localdate()
    return kept_with_the_catalogue(f"next_series_start:{today.isoformat()}", lambda: first_meeting_from(today))


def first_meeting_from(today):
    """Three queries, however many classes."""
    sessions = Session.objects.current(today) | Session.objects.filter(publish_date__gt=today)
    classes = (
        ClassOffer.objects.filter(live=True, session__in=sessions)
        .select_related("subject", "session")
        .prefetch_related("session__skip_dates")
    )
    return min((offer.start_date for offer in classes if offer.start_date >= today), default=None)
