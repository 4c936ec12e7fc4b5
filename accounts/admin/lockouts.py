"""Login lockouts in the Wagtail admin: who is locked out after failed logins, and unlocking them.

django-axes counts failed logins per email and client address (settings AXES_*). Admins (the only role
with axes' permissions) see the counts and unlock someone, for example after a phone call.
"""

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import DeleteView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton


def locked_until(attempt):
    """When the lockout of these failed logins ends, or None if they don't lock anyone out."""
    if attempt.failures_since_start < settings.AXES_FAILURE_LIMIT:
        return None
    until = attempt.attempt_time + settings.AXES_COOLOFF_TIME
    return until if until > timezone.now() else None


def lockout_status(attempt):
    until = locked_until(attempt)
    return f"Locked out until {date_format(timezone.localtime(until), 'g:i A')}" if until else "Not locked out"


class LockoutIndexView(IndexView):
    def get_list_buttons(self, instance):
        if not (unlock_url := self.get_delete_url(instance)):
            return []
        return [ListingButton("Unlock", url=unlock_url, icon_name="lock-open", priority=10)]


class UnlockView(DeleteView):
    """Unlocking forgets the failed logins from that email and address: the person may try again at once."""

    page_title = "Unlock"
    template_name = "accounts/admin/unlock.html"

    @property
    def confirmation_message(self):
        return f"Let {self.object.username} log in again from {self.object.ip_address}, without waiting?"

    def delete_action(self):
        reset(ip=self.object.ip_address, username=self.object.username)

    def get_success_message(self):
        return f"{self.object.username} can log in again from {self.object.ip_address}."


class LockoutViewSet(ModelViewSet):
    model = AccessAttempt
    name = "lockouts"
    icon = "lock"
    menu_label = "Login lockouts"
    add_to_settings_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    index_view_class = LockoutIndexView
    delete_view_class = UnlockView
    list_display = [
        Column("username", label="Email"),
        Column("ip_address", label="Client address"),
        Column("failures_since_start", label="Failed logins"),
        DateColumn("attempt_time", label="Last failed login", sort_key="attempt_time"),
        Column("status", label="Status", accessor=lockout_status),
    ]
    search_fields = ["username", "ip_address"]
    ordering = "-attempt_time"

    def get_common_view_kwargs(self, **kwargs):
        # Failed logins are only looked at and forgotten: no view may link to adding or editing one.
        return super().get_common_view_kwargs(
            **{
                "add_url_name": None,
                "edit_url_name": None,
                "history_url_name": None,
                "usage_url_name": None,
                "delete_url_name": self.get_url_name("unlock"),
                **kwargs,
            }
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("unlock/<int:pk>/", self.delete_view, name="unlock"),
        ]
