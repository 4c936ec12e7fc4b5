"""Admin pieces every app's screens share: record viewsets, inspect and action views, money and day columns."""

import datetime
from decimal import Decimal

from django import forms
from django.db.models import Value
from django.db.models.functions import Concat
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history
from wagtail.admin.views.generic.base import BaseObjectMixin, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button, HeaderButton

from hepcat.dates import day_label, moment_label
from hepcat.money import money


def full_name(person):
    """A person's first and last name as one text, so that a search for "Ada Lovelace" finds her."""
    return Concat(f"{person}__first_name", Value(" "), f"{person}__last_name")


class DayColumn(Column):
    """A date with its weekday: “Thu Jan 8, 2026”."""

    def get_value(self, instance):
        date = super().get_value(instance)
        return day_label(date) if date else None


class RecordHistoryView(history.HistoryView):
    """A record's audit trail. Records are never edited: the record itself opens in its inspect view."""

    inspect_url_name = None

    def get_edit_url(self, instance):
        if self.inspect_url_name:
            return reverse(self.inspect_url_name, args=[instance.pk])
        return None

    @cached_property
    def header_buttons(self):
        url = self.get_edit_url(self.object)
        return [HeaderButton("Inspect", url=url, icon_name="info-circle")] if url else []


class LocalDateTimeColumn(Column):
    """A moment on the school's clock: “Nov. 19, 2026, 10:48 p.m.” (Wagtail's DateColumn shows “3 hours ago”,
    with the time only in a tooltip)."""

    def get_value(self, instance):
        moment = super().get_value(instance)
        return moment_label(moment) if moment else None


class RecordsViewSet(ModelViewSet):
    """Records the school's own rules write (checkouts, the credit ledger, referrals): the admin lists
    them, inspects them, reads their history (the audit trail) or adds them where the viewset enables it,
    but never edits or deletes one."""

    add_view_enabled = False
    history_view_enabled = False
    history_view_class = RecordHistoryView
    copy_view_enabled = False
    # Nothing links to these records from pages or snippets: indexing their references would only slow the
    # checkout down (Wagtail would update the index on every save).
    add_to_reference_index = False

    def get_common_view_kwargs(self, **kwargs):
        # No view may link to the views these records don't have.
        missing = {"edit_url_name": None, "delete_url_name": None, "usage_url_name": None}
        if not self.add_view_enabled:
            missing["add_url_name"] = None
        if not self.history_view_enabled:
            missing["history_url_name"] = None
        return super().get_common_view_kwargs(**{**missing, **kwargs})

    def get_history_view_kwargs(self, **kwargs):
        inspect_url_name = self.get_url_name("inspect") if self.inspect_view_enabled else None
        return super().get_history_view_kwargs(inspect_url_name=inspect_url_name, **kwargs)

    def get_urlpatterns(self):
        patterns = [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]
        if self.add_view_enabled:
            patterns.append(path("new/", self.add_view, name="add"))
        if self.inspect_view_enabled:
            patterns.append(path(f"inspect/<{self.pk_path_converter}:pk>/", self.inspect_view, name="inspect"))
        if self.history_view_enabled:
            patterns += [
                path(f"history/<{self.pk_path_converter}:pk>/", self.history_view, name="history"),
                path(
                    f"history-results/<{self.pk_path_converter}:pk>/",
                    self.history_results_view,
                    name="history_results",
                ),
            ]
        return patterns


class RecordInspectView(generic.InspectView):
    """A record, its amounts shown as money and its moments on the school's clock, with a link to its
    history where it keeps one."""

    history_url_name = None

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        if self.history_url_name:
            url = reverse(self.history_url_name, args=[self.object.pk])
            buttons.append(Button("History", url=url, icon_name="history", priority=30))
        return buttons

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if value is None:
            return "—"
        if isinstance(value, Decimal):
            return money(value)
        # Wagtail shows a moment as the database keeps it, in UTC.
        return moment_label(value) if isinstance(value, datetime.datetime) else value


class ConfirmationForm(forms.Form):
    """Nothing to fill in: the button of an ObjectActionView confirms the action its page describes."""


class ObjectActionView(PermissionCheckedMixin, WagtailAdminTemplateMixin, BaseObjectMixin, FormView):
    """A form about one record that hands what it asks for to a service of the school's rules.

    Each action says what it is about (`get_description`), does it (`act`) and says what it did
    (`get_success_message`). What the service refuses (one of `refusals`, whose `message` says why)
    is shown on the form, and nothing is saved.
    """

    template_name = "hepcat/admin/object_action.html"
    submit_button_label = ""
    refusals = ()
    index_url_name = None
    inspect_url_name = None

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": capfirst(self.model._meta.verbose_name_plural)},
            {"url": self.inspect_url, "label": str(self.object)},
            {"url": "", "label": self.page_title},
        ]

    @cached_property
    def inspect_url(self):
        return reverse(self.inspect_url_name, args=[self.object.pk])

    def get_context_data(self, **kwargs):
        return super().get_context_data(description=self.get_description(), back_url=self.inspect_url, **kwargs)

    def form_valid(self, form):
        try:
            self.act(form.cleaned_data)
        except self.refusals as refusal:
            form.add_error(None, refusal.message)
            return self.form_invalid(form)
        messages.success(self.request, self.get_success_message())
        return redirect(self.inspect_url)
