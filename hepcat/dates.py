"""How the school writes dates and times."""

from django.utils import timezone
from django.utils.formats import date_format


def day_label(date):
    """Tue Feb 3, 2026: a date with its weekday, the way the school talks about class days."""
    return f"{date:%a %b} {date.day}, {date.year}"


def moment_label(moment):
    """Nov. 19, 2026, 10:48 p.m.: a moment on the school's clock (TIME_ZONE), whatever time zone is active,
    as a database keeps moments in UTC."""
    return date_format(timezone.localtime(moment, timezone.get_default_timezone()), "DATETIME_FORMAT")
