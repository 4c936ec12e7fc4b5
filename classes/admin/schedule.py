"""The class schedule in the Wagtail admin: sessions, class offers, levels and locations, and copying a
session's classes into the next one."""

from urllib.parse import urlsplit

import django_filters
from django import forms
from django.conf import settings
from django.db.models import Prefetch, Q
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, Panel
from wagtail.admin.ui.tables import Column, LiveStatusTagColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets import Button
from wagtail.models import WorkflowState
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.views.snippets import CreateView, EditView, IndexView, SnippetViewSet, SnippetViewSetGroup

from accounts.roles import sees_money
from classes.admin.rosters import RosterView
from classes.forms.admin import CopyClassesForm, SessionForm
from classes.models import ClassOffer, Level, Location, Session, SubjectPage
from classes.models.sessions import WEEKDAY_NAMES
from classes.services.schedule import (
    NoNextSession,
    approve_and_publish,
    copy_class_offers,
    may_publish_class_offers,
    plan_class_copy,
)
from hepcat.admin import DayColumn
from hepcat.dates import day_label

from .progress import LevelOverrideViewSet

CLASS_OFFER_PERMISSIONS = ModelPermissionPolicy(ClassOffer)


# Sessions


class SuggestedKeyDayPanel(Panel):
    """Tells the admin which weekday the school has held classes on in the most sessions."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "classes/admin/suggested_key_day_panel.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.suggested_day = WEEKDAY_NAMES.get(Session.suggested_key_weekday())

        def is_shown(self):
            return self.suggested_day is not None


class SessionDatesPanel(Panel):
    """The dates the saved session works out to: its window, start and end, and each weekday's meetings."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "classes/admin/session_dates_panel.html"

        def is_shown(self):
            return self.instance.pk is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            # The form's instance holds whatever was just typed, which may not add up to a session:
            # show the session as it is saved.
            session = Session.objects.prefetch_related("skip_dates").get(pk=self.instance.pk)
            context["session"] = session
            context["meetings_by_day"] = [(day, session.class_meetings(day.weekday())) for day in session.window_days]
            return context


def copy_classes_button(session, user, url_name):
    """The button to copy a session's classes into the next session, for those who may add class offers."""
    if CLASS_OFFER_PERMISSIONS.user_has_permission(user, "add"):
        return Button("Copy classes to next session", url=reverse(url_name, args=[session.pk]), icon_name="copy")
    return None


class SessionIndexView(IndexView):
    copy_classes_url_name = None

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if button := copy_classes_button(instance, self.request.user, self.copy_classes_url_name):
            buttons.append(button)
        return buttons


class SessionCreateView(CreateView):
    def get_initial(self):
        # A new session follows on from the latest regular one (DESIGN §3.2).
        return {**super().get_initial(), **Session.next_defaults()}


class SessionEditView(EditView):
    copy_classes_url_name = None

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        if button := copy_classes_button(self.object, self.request.user, self.copy_classes_url_name):
            buttons.append(button)
        return buttons

    def get_success_message(self):
        # Moving this session's expire date can move the next session's publish date with it: say so,
        # as the admin only edited this one.
        message = super().get_success_message()
        for following in self.object.sessions_that_followed:
            message += (
                f" {following.name} is now published on {day_label(following.publish_date)}, the day this "
                "session stops being listed."
            )
        return message


class CopyClassesView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Shows which classes of a session will be copied into the next session, and copies them on confirmation."""

    permission_policy = CLASS_OFFER_PERMISSIONS
    permission_required = "add"
    template_name = "classes/admin/copy_classes.html"
    page_title = "Copy classes to next session"
    index_url_name = None
    edit_url_name = None

    def setup(self, request, *args, pk, **kwargs):
        super().setup(request, *args, **kwargs)
        self.session = get_object_or_404(Session, pk=pk)

    def get_page_subtitle(self):
        return self.session.name

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": "Sessions"},
            {"url": reverse(self.edit_url_name, args=[self.session.pk]), "label": self.session.name},
            {"url": "", "label": self.page_title},
        ]

    def get(self, request, *args, **kwargs):
        try:
            form = self.get_form()
        except NoNextSession as error:
            messages.error(request, str(error))
            return redirect(self.index_url_name)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        try:
            form = self.get_form(request.POST)
        except NoNextSession as error:
            messages.error(request, str(error))
            return redirect(self.index_url_name)
        if not form.is_valid():
            messages.error(request, "Choose one of the listed subjects for each copy.")
            return self.render_to_response(self.get_context_data(form=form))
        result = copy_class_offers(
            self.session,
            user=request.user,
            subjects=form.chosen_subjects(),
            publish=form.cleaned_data.get("publish", False),
        )
        messages.success(request, self.success_message(result))
        class_offers_url = reverse(ClassOffer.snippet_viewset.get_url_name("list"))
        return redirect(f"{class_offers_url}?session={result.to_session.pk}")

    def get_form(self, data=None):
        """The choices the plan offers: a subject for each copy (its next version to begin with), and publishing."""
        self.plan = plan_class_copy(self.session)
        in_plan = [planned.subject.pk for planned in self.plan.to_copy]
        subjects = (
            SubjectPage.objects.filter(Q(live=True) | Q(pk__in=in_plan))
            .select_related("level")
            .order_by("level__rank", "level__name", "version", "title")
        )
        may_publish = not settings.ASSUME_CLASS_APPROVE and may_publish_class_offers(self.request.user)
        return CopyClassesForm(data, plan=self.plan, subjects=subjects, may_publish=may_publish)

    def get_context_data(self, **kwargs):
        return super().get_context_data(plan=self.plan, assume_class_approve=settings.ASSUME_CLASS_APPROVE, **kwargs)

    def success_message(self, result):
        copied = len(result.copied)
        message = f"Copied {copied} class{'es' if copied != 1 else ''} from {self.session.name} into "
        message += f"{result.to_session.name}."
        if result.skipped:
            message += f" Skipped {len(result.skipped)}: " + " ".join(skipped.reason for skipped in result.skipped)
        if result.published:
            message += " " + published_message(result.published)
        return message


class SessionViewSet(SnippetViewSet):
    model = Session
    icon = "date"
    menu_label = "Sessions"
    index_view_class = SessionIndexView
    add_view_class = SessionCreateView
    edit_view_class = SessionEditView
    # A copy would overlap the session it was copied from; a new session starts from suggested dates instead.
    copy_view_enabled = False
    list_display = [
        "name",
        DayColumn("key_day_date", label="Key day", sort_key="key_day_date"),
        DayColumn("start_date", label="Start"),
        DayColumn("end_date", label="End"),
        DayColumn("publish_date", label="Publish date", sort_key="publish_date"),
        DayColumn("expire_date", label="Expire date", sort_key="expire_date"),
        Column("num_weeks", label="Weeks", sort_key="num_weeks"),
        Column("is_short", label="Length", accessor=lambda session: "Short" if session.is_short else "Regular"),
    ]
    ordering = "-key_day_date"
    edit_handler = ObjectList(
        [
            SuggestedKeyDayPanel(heading="Suggested key day"),
            FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
            FieldRowPanel([FieldPanel("key_day_date"), FieldPanel("max_day_shift")]),
            FieldRowPanel([FieldPanel("num_weeks"), FieldPanel("break_weeks")]),
            FieldRowPanel([FieldPanel("publish_date"), FieldPanel("expire_date")]),
            InlinePanel(
                "skip_dates",
                heading="Skip dates",
                label="Skip date",
                panels=[FieldRowPanel([FieldPanel("date"), FieldPanel("reason")])],
            ),
            SessionDatesPanel(heading="Dates as saved"),
        ],
        base_form_class=SessionForm,
    )

    def get_queryset(self, request):
        return Session.objects.prefetch_related("skip_dates")

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(copy_classes_url_name=self.get_url_name("copy_classes"), **kwargs)

    @property
    def copy_classes_view(self):
        return self.construct_view(
            CopyClassesView, permission_policy=CLASS_OFFER_PERMISSIONS, breadcrumbs_items=self.breadcrumbs_items
        )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("copy-classes/<int:pk>/", self.copy_classes_view, name="copy_classes"),
        ]


# Class offers


class ClassOfferFilterSet(WagtailFilterSet):
    level = django_filters.ModelChoiceFilter(field_name="subject__level", queryset=Level.objects.all(), label="Level")

    class Meta:
        model = ClassOffer
        fields = ["session", "level", "class_day"]


def awaiting_approval():
    """The status column asks each class offer whether it awaits approval: fetch the answers at once."""
    return Prefetch(
        "workflow_states",
        queryset=WorkflowState.objects.active().select_related("current_task_state__task"),
        to_attr="_current_workflow_states",
    )


def approval_status(class_offer):
    """Wagtail's words for where a class offer stands, from what the listing fetched with it.

    Wagtail's own status also asks, one query per class offer, whether publishing is scheduled; the
    class offer form offers no publishing schedule, so that question is left out.
    """
    in_moderation = class_offer.workflow_in_progress
    if not class_offer.live:
        return "in moderation" if in_moderation else "draft"
    if in_moderation:
        return "live + in moderation"
    return "live + draft" if class_offer.has_unpublished_changes else "live"


def seats_taken(class_offer):
    """Seats taken of the capacity (“12/16”), from the listing's `with_seats_left`."""
    return f"{class_offer.capacity - class_offer.seats_left}/{class_offer.capacity}"


class SeatsColumn(Column):
    """Seats taken of the capacity; for those who may open rosters, as “Students (12/16)”, a link to the roster."""

    cell_template_name = "classes/admin/seats_cell.html"

    def __init__(self, *args, roster_url_name=None, **kwargs):
        super().__init__(*args, accessor=seats_taken, **kwargs)
        self.roster_url_name = roster_url_name

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        if self.roster_url_name:
            context["roster_url"] = reverse(self.roster_url_name, args=[instance.pk])
        return context


class ClassOfferIndexView(IndexView):
    roster_url_name = None

    @cached_property
    def columns(self):
        """The rosters show money: the seats link to them for those who may see it."""
        if not sees_money(self.request.user):
            return super().columns
        return [
            SeatsColumn(column.name, label=column.label, sort_key=column.sort_key, roster_url_name=self.roster_url_name)
            if isinstance(column, SeatsColumn)
            else column
            for column in super().columns
        ]


class ClassOfferEditView(EditView):
    roster_url_name = None

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        if sees_money(self.request.user):
            url = reverse(self.roster_url_name, args=[self.object.pk])
            buttons.append(Button("Roster", url=url, icon_name="group", priority=5))
        return buttons


class ClassOfferViewSet(SnippetViewSet):
    model = ClassOffer
    icon = "group"
    menu_label = "Class offers"
    index_view_class = ClassOfferIndexView
    edit_view_class = ClassOfferEditView
    list_display = [
        "subject",
        "session",
        Column("level", label="Level", accessor=lambda class_offer: class_offer.subject.level_label),
        "class_day",
        "start_time",
        DayColumn("start_date", label="First class"),
        DayColumn("end_date", label="Last class"),
        Column(
            "teachers",
            label="Teachers",
            accessor=lambda class_offer: ", ".join(str(teacher) for teacher in class_offer.teachers.all()),
        ),
        SeatsColumn("capacity", label="Seats", sort_key="capacity"),
        LiveStatusTagColumn(accessor=approval_status),
    ]
    filterset_class = ClassOfferFilterSet
    list_per_page = 50  # a whole session's classes on one page
    panels = [
        FieldPanel("subject"),
        FieldRowPanel([FieldPanel("session"), FieldPanel("location")]),
        FieldPanel("teachers", widget=forms.CheckboxSelectMultiple),
        FieldRowPanel([FieldPanel("class_day"), FieldPanel("start_time")]),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("price_override")]),
        FieldPanel("note"),
        # Teachers read these in My classes; blank follows the subject's (DESIGN §3.3).
        MultiFieldPanel(
            [FieldPanel("class_plan"), FieldPanel("syllabus")],
            heading="This run's own class plan and syllabus",
            classname="collapsed",
        ),
    ]

    def get_queryset(self, request):
        return ClassOffer.objects.for_listing().prefetch_related(awaiting_approval())

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(roster_url_name=self.get_url_name("roster"), **kwargs)

    def roster_view(self, for_print=False):
        return self.construct_view(
            RosterView,
            for_print=for_print,
            print_url_name=self.get_url_name("roster_print"),
            breadcrumbs_items=self.breadcrumbs_items,
        )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("roster/<int:pk>/", self.roster_view(), name="roster"),
            path("roster/<int:pk>/print/", self.roster_view(for_print=True), name="roster_print"),
        ]


def published_message(result):
    """What approving and publishing did, and why any class offer was left as it was."""
    count = len(result.published)
    message = f"Approved and published {count} class offer{'s' if count != 1 else ''}."
    if result.not_published:
        message += f" Not published ({len(result.not_published)}): "
        message += " ".join(skipped.reason for skipped in result.not_published)
    return message


class ApproveAndPublishBulkAction(SnippetBulkAction):
    """Several class offers live in one go, such as a session just copied: those awaiting approval are approved,
    the drafts published (classes.services.schedule.approve_and_publish)."""

    display_name = "Approve and publish"
    action_type = "approve_and_publish"
    aria_label = "Approve and publish the selected class offers"
    template_name = "classes/admin/confirm_bulk_approve_and_publish.html"
    action_priority = 10
    models = [ClassOffer]

    @classmethod
    def get_queryset(cls, model, object_ids):
        # What the address says is selected: an id that is no number selects nothing rather than fail.
        ids = [object_id for object_id in object_ids if str(object_id).isdigit()]
        offers = ClassOffer.objects.filter(pk__in=ids).select_related("subject", "session")
        return offers.prefetch_related(awaiting_approval()).in_schedule_order()

    def get_all_objects_in_listing_query(self, parent_id):
        """“Select all in listing” means the rows of the listing as filtered (one session's, say), which the
        listing's address the action returns to says; Wagtail would take every class offer of every session."""
        filters = QueryDict(urlsplit(self.next_url).query)
        return ClassOfferFilterSet(filters, queryset=ClassOffer.objects.all()).qs.values_list("pk", flat=True)

    def check_perm(self, class_offer):
        return CLASS_OFFER_PERMISSIONS.user_has_permission(self.request.user, "publish")

    def object_context(self, class_offer):
        return {**super().object_context(class_offer), "status": approval_status(class_offer)}

    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user}

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        kwargs["self"].result = approve_and_publish(objects, by=user)
        return len(kwargs["self"].result.published), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return published_message(self.result)


# Levels and locations


class LevelViewSet(SnippetViewSet):
    model = Level
    icon = "pick"
    menu_label = "Levels"
    list_display = ["name", "code", "rank", "completion_rule"]
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("code")]),
        FieldRowPanel([FieldPanel("rank"), FieldPanel("completion_rule")]),
    ]


class LocationViewSet(SnippetViewSet):
    model = Location
    icon = "site"
    menu_label = "Locations"
    list_display = ["name", Column("full_address", label="Address")]
    panels = [
        FieldPanel("name"),
        FieldPanel("address"),
        FieldRowPanel([FieldPanel("city"), FieldPanel("state"), FieldPanel("postcode")]),
        FieldPanel("map_link"),
    ]


class ClassScheduleGroup(SnippetViewSetGroup):
    menu_label = "Classes"
    menu_icon = "calendar"
    items = [SessionViewSet, ClassOfferViewSet, LevelViewSet, LevelOverrideViewSet, LocationViewSet]
