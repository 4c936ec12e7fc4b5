from django import template
from django.utils import timezone

from classes.models import ClassOffer, Session

register = template.Library()


@register.simple_tag
def next_series_start():
    """The day the next class series starts, or None: the earliest first meeting, today or later, of the
    approved classes of the sessions listed now or still to come. Three queries, however many classes."""
    today = timezone.localdate()
    sessions = Session.objects.current(today) | Session.objects.filter(publish_date__gt=today)
    classes = (
        ClassOffer.objects.filter(live=True, session__in=sessions)
        .select_related("subject", "session")
        .prefetch_related("session__skip_dates")
    )
    return min((offer.start_date for offer in classes if offer.start_date >= today), default=None)
