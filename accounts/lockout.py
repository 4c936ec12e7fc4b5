"""The login lockout (django-axes; settings AXES_*): after too many failed logins for one email from one client
address, that email can't log in from there until the cool-off ends, an admin unlocks it, or its owner sets a
new password by email."""

from django.conf import settings
from django.shortcuts import render


def login_email(request, credentials):
    """The email a login was tried with, as the account stores it: ANN@x.org and ann@x.org are one account,
    so their failures count together."""
    username = (credentials or request.POST).get("username") or ""
    return username.strip().lower()


def locked_out(request, original_response=None, credentials=None):
    minutes = round(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
