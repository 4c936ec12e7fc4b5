from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from classes.models import ClassOffer, Session
from classes.models.cards import CARD_TTL, catalogue_version

register = template.Library()


@register.simple_tag
def next_series_start():
    """The day the next class series starts, or None: the earliest first meeting, today or later, of the
    approved classes of the sessions listed now or still to come. Worked out once a day and after every
    change to the classes (classes.models.cards), as it takes every class's meetings."""
    today = timezone.localdate()
    if not settings.CACHE_CLASS_CATALOGUE:
        return first_meeting_from(today)
    key = f"next_series_start:{catalogue_version()}:{today.isoformat()}"
    # Stored in a list, so that "no series to come" is told apart from nothing stored.
    stored = cache.get(key)
    if stored is None:
        stored = [first_meeting_from(today)]
        cache.set(key, stored, CARD_TTL)
    return stored[0]


def first_meeting_from(today):
    """Three queries, however many classes."""
    sessions = Session.objects.current(today) | Session.objects.filter(publish_date__gt=today)
    classes = (
        ClassOffer.objects.filter(live=True, session__in=sessions)
        .select_related("subject", "session")
        .prefetch_related("session__skip_dates")
    )
    return min((offer.start_date for offer in classes if offer.start_date >= today), default=None)
