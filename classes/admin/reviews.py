"""Orders to look at (DESIGN §4): what the payment service left for a person, each with why, what the order owes
or is owed, the latest note, and the actions that settle it (on the order's page: refund, keep as credit, record
a door payment, add a note)."""

from django.urls import reverse
from django.utils.functional import cached_property
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.models import ModelLogEntry

from classes.models import Order, ProcessorEvent, Refund, Registration
from hepcat.money import money


def why(order):
    """Why the order needs a person, in the words of the school."""
    if order.disputed:
        return "The payer disputed the payment with their bank: answer it in the processor's dashboard"
    if order.status in (Order.Status.AWAITING_PAYMENT, Order.Status.EXPIRED):
        return "Paid, but not for what the order asks (amount or currency): check the payment"
    if order.failed_refund:
        return f"A refund failed: {order.failed_refund.message}"
    if order.pending_refund:
        return "A refund is still waiting for the processor's answer: check it in the processor's dashboard"
    if order.paid_no_seat:
        return "Paid after the hold ran out and the class filled: refund it, or keep it as credit"
    return "Paid more than it now costs (a class cancelled): refund it, or keep it as credit"


class OrdersToLookAtView(generic.IndexView):
    page_title = "Orders to look at"
    paginate_by = 50
    default_ordering = "-created_at"

    def get_base_queryset(self):
        return Order.objects.to_look_at().select_related("attendee", "payer")

    def get_table(self, object_list):
        orders = list(object_list)
        self.describe(orders)
        return super().get_table(orders)

    @staticmethod
    def describe(orders):
        """Each order's dispute, failed or pending refund, paid-no-seat registrations and latest note, in four
        queries."""
        ids = [order.pk for order in orders]
        disputed = set(
            ProcessorEvent.objects.filter(payment__order__in=ids, kind=ProcessorEvent.DISPUTE).values_list(
                "payment__order", flat=True
            )
        )
        refunds = Refund.objects.filter(
            payment__order__in=ids, status__in=[Refund.Status.FAILED, Refund.Status.PENDING]
        ).select_related("payment")
        failed = {refund.payment.order_id: refund for refund in refunds if refund.status == Refund.Status.FAILED}
        pending = {refund.payment.order_id for refund in refunds if refund.status == Refund.Status.PENDING}
        no_seat = set(
            Registration.objects.filter(order__in=ids, status=Registration.Status.PAID_NO_SEAT).values_list(
                "order", flat=True
            )
        )
        notes = {}
        for entry in ModelLogEntry.objects.filter(
            action="classes.order.note", object_id__in=[str(pk) for pk in ids]
        ).order_by("timestamp"):
            notes[entry.object_id] = entry.data.get("note", "")
        for order in orders:
            order.disputed = order.pk in disputed
            order.failed_refund = failed.get(order.pk)
            order.pending_refund = order.pk in pending
            order.paid_no_seat = order.pk in no_seat
            order.latest_note = notes.get(str(order.pk), "")

    @cached_property
    def columns(self):
        return [
            TitleColumn("reference", label="Order", get_url=lambda order: reverse("orders:inspect", args=[order.pk])),
            Column("attendee", label="Attendee"),
            Column("why", label="Why", accessor=why),
            Column("owed", label="Owed", accessor=lambda order: money(order.amount_owed)),
            Column("note", label="Latest note", accessor="latest_note"),
        ]
