"""The parts of /account/ that classes serves (accounts.urls has the rest)."""

from django.urls import path

from classes.views import account_calendar

urlpatterns = [
    path("calendar/<slug:token>.ics", account_calendar.account_calendar, name="account_calendar_feed"),
]
