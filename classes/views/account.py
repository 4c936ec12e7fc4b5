"""The student's classes and payments, as sections of their /account/ page (see accounts.sections)."""

from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.functional import cached_property

from accounts.credits import credit_balance
from accounts.models import CreditEntry
from accounts.roles import is_teacher
from accounts.sections import AccountSection
from classes.models import Order, Payment, PaymentMethod, Registration


def classes_in_account(request, student):
    """The student's classes, as every section of /account/ shows them, fetched once per request in the order of
    their first meetings."""
    kept = request.__dict__.setdefault("_classes_in_account", {})
    if student.pk not in kept:
        registrations = Registration.objects.in_account_of(student).with_attendance().for_class_lines()
        kept[student.pk] = list(registrations.order_by("first_class_on", "class_offer__start_time"))
    return kept[student.pk]


class ClassesSection(AccountSection):
    """A list of the student's classes as they stand today, on the school's clock: each subclass says which."""

    template_name = "classes/account/classes_section.html"
    line_template = "classes/account/class_line.html"
    heading = ""

    def is_listed(self, registration, today):
        raise NotImplementedError

    @cached_property
    def today(self):
        return timezone.localdate()

    @cached_property
    def registrations(self):
        return [
            registration
            for registration in classes_in_account(self.request, self.user)
            if self.is_listed(registration, self.today)
        ]

    def is_shown(self):
        return bool(self.registrations)


class NowSection(ClassesSection):
    """The classes the student is in the middle of, with the week each is at."""

    heading = "Now"
    order = 10

    def is_listed(self, registration, today):
        return registration.is_running(today)


class UpcomingSection(ClassesSection):
    """The classes still to start, waitlisted ones marked; shown when empty too, with a way to find a class."""

    heading = "Upcoming"
    order = 11

    def is_listed(self, registration, today):
        return registration.is_upcoming(today)

    def is_shown(self):
        return True


class PastSection(ClassesSection):
    """Every class the student ever took, the latest first, with the classes they came to where recorded."""

    line_template = "classes/account/past_class_line.html"
    heading = "Past classes"
    order = 16

    def is_listed(self, registration, today):
        return registration.is_taken(today)

    @cached_property
    def registrations(self):
        return sorted(super().registrations, key=lambda registration: registration.last_class_on, reverse=True)


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


class TeachingSection(AccountSection):
    """For a teacher, the way to the classes they teach (My classes, in the admin), above their own classes."""

    template_name = "classes/account/teaching_section.html"
    order = 5

    def is_shown(self):
        return is_teacher(self.user) and not self.read_only
