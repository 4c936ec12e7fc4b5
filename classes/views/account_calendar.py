"""A student's private calendar, /account/calendar/<token>.ics: the classes they hold a confirmed seat in, for
their calendar app to subscribe to. Calendar apps send no cookies, so the secret in the address is what lets
them in; resetting it on the settings page (accounts.settings_views) shuts the old address out."""

from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from classes.models import ClassOffer
from classes.views.catalogue import calendar_feed
from home.models import SchoolSettings


@require_safe
@cache_control(private=True, no_store=True)
def account_calendar(request, token):
    person = get_object_or_404(get_user_model(), calendar_token=token, is_active=True)
    school = SchoolSettings.load(request_or_site=request)
    offers = ClassOffer.objects.confirmed_for(person).for_calendar().with_revision_count().in_schedule_order()
    response = HttpResponse(
        calendar_feed(
            request,
            name=f"My classes at {school.business_name}",
            uid=f"classes-of-{person.pk}",
            url=request.build_absolute_uri(reverse("account_home")),
            offers=offers,
        ),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="my-classes.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response
