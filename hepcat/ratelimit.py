"""Rate limits for the school's forms, counted in the cache (Redis in production, so that every web
process shares the counts). The rates are in settings.RATELIMITS, e.g. {"account_link": "5/h"}."""

from django.conf import settings
from django_ratelimit.core import is_ratelimited


def is_limited(request, group, key_value, rate=None):
    """Count this request against `key_value` (a client address, an email address...) in `group`, and say
    whether it goes over the rate: `rate`, or the group's entry in settings.RATELIMITS."""
    return is_ratelimited(
        request,
        group=group,
        key=lambda group, request: key_value,
        rate=rate or settings.RATELIMITS[group],
        increment=True,
    )
