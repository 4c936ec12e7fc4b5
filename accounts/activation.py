"""Activating an account made at registration: the student sets a password through an emailed link.

The link carries Django's password-reset token: it stops working once a password is set (the token
depends on the password) and after PASSWORD_RESET_TIMEOUT (three days).
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from messaging.email import send_templated_email


def emailed_link(user, url_name):
    """The address of the view `url_name` for this user, with a token that works once and expires."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse(url_name, args=[uid, token])


def activation_url(user):
    return emailed_link(user, "account_activate_confirm")


def send_activation_email(user):
    send_templated_email("accounts/email/activate", {"activation_url": activation_url(user)}, user.email)
