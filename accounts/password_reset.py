"""Emailed account links: a new password for an account that has one, the activation link for one that
doesn't yet. The activation form (/account/activate/) and "Forgot your password?" (/account/password-reset/)
both send whichever link the account needs, and answer the same whether or not the email has an account.
"""

from django.contrib.auth import forms as auth_forms

from hepcat.client_address import client_address
from hepcat.ratelimit import is_limited
from messaging.email import send_templated_email

from .activation import emailed_link, send_activation_email
from .models import User


def password_reset_url(user):
    return emailed_link(user, "account_password_reset_confirm")


def send_password_reset_email(user):
    send_templated_email("accounts/email/password_reset", {"reset_url": password_reset_url(user)}, user.email)


def send_account_link(user):
    if user.has_usable_password():
        send_password_reset_email(user)
    else:
        send_activation_email(user)


def too_many_link_requests(request, email):
    """Count a request for an account link, from this client address and for this email address: one too
    many from an address is someone probing; a second for an email within the window would only fill a
    student's inbox. Both counts go up every time, so neither limit is dodged by varying the other."""
    from_address = is_limited(request, "account_link", client_address(request))
    for_email = is_limited(request, "account_link_email", email.strip().lower())
    return from_address or for_email


class AccountLinkForm(auth_forms.PasswordResetForm):
    """Django's password reset form, sending the school's mail through `messaging` (rendered here,
    delivered after the response) instead of its own, and the activation link to an account that has
    no password yet (Django would skip it)."""

    def get_users(self, email):
        return User.objects.filter(email=email, is_active=True)

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        send_account_link(context["user"])
