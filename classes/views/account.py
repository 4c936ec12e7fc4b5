"""The student's classes and payments, as sections of their /account/ page (see accounts.sections)."""

from decimal import Decimal

from django.db.models import Prefetch
from django.utils.functional import cached_property

from accounts.credits import credit_balance
from accounts.models import CreditEntry
from accounts.sections import AccountSection
from classes.models import Order, Payment, PaymentMethod, Registration


class ClassesSection(AccountSection):
    """The classes you dance in."""

    template_name = "classes/account/classes_section.html"
    order = 10

    @cached_property
    def registrations(self):
        return (
            Registration.objects.filter(attendee=self.user)
            .select_related("order", "class_offer__subject__level", "class_offer__session", "class_offer__location")
            .prefetch_related("class_offer__session__skip_dates")
            .order_by("-class_offer__session__key_day_date", "class_offer__class_day", "class_offer__start_time")
        )


class PaymentsSection(AccountSection):
    """The orders you paid for or dance in, newest first, with what happened to their money; and your credit."""

    template_name = "classes/account/payments_section.html"
    order = 20

    @cached_property
    def orders(self):
        orders = (
            Order.objects.involving(self.user)
            .with_amounts()
            .select_related("payer", "attendee")
            .prefetch_related(
                Prefetch(
                    "registrations",
                    queryset=Registration.objects.select_related("class_offer__subject", "class_offer__session"),
                ),
                Prefetch("payments", queryset=Payment.objects.order_by("created", "pk")),
                Prefetch("payments__refunds"),
                Prefetch("credit_entries", queryset=CreditEntry.objects.refunds().order_by("created_at", "pk")),
            )
            .order_by("-created_at", "-pk")
        )
        return [(order, money_lines(order)) for order in orders]

    @cached_property
    def credit(self):
        return credit_balance(self.user)

    def is_shown(self):
        return bool(self.orders) or self.credit != 0


def money_lines(order):
    """What a student reads about an order's money, as (label, amount, kind) lines: what it costs, what was
    paid, what came back in money or credit, and what is still owed either way. Reads what PaymentsSection
    fetched."""
    lines = [("Total", order.total, "total")]
    if order.amount_due != order.total:
        lines.append(("After cancelled classes", order.amount_due, "total"))
    payments = order.payments.all()
    paid = sum((payment.captured_amount for payment in payments), start=Decimal("0.00"))
    if paid:
        lines.append(("Paid", paid, "paid"))
    lines += [(refund.get_status_display(), refund.amount, "refund") for p in payments for refund in p.refunds.all()]
    lines += [("Given back as credit", entry.amount, "refund") for entry in order.credit_entries.all()]
    owed = order.amount_owed
    if owed > 0 and order.status in (Order.Status.AWAITING_PAYMENT, Order.Status.CONFIRMED):
        lines.append(("To pay at the door" if order.method == PaymentMethod.DOOR else "Still to pay", owed, "owed"))
    elif owed < 0:
        lines.append(("We owe you", -owed, "owed-back"))
    return lines
