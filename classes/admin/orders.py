"""Orders and registrations in the Wagtail admin (DESIGN §4). They come from the checkout: the admin looks
at them, takes payments at the door and cancels registrations, always through the checkout's services."""

import secrets

import django_filters
from django import forms
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, Table, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSetGroup
from wagtail.admin.widgets import Button, HeaderButton

from classes.admin.reviews import OrdersToLookAtView
from classes.models import ClassOffer, Order, PaymentMethod, Refund, Registration, Session
from classes.services.errors import CheckoutError
from classes.services.orders import (
    add_note,
    cancel_registration,
    keep_overpayment_as_credit,
    record_door_payment,
    remind_to_pay,
)
from classes.services.refunds import refund_order
from hepcat.admin import (
    ConfirmationForm,
    LocalDateTimeColumn,
    ObjectActionView,
    RecordInspectView,
    RecordsViewSet,
    full_name,
)
from hepcat.money import money

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


class OrderActionView(ObjectActionView):
    """An action on an order (or, saying so, a registration), done by a checkout service; what it refuses is shown
    on the form."""

    refusals = (CheckoutError,)
    model = Order
    permission_required = "change"


# Orders


class DoorPaymentForm(forms.Form):
    amount = forms.DecimalField(label="Amount received", max_digits=9, decimal_places=2)


class RecordDoorPaymentView(OrderActionView):
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


class RefundForm(forms.Form):
    amount = forms.DecimalField(label="Amount to refund", max_digits=9, decimal_places=2, min_value=0.01)
    reason = forms.CharField(max_length=200, initial="Refunded by the school")
    # The same form sent twice (a double click) refunds once (classes.services.refunds).
    request_key = forms.CharField(widget=forms.HiddenInput, max_length=64)


class RefundView(OrderActionView):
    form_class = RefundForm
    page_title = "Refund"
    submit_button_label = "Refund"

    def get_initial(self):
        return {"amount": max(-self.object.amount_owed, 0) or None, "request_key": secrets.token_urlsafe(32)}

    def get_description(self):
        order = self.object
        return (
            f"Money back on {order.attendee}'s order: {class_names(order)}. {money(order.amount_paid)} was received. "
            f"{owed_text(order)} The refund goes back the way the payment came: through its processor, or in cash "
            "for a payment taken at the door."
        )

    def act(self, data):
        self.refund = refund_order(
            self.object, data["amount"], request_key=data["request_key"], by=self.request.user, reason=data["reason"]
        )

    def get_success_message(self):
        return f"{self.refund.get_status_display()}: {money(self.refund.amount)}. {owed_text(self.object)}"


class KeepAsCreditView(OrderActionView):
    form_class = ConfirmationForm
    page_title = "Keep as credit"
    submit_button_label = "Keep as credit"

    def get_description(self):
        order = self.object
        return (
            f"The order was paid {money(-order.amount_owed)} more than it now costs. Instead of a refund, "
            f"{order.attendee} keeps it as credit for a later class."
        )

    def act(self, data):
        self.credit = keep_overpayment_as_credit(self.object, by=self.request.user)

    def get_success_message(self):
        return f"{money(self.credit)} kept as {self.object.attendee}'s credit."


class NoteForm(forms.Form):
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)


class OrderNoteView(OrderActionView):
    form_class = NoteForm
    page_title = "Add a note"
    submit_button_label = "Add the note"

    def get_description(self):
        return f"What was done about {self.object}, or what is awaited: it goes in the order's history."

    def act(self, data):
        add_note(self.object, data["note"], by=self.request.user)

    def get_success_message(self):
        return "Note added."


class PaymentReminderView(OrderActionView):
    form_class = ConfirmationForm
    page_title = "Send a payment reminder"
    submit_button_label = "Send the reminder"

    def get_description(self):
        order = self.object
        return f"Email {order.payer.email} that order {order.reference} still owes {money(order.amount_owed)}."

    def act(self, data):
        remind_to_pay(self.object, by=self.request.user)

    def get_success_message(self):
        return f"Reminder sent to {self.object.payer.email}."


def money_back_buttons(view, order, button_class):
    """A note; a reminder, for an order that owes money; refund, for one that received money; and keep as
    credit, for one paid more than it costs."""
    if not view.user_has_permission("change"):
        return []
    buttons = [button_class("Add a note", url=reverse(view.note_url_name, args=[order.pk]), icon_name="edit")]
    if order.amount_owed > 0:
        url = reverse(view.reminder_url_name, args=[order.pk])
        buttons.append(button_class("Send payment reminder", url=url, icon_name="mail"))
    if order.amount_paid > 0:
        buttons.append(button_class("Refund", url=reverse(view.refund_url_name, args=[order.pk]), icon_name="undo"))
    if order.amount_owed < 0:
        url = reverse(view.keep_as_credit_url_name, args=[order.pk])
        buttons.append(button_class("Keep as credit", url=url, icon_name="plus"))
    return buttons


def door_payment_button(view, order, owed, button_class):
    """The button to take a payment at the door, for an order that owes money."""
    if owed > 0 and view.user_has_permission("change"):
        url = reverse(view.record_door_payment_url_name, args=[order.pk])
        return button_class("Record a door payment", url=url, icon_name="plus")
    return None


class OrderIndexView(generic.IndexView):
    record_door_payment_url_name = to_look_at_url_name = None

    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton("To look at", url=reverse(self.to_look_at_url_name), icon_name="warning"),
        ]

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
    LocalDateTimeColumn("created", label="When"),
]
REFUND_COLUMNS = [
    Column("method", label="Through", accessor=lambda refund: PAYMENT_METHODS.get(refund.payment.variant)),
    Column("status", label="Status", accessor="get_status_display"),
    Column("amount", label="Amount", accessor=lambda refund: money(refund.amount)),
    Column("reason", label="Reason"),
    Column("created_by", label="By"),
    LocalDateTimeColumn("created_at", label="When"),
]
LEDGER_COLUMNS = [  # what was taken off the order, and its credit entries
    Column("reason", label="Reason"),
    Column("amount", label="Amount", accessor=lambda entry: money(entry.amount)),
    Column("created_by", label="By"),
    LocalDateTimeColumn("created_at", label="When"),
]


class OrderInspectView(RecordInspectView):
    """An order with its classes, payments, refunds, what was taken off it and its credit, and what it still
    owes."""

    template_name = "classes/admin/order_inspect.html"
    record_door_payment_url_name = refund_url_name = keep_as_credit_url_name = None
    note_url_name = reminder_url_name = None

    def get_object(self):
        return get_object_or_404(Order.objects.with_amounts().select_related("attendee", "payer"), pk=self.pk)

    @cached_property
    def header_buttons(self):
        door = door_payment_button(self, self.object, self.object.amount_owed, HeaderButton)
        return ([door] if door else []) + money_back_buttons(self, self.object, HeaderButton)

    def get_context_data(self, **kwargs):
        order = self.object
        registrations = order.registrations.select_related("class_offer__subject", "class_offer__session")
        sections = [
            ("Classes", ORDER_CLASS_COLUMNS, registrations),
            ("Payments", PAYMENT_COLUMNS, order.payments.select_related("recorded_by")),
            (
                "Refunds",
                REFUND_COLUMNS,
                Refund.objects.filter(payment__order=order).select_related("payment", "created_by"),
            ),
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
    history_view_enabled = True
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
        LocalDateTimeColumn("created_at", label="Created", sort_key="created_at"),
    ]
    filterset_class = OrderFilterSet
    search_fields = ["reference", "attendee_name", "payer_name", "attendee__email", "payer__email"]
    ordering = "-created_at"
    inspect_view_fields = [
        "reference",
        "attendee",
        "attendee_email",
        "attendee_phone",
        "payer",
        "payer_email",
        "payer_phone",
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
            record_door_payment_url_name=self.get_url_name("record_door_payment"),
            refund_url_name=self.get_url_name("refund"),
            keep_as_credit_url_name=self.get_url_name("keep_as_credit"),
            note_url_name=self.get_url_name("note"),
            reminder_url_name=self.get_url_name("reminder"),
            to_look_at_url_name=self.get_url_name("to_look_at"),
            **kwargs,
        )

    @property
    def record_door_payment_view(self):
        return self.construct_view(RecordDoorPaymentView)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("record-door-payment/<int:pk>/", self.record_door_payment_view, name="record_door_payment"),
            path("refund/<int:pk>/", self.construct_view(RefundView), name="refund"),
            path("keep-as-credit/<int:pk>/", self.construct_view(KeepAsCreditView), name="keep_as_credit"),
            path("note/<int:pk>/", self.construct_view(OrderNoteView), name="note"),
            path("reminder/<int:pk>/", self.construct_view(PaymentReminderView), name="reminder"),
            path("to-look-at/", self.construct_view(OrdersToLookAtView), name="to_look_at"),
        ]


# Registrations


class CancelRegistrationForm(forms.Form):
    refund_as_credit = forms.BooleanField(
        label="Give credit instead of a refund",
        required=False,
        help_text="What was paid for this class goes to the student's credit, for a later class.",
    )


class CancelRegistrationView(OrderActionView):
    model = Registration
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
