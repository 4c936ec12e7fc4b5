"""A person's data in the Wagtail admin (DESIGN §5): an admin downloads it, or closes the account, when the
student asks them to. Both are actions of the user's page and its row in the users list, and both are written in
the person's history with who did them (classes.services.personal_data)."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets import Button
from wagtail.permission_policies import ModelPermissionPolicy

from accounts.models import User
from classes.services.personal_data import (
    DOWNLOADS,
    AccountClosingError,
    close_account,
    download_personal_data,
    unfinished_seats,
)
from classes.views.personal_data import attachment
from hepcat.admin import ConfirmationForm, ObjectActionView

USERS = ModelPermissionPolicy(User)


class PersonActionView(ObjectActionView):
    """An action on a person's account. Like editing it, not on a superuser's unless by a superuser."""

    model = User
    permission_policy = USERS
    index_url_name = "wagtailusers_users:index"
    inspect_url_name = "wagtailusers_users:edit"

    def dispatch(self, request, *args, **kwargs):
        if self.object.is_superuser and not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class DownloadForm(forms.Form):
    kind = forms.ChoiceField(
        label="As",
        choices=[(kind, download.label) for kind, download in DOWNLOADS.items()],
        initial="json",
        widget=forms.RadioSelect,
    )


class DownloadDataView(PersonActionView):
    form_class = DownloadForm
    page_title = "Download their data"
    submit_button_label = "Download"
    permission_required = "change"

    def get_description(self):
        return (
            f"Everything the school keeps about {self.object}: profile, registrations, orders, payments, credit, "
            "attendance and reviews, for them at their request. The download is written in their history."
        )

    def form_valid(self, form):
        return attachment(*download_personal_data(self.object, form.cleaned_data["kind"], by=self.request.user))


class CloseAccountView(PersonActionView):
    form_class = ConfirmationForm
    page_title = "Close the account"
    submit_button_label = "Close the account"
    permission_required = "delete"
    refusals = (AccountClosingError,)

    def get_description(self):
        seats = ", ".join(str(seat.class_offer) for seat in unfinished_seats(self.object))
        waiting = f" First, cancel their place in {seats}: it hasn't finished." if seats else ""
        return (
            f"At {self.object}'s request: their name, email, phone and profile are removed, and they can no longer "
            "log in. Their orders and payments stay, without who paid, for the school's books; their reviews stay, "
            f"anonymous. This can't be undone.{waiting}"
        )

    def act(self, data):
        close_account(self.object, by=self.request.user)

    def get_success_message(self):
        return "The account is closed: its personal details are removed."


class PersonalDataViewSet(ViewSet):
    name = "personal_data"
    url_prefix = "people"

    def get_urlpatterns(self):
        return [
            path("<int:pk>/data/", self.construct_view(DownloadDataView), name="download"),
            path("<int:pk>/close/", self.construct_view(CloseAccountView), name="close"),
        ]


def personal_data_buttons(user, request_user):
    """The actions of a user's page and of their row in the users list, for whoever may take them."""
    if user.is_superuser and not request_user.is_superuser:
        return []
    buttons = []
    if USERS.user_has_permission(request_user, "change"):
        url = reverse("personal_data:download", args=[user.pk])
        buttons.append(Button("Download their data", url=url, icon_name="download", priority=60))
    if user.is_active and USERS.user_has_permission(request_user, "delete"):
        url = reverse("personal_data:close", args=[user.pk])
        buttons.append(Button("Close the account", url=url, icon_name="cross", priority=70))
    return buttons
