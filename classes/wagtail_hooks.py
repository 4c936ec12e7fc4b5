"""The class schedule in the Wagtail admin: sessions, class offers, levels and locations; and the
orders and registrations that come from the checkout."""

from decimal import Decimal

import django_filters
from django import forms
from django.conf import settings
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.views.generic import FormView, TemplateView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList, Panel
from wagtail.admin.ui.tables import Column, DateColumn, LiveStatusTagColumn, Table, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import BaseObjectMixin, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSetGroup
from wagtail.admin.widgets import Button, HeaderButton
from wagtail.models import WorkflowState
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, EditView, IndexView, SnippetViewSet, SnippetViewSetGroup

from accounts.wagtail_hooks import RecordsViewSet, full_name, money
from classes.forms import SessionForm
from classes.models import (
    ClassOffer,
    Level,
    Location,
    Order,
    PaymentMethod,
    Registration,
    Session,
)
from classes.models.sessions import WEEKDAY_NAMES, day_label
from classes.services.checkout import CheckoutError, cancel_registration, record_door_payment
from classes.services.schedule import NoNextSession, copy_class_offers, plan_class_copy, publish_if_approval_assumed

CLASS_OFFER_PERMISSIONS = ModelPermissionPolicy(ClassOffer)


class DayColumn(Column):
    """A date with its weekday, the way the school talks about class days: “Thu Jan 8, 2026”."""

    def get_value(self, instance):
        date = super().get_value(instance)
        return day_label(date) if date else None


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
            plan = plan_class_copy(self.session)
        except NoNextSession as error:
            messages.error(request, str(error))
            return redirect(self.index_url_name)
        context = self.get_context_data(plan=plan, assume_class_approve=settings.ASSUME_CLASS_APPROVE)
        return self.render_to_response(context)

    def post(self, request, *args, **kwargs):
        try:
            result = copy_class_offers(self.session, user=request.user)
        except NoNextSession as error:
            messages.error(request, str(error))
            return redirect(self.index_url_name)
        messages.success(request, self.success_message(result))
        class_offers_url = reverse(ClassOffer.snippet_viewset.get_url_name("list"))
        return redirect(f"{class_offers_url}?session={result.to_session.pk}")

    def success_message(self, result):
        copied = len(result.copied)
        message = f"Copied {copied} class{'es' if copied != 1 else ''} from {self.session.name} into "
        message += f"{result.to_session.name}."
        if result.skipped:
            message += f" Skipped {len(result.skipped)}: " + " ".join(skipped.reason for skipped in result.skipped)
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


class ClassOfferViewSet(SnippetViewSet):
    model = ClassOffer
    icon = "group"
    menu_label = "Class offers"
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
        Column("capacity", label="Seats", sort_key="capacity"),
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
    ]

    def get_queryset(self, request):
        # The status column asks each class offer whether it awaits approval: fetch the answers at once.
        awaiting_approval = Prefetch(
            "workflow_states",
            queryset=WorkflowState.objects.active().select_related("current_task_state__task"),
            to_attr="_current_workflow_states",
        )
        return ClassOffer.objects.for_listing().prefetch_related(awaiting_approval)


@hooks.register("after_create_snippet")
def publish_new_class_offer_when_approval_is_assumed(request, instance):
    if isinstance(instance, ClassOffer):
        publish_if_approval_assumed(instance, request.user)


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
    items = [SessionViewSet, ClassOfferViewSet, LevelViewSet, LocationViewSet]


register_snippet(ClassScheduleGroup)


# Orders and registrations (DESIGN §4). They come from the checkout: the admin looks at them, takes
# payments at the door and cancels registrations, always through the checkout's services.

PAYMENT_METHODS = dict(PaymentMethod.choices)


def owed_text(order):
    owed = order.amount_owed
    if owed > 0:
        return f"Order {order.reference} owes {money(owed)}."
    if owed < 0:
        return f"The school owes {money(-owed)} back on order {order.reference}."
    return f"Order {order.reference} is paid in full."


def class_name(registration):
    return f"{registration.class_offer.subject.title} ({registration.class_offer.day_name}s)"


def class_names(order):
    """Each class of the order, with what became of it unless the seat is simply taken."""
    names = []
    for registration in order.registrations.all():
        name = class_name(registration)
        if registration.status not in (Registration.Status.HELD, Registration.Status.CONFIRMED):
            name += f": {registration.get_status_display().lower()}"
        names.append(name)
    return "; ".join(names)


def discounts(registration):
    taken_off = registration.pre_pay_discount + registration.multi_class_discount
    return money(-taken_off) if taken_off else ""


def recent_class_offers():
    return ClassOffer.objects.select_related("subject", "session").order_by(
        "-session__key_day_date", "class_day", "start_time"
    )


class RecordInspectView(generic.InspectView):
    """An order or a registration, its amounts shown as money."""

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if value is None:
            return "—"
        return money(value) if isinstance(value, Decimal) else value


class CheckoutActionView(PermissionCheckedMixin, WagtailAdminTemplateMixin, BaseObjectMixin, FormView):
    """A form about one order or registration that hands what it asks for to a checkout service.

    Each action says what it is about (`get_description`), does it (`act`) and says what it did
    (`get_success_message`). What the service refuses (a CheckoutError) is shown on the form, and
    nothing is saved.
    """

    template_name = "classes/admin/checkout_action.html"
    submit_button_label = ""
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
        except CheckoutError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, self.get_success_message())
        return redirect(self.inspect_url)


# Orders


class DoorPaymentForm(forms.Form):
    amount = forms.DecimalField(label="Amount received", max_digits=9, decimal_places=2)


class RecordDoorPaymentView(CheckoutActionView):
    model = Order
    permission_required = "change"
    form_class = DoorPaymentForm
    page_title = "Record a door payment"
    submit_button_label = "Record the payment"

    def get_initial(self):
        return {"amount": max(self.object.amount_owed, 0)}

    def get_description(self):
        order = self.object
        return (
            f"Money taken at the door for {order.attendee}'s classes: {class_names(order)}. "
            f"The order comes to {money(order.amount_due)}. {owed_text(order)}"
        )

    def act(self, data):
        self.amount = data["amount"]
        record_door_payment(self.object, self.amount, by=self.request.user)

    def get_success_message(self):
        return f"Recorded {money(self.amount)} paid at the door. {owed_text(self.object)}"


def door_payment_button(view, order, owed, button_class):
    """The button to take a payment at the door, for an order that owes money."""
    if owed > 0 and view.user_has_permission("change"):
        url = reverse(view.record_door_payment_url_name, args=[order.pk])
        return button_class("Record a door payment", url=url, icon_name="plus")
    return None


class OrderIndexView(generic.IndexView):
    record_door_payment_url_name = None

    def get_base_queryset(self):
        classes = Prefetch("registrations", queryset=Registration.objects.select_related("class_offer__subject"))
        orders = Order.objects.select_related("attendee", "payer").prefetch_related(classes)
        return orders.with_amounts().annotate(attendee_name=full_name("attendee"), payer_name=full_name("payer"))

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if button := door_payment_button(self, instance, instance.amount_owed, Button):
            buttons.append(button)
        return buttons


ORDER_CLASS_COLUMNS = [
    TitleColumn(
        "class",
        label="Class",
        accessor=class_name,
        get_url=lambda registration: reverse("registrations:inspect", args=[registration.pk]),
    ),
    Column("session", label="Session", accessor="class_offer.session"),
    Column("status", label="Status", accessor="get_status_display"),
    Column("price", label="Full price", accessor=lambda registration: money(registration.price)),
    Column("discounts", label="Discounts", accessor=discounts),
    Column("line_total", label="Price", accessor=lambda registration: money(registration.line_total)),
]
PAYMENT_COLUMNS = [
    Column("method", label="Method", accessor=lambda payment: PAYMENT_METHODS.get(payment.variant)),
    Column("status", label="Status", accessor="get_status_display"),
    Column("captured", label="Received", accessor=lambda payment: money(payment.captured_amount)),
    Column("recorded_by", label="Recorded by"),
    DateColumn("created", label="When"),
]
LEDGER_COLUMNS = [  # what was taken off the order, and its credit entries
    Column("reason", label="Reason"),
    Column("amount", label="Amount", accessor=lambda entry: money(entry.amount)),
    Column("created_by", label="By"),
    DateColumn("created_at", label="When"),
]


class OrderInspectView(RecordInspectView):
    """An order with its classes, payments, what was taken off it and its credit, and what it still owes."""

    template_name = "classes/admin/order_inspect.html"
    record_door_payment_url_name = None

    def get_object(self):
        return get_object_or_404(Order.objects.select_related("attendee", "payer"), pk=self.pk)

    @cached_property
    def header_buttons(self):
        button = door_payment_button(self, self.object, self.object.amount_owed, HeaderButton)
        return [button] if button else []

    def get_context_data(self, **kwargs):
        order = self.object
        registrations = order.registrations.select_related("class_offer__subject", "class_offer__session")
        sections = [
            ("Classes", ORDER_CLASS_COLUMNS, registrations),
            ("Payments", PAYMENT_COLUMNS, order.payments.select_related("recorded_by")),
            ("Taken off the order", LEDGER_COLUMNS, order.adjustments.select_related("created_by")),
            ("Credit", LEDGER_COLUMNS, order.credit_entries.select_related("created_by")),
        ]
        tables = [(heading, Table(columns, list(rows))) for heading, columns, rows in sections]
        return super().get_context_data(sections=tables, **kwargs)


class OrderFilterSet(WagtailFilterSet):
    session = django_filters.ModelChoiceFilter(
        field_name="registrations__class_offer__session", queryset=Session.objects.all(), label="Session", distinct=True
    )
    class_offer = django_filters.ModelChoiceFilter(
        field_name="registrations__class_offer", queryset=recent_class_offers(), label="Class", distinct=True
    )

    class Meta:
        model = Order
        fields = ["session", "class_offer", "status", "method"]


class OrderViewSet(RecordsViewSet):
    model = Order
    name = "orders"
    icon = "form"
    inspect_view_enabled = True
    index_view_class = OrderIndexView
    inspect_view_class = OrderInspectView
    list_display = [
        "reference",
        Column("attendee", label="Attendee"),
        Column(
            "payer", label="Payer", accessor=lambda order: "" if order.payer_id == order.attendee_id else order.payer
        ),
        Column("classes", label="Classes", accessor=class_names),
        "status",
        "method",
        Column("total", label="Total", accessor=lambda order: money(order.total), sort_key="total"),
        Column("owed", label="Owed", accessor=lambda order: money(order.amount_owed), sort_key="annotated_amount_owed"),
        DateColumn("created_at", label="Created", sort_key="created_at"),
    ]
    filterset_class = OrderFilterSet
    search_fields = ["reference", "attendee_name", "payer_name", "attendee__email", "payer__email"]
    ordering = "-created_at"
    inspect_view_fields = [
        "reference",
        "attendee",
        "payer",
        "status",
        "method",
        "subtotal",
        "pre_pay_discount",
        "multi_class_discount",
        "credit_applied",
        "total",
        "door_total",
        "amount_due",
        "amount_paid",
        "amount_owed",
        "created_at",
        "confirmed_at",
        "paid_at",
    ]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            record_door_payment_url_name=self.get_url_name("record_door_payment"), **kwargs
        )

    @property
    def record_door_payment_view(self):
        return self.construct_view(RecordDoorPaymentView)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("record-door-payment/<int:pk>/", self.record_door_payment_view, name="record_door_payment"),
        ]


# Registrations


class CancelRegistrationForm(forms.Form):
    refund_as_credit = forms.BooleanField(
        label="Give credit instead of a refund",
        required=False,
        help_text="What was paid for this class goes to the student's credit, for a later class.",
    )


class CancelRegistrationView(CheckoutActionView):
    model = Registration
    permission_required = "change"
    form_class = CancelRegistrationForm
    page_title = "Cancel registration"
    submit_button_label = "Cancel the registration"

    def get_base_object_queryset(self):
        return Registration.objects.select_related("attendee", "order", "class_offer__subject", "class_offer__session")

    def get_description(self):
        registration = self.object
        return (
            f"Cancel {registration.attendee}'s place in {registration.class_offer}? Order "
            f"{registration.order.reference} no longer charges for the class, and the seat is offered to the next "
            "person on the waitlist, if anyone is waiting."
        )

    def act(self, data):
        cancel_registration(self.object, refund_as_credit=data["refund_as_credit"], by=self.request.user)

    def get_success_message(self):
        return f"Cancelled {self.object}. {owed_text(self.object.order)}"


def cancel_button(view, registration, button_class):
    """The button to cancel a registration that isn't cancelled yet."""
    if registration.status != Registration.Status.CANCELLED and view.user_has_permission("change"):
        url = reverse(view.cancel_url_name, args=[registration.pk])
        return button_class("Cancel registration", url=url, icon_name="cross")
    return None


class RegistrationIndexView(generic.IndexView):
    cancel_url_name = None

    def get_base_queryset(self):
        return Registration.objects.select_related(
            "attendee", "order", "class_offer__subject", "class_offer__session"
        ).annotate(attendee_name=full_name("attendee"))

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        order_url = reverse("orders:inspect", args=[instance.order_id])
        buttons.append(Button(f"Order {instance.order.reference}", url=order_url, icon_name="form"))
        if button := cancel_button(self, instance, Button):
            buttons.append(button)
        return buttons


class RegistrationInspectView(RecordInspectView):
    cancel_url_name = None

    @cached_property
    def header_buttons(self):
        button = cancel_button(self, self.object, HeaderButton)
        return [button] if button else []


class RegistrationFilterSet(WagtailFilterSet):
    session = django_filters.ModelChoiceFilter(
        field_name="class_offer__session", queryset=Session.objects.all(), label="Session"
    )
    class_offer = django_filters.ModelChoiceFilter(queryset=recent_class_offers(), label="Class")
    method = django_filters.ChoiceFilter(field_name="order__method", choices=PaymentMethod.choices, label="Paid by")

    class Meta:
        model = Registration
        fields = ["session", "class_offer", "status", "method"]


class RegistrationViewSet(RecordsViewSet):
    model = Registration
    name = "registrations"
    icon = "tasks"
    inspect_view_enabled = True
    index_view_class = RegistrationIndexView
    inspect_view_class = RegistrationInspectView
    list_display = [
        "attendee",
        Column("class_offer", label="Class", accessor=class_name),
        Column("session", label="Session", accessor="class_offer.session"),
        "status",
        "dance_role",
        TitleColumn(
            "order",
            label="Order",
            accessor="order.reference",
            get_url=lambda registration: reverse("orders:inspect", args=[registration.order_id]),
        ),
        Column("price", label="Price", accessor=lambda registration: money(registration.line_total)),
    ]
    filterset_class = RegistrationFilterSet
    search_fields = ["attendee_name", "attendee__email", "order__reference"]
    ordering = "-created_at"
    inspect_view_fields = [
        "attendee",
        "class_offer",
        "order",
        "status",
        "dance_role",
        "price",
        "pre_pay_discount",
        "multi_class_discount",
        "line_total",
        "created_at",
        "confirmed_at",
        "waitlist_offer_expires_at",
        "cancelled_at",
        "cancel_reason",
    ]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(cancel_url_name=self.get_url_name("cancel"), **kwargs)

    @property
    def cancel_view(self):
        return self.construct_view(CancelRegistrationView)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("cancel/<int:pk>/", self.cancel_view, name="cancel")]


class RegistrationsGroup(ModelViewSetGroup):
    menu_label = "Registrations"
    menu_icon = "clipboard-list"
    items = [OrderViewSet, RegistrationViewSet]


@hooks.register("register_admin_viewset")
def register_registrations():
    return RegistrationsGroup()
