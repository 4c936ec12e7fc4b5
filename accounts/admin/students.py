"""Picking a student in a staff form: a chooser searched by name or email, instead of a list of every person the
school knows (the credit form's dropdown had 160 of them)."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q, Value
from django.db.models.functions import Concat
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import chooser
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.widgets.chooser import BaseChooser
from wagtail.permission_policies import ModelPermissionPolicy

from ..models import User

PEOPLE = ModelPermissionPolicy(User)


def student_label(user):
    """Two students may share a name: the email tells them apart."""
    name = user.get_full_name()
    return f"{name} ({user.email})" if name else user.email


class StudentSearchForm(BaseFilterForm):
    q = forms.CharField(
        label="Search by name or email",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "Name or email"}),
    )

    def filter(self, objects):
        query = " ".join(self.cleaned_data.get("q", "").split())
        if query:
            objects = objects.annotate(name=Concat("first_name", Value(" "), "last_name")).filter(
                Q(name__icontains=query) | Q(email__icontains=query)
            )
            self.is_searching, self.search_query = True, query
        return objects


class MayLookUpPeople:
    """Names and email addresses of the school's people are for staff who may see its users (the Admins), not
    for every teacher who can open the admin."""

    def dispatch(self, request, *args, **kwargs):
        if not PEOPLE.user_has_any_permission(request.user, ["view", "change"]):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class StudentListing:
    filter_form_class = StudentSearchForm
    ordering = ["first_name", "last_name", "email"]

    @property
    def columns(self):
        return [*super().columns, Column("email", label="Email")]


class ChooseView(MayLookUpPeople, StudentListing, chooser.ChooseView):
    pass


class ChooseResultsView(MayLookUpPeople, StudentListing, chooser.ChooseResultsView):
    pass


class ChosenView(MayLookUpPeople, chooser.ChosenView):
    def get_display_title(self, instance):
        return student_label(instance)


class StudentChooser(BaseChooser):
    def get_display_title(self, instance):
        return student_label(instance)


class StudentChooserViewSet(ChooserViewSet):
    model = User
    base_widget_class = StudentChooser
    icon = "user"
    choose_one_text = "Choose a student"
    choose_another_text = "Choose another student"
    page_title = "Choose a student"
    per_page = 20
    choose_view_class = ChooseView
    choose_results_view_class = ChooseResultsView
    chosen_view_class = ChosenView
    # Only the forms that pick a student use it: a form picking a teacher keeps its own list.
    register_widget = False

    def get_urlpatterns(self):
        # People are added in the users admin, not from a chooser.
        chosen = {"choose", "choose_results", "chosen"}
        return [pattern for pattern in super().get_urlpatterns() if pattern.name in chosen]


student_chooser_viewset = StudentChooserViewSet("student_chooser", url_prefix="students/choose")
