import datetime
import secrets
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from payments import PurchasedItem
from payments.core import get_base_url
from payments.models import BasePayment

from accounts.models import CreditEntry, DanceRole

from .meetings import Attendance, ClassMeeting

MONEY = models.DecimalField(max_digits=9, decimal_places=2)


class PaymentMethod(models.TextChoices):
    DUMMY = "dummy", "Online (test payments)"
    STRIPE = "stripe", "Card, through Stripe"
    PAYPAL = "paypal", "PayPal"
    DOOR = "door", "At the door"


ONLINE_METHODS = {PaymentMethod.DUMMY, PaymentMethod.STRIPE, PaymentMethod.PAYPAL}


def new_reference():
    """A short reference a person can read out over the phone: no 0/O or 1/I to confuse."""
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(8))


# How long a processor may take to say a refund was given before a person is asked to look.
REFUND_ANSWER_TIME = datetime.timedelta(hours=1)


def total_per_order(rows, field, order="order"):
    """The sum of `field` over one order's `rows` (zero when it has none), as a subquery; `order` is the rows' way
    to their order."""
    summed = rows.filter(**{order: OuterRef("pk")}).order_by().values(order).annotate(total=Sum(field)).values("total")
    return Coalesce(Subquery(summed), Value(Decimal("0.00")), output_field=MONEY)


class OrderQuerySet(models.QuerySet):
    def involving(self, person):
        """The orders `person` paid for or dances in."""
        return self.filter(Q(payer=person) | Q(attendee=person))

    def with_amounts(self):
        """Annotate what each order is due and has been paid, in the same query (see Order.amount_owed)."""
        return self.annotate(
            annotated_amount_due=F("total") - total_per_order(OrderAdjustment.objects, "amount"),
            annotated_amount_paid=total_per_order(Payment.objects, "captured_amount")
            - total_per_order(Refund.objects.given(), "amount", order="payment__order")
            - total_per_order(CreditEntry.objects.refunds(), "amount"),
        ).annotate(annotated_amount_owed=F("annotated_amount_due") - F("annotated_amount_paid"))

    def owing(self):
        """Orders whose payer still owes money for classes they keep (awaiting payment, or confirmed and paid at
        the door), with their amounts."""
        return self.with_amounts().filter(
            status__in=[Order.Status.AWAITING_PAYMENT, Order.Status.CONFIRMED], annotated_amount_owed__gt=0
        )

    def to_look_at(self):
        """Orders that need a person (DESIGN §4): paid, but not for what the order asked (amount or currency), a
        payment disputed, a refund still unanswered after an hour, or owing money back (a class cancelled, paid
        with no seat, a refund that failed)."""
        paid_not_confirmed = Q(
            status__in=[Order.Status.AWAITING_PAYMENT, Order.Status.EXPIRED], payments__status="confirmed"
        )
        disputed = Q(payments__events__kind=ProcessorEvent.DISPUTE)
        waiting = Q(
            payments__refunds__status=Refund.Status.PENDING,
            payments__refunds__created_at__lt=timezone.now() - REFUND_ANSWER_TIME,
        )
        owed_back = Q(annotated_amount_owed__lt=0)
        return self.with_amounts().filter(paid_not_confirmed | disputed | waiting | owed_back).distinct()


class Order(models.Model):
    """One checkout by one payer, for one attendee and one or more classes."""

    class Status(models.TextChoices):
        AWAITING_PAYMENT = "awaiting_payment", "Awaiting payment"
        CONFIRMED = "confirmed", "Confirmed"
        WAITLIST = "waitlist", "On the waitlist"
        EXPIRED = "expired", "Payment not completed"
        CANCELLED = "cancelled", "Cancelled"

    reference = models.CharField(max_length=12, unique=True, default=new_reference, editable=False)
    payer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders_paid")
    attendee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.AWAITING_PAYMENT)
    method = models.CharField("payment method", max_length=10, choices=PaymentMethod.choices)
    # The price when the order was placed (see classes.pricing.quote).
    subtotal = models.DecimalField(max_digits=9, decimal_places=2)
    pre_pay_discount = models.DecimalField(max_digits=9, decimal_places=2)
    multi_class_discount = models.DecimalField(max_digits=9, decimal_places=2)
    credit_applied = models.DecimalField(max_digits=9, decimal_places=2)
    total = models.DecimalField(max_digits=9, decimal_places=2)
    door_total = models.DecimalField(
        max_digits=9, decimal_places=2, help_text="What the same classes cost when paid at the door."
    )
    checkout_key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True, help_text="When the amount owed first reached zero.")

    objects = OrderQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        # Beyond the model's own: what front desk staff and teachers may be given (accounts.roles).
        permissions = [
            ("record_door_payment", "Can record a payment taken at the door"),
            ("view_money", "Can see what was paid and what is owed"),
        ]

    def __str__(self):
        return f"Order {self.reference}"

    def get_absolute_url(self):
        return reverse("registration_done", args=[self.reference])

    def get_payment_url(self, outcome=""):
        """The order's payment page; `outcome` ("failed", "approved") says how the payer comes back to it."""
        return reverse("registration_payment", args=[self.reference]) + (f"?{outcome}=1" if outcome else "")

    @property
    def attendee_email(self):
        return self.attendee.email

    @property
    def payer_email(self):
        return self.payer.email

    @property
    def attendee_phone(self):
        return self.attendee.phone

    @property
    def payer_phone(self):
        return self.payer.phone

    @property
    def amount_due(self):
        """The total less what cancellations took off."""
        return self._amount("annotated_amount_due")

    @property
    def amount_paid(self):
        """Money received for the order: captured payments, less what was refunded, in money or as credit."""
        return self._amount("annotated_amount_paid")

    @property
    def amount_owed(self):
        """What the payer still owes (negative: what the school owes back)."""
        return self._amount("annotated_amount_owed")

    def _amount(self, name):
        """From `with_amounts()` when the order was loaded with it; otherwise worked out now."""
        if hasattr(self, name):
            return getattr(self, name)
        return Order.objects.with_amounts().values_list(name, flat=True).get(pk=self.pk)


class OrderAdjustment(models.Model):
    """An amount taken off what an order costs, such as a cancelled class."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="adjustments")
    amount = models.DecimalField(max_digits=9, decimal_places=2)
    reason = models.CharField(max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"-{self.amount} on {self.order}: {self.reason}"


class RegistrationQuerySet(models.QuerySet):
    def taking_seats(self, now=None):
        """Registrations that hold a seat: confirmed ones, unexpired holds, and open waitlist offers."""
        return self.filter(self.model.seat_taken_condition(now))

    def active(self):
        return self.filter(status__in=Registration.ACTIVE_STATUSES)

    def expired(self, now):
        """Holds and waitlist offers whose time ran out by `now`."""
        Status = Registration.Status
        return self.filter(
            Q(status=Status.HELD, hold_expires_at__lte=now)
            | Q(status=Status.WAITLISTED, waitlist_offer_expires_at__lte=now)
        )

    def open_waitlist_offer(self, claim_token, now):
        """The waitlisted registration a claim link offers a freed seat to, while the offer lasts."""
        if not claim_token:
            return self.none()
        return self.filter(
            claim_token=claim_token, status=Registration.Status.WAITLISTED, waitlist_offer_expires_at__gt=now
        )

    def next_on_the_waitlist(self, class_offer):
        """Who is waiting for a seat in the class and has not been offered one yet, first come first served."""
        return self.filter(
            class_offer=class_offer, status=Registration.Status.WAITLISTED, waitlist_offer_expires_at__isnull=True
        ).order_by("created_at", "pk")

    def on_roster(self, class_offer):
        """Who is in the class and who waits for a seat, with what a class roster shows of each (their order's
        amounts from `Order.objects.with_amounts()`), in a fixed number of queries, first come first: the order
        in which the waitlist is offered seats (see next_on_the_waitlist)."""
        Status = Registration.Status
        return (
            self.filter(class_offer=class_offer, status__in=[Status.CONFIRMED, Status.WAITLISTED])
            .select_related("attendee")
            .prefetch_related(Prefetch("order", queryset=Order.objects.with_amounts()))
            .order_by("created_at", "pk")
        )

    # The student's own classes, as their account shows them (classes.views.account). A class's first and last
    # days come from its stored meetings, so that the account can ask which classes are running today.

    def in_account_of(self, student):
        """The classes a student takes or waits for a seat in: confirmed and waitlisted registrations."""
        Status = Registration.Status
        return self.filter(attendee=student, status__in=[Status.CONFIRMED, Status.WAITLISTED]).with_class_days()

    def with_class_days(self):
        """Annotate `first_class_on` and `last_class_on`: the days of the class's first and last meetings."""
        meetings = ClassMeeting.objects.filter(class_offer=OuterRef("class_offer"))
        return self.annotate(
            first_class_on=Subquery(meetings.order_by("number").values("date")[:1]),
            last_class_on=Subquery(meetings.order_by("-number").values("date")[:1]),
        )

    def attended(self, on=None):
        """The classes a student counts as having taken (DESIGN §3.1): confirmed registrations whose class had met by
        a day (today), with `first_class_on` and `last_class_on`."""
        return (
            self.filter(status=Registration.Status.CONFIRMED)
            .with_class_days()
            .filter(first_class_on__lte=on or timezone.localdate())
        )

    def for_class_lines(self):
        """What a line about a student's class shows (classes/account/class_line.html), in a fixed number of
        queries: the class, its subject, session, skip dates, location and teachers, and the order it came with."""
        teachers = Prefetch("class_offer__teachers", queryset=get_user_model().objects.select_related("teacher_page"))
        return self.select_related(
            "order", "class_offer__subject__level", "class_offer__session", "class_offer__location"
        ).prefetch_related("class_offer__session__skip_dates", teachers)

    def with_attendance(self):
        """Annotate `classes_attended` and `classes_checked`: the meetings the student came to (on time or late),
        of those their teacher checked them in or out of."""
        check_ins = Attendance.objects.filter(registration=OuterRef("pk")).order_by().values("registration")
        return self.annotate(
            classes_checked=Coalesce(Subquery(check_ins.annotate(count=Count("pk")).values("count")), 0),
            classes_attended=Coalesce(
                Subquery(check_ins.filter(status__in=Attendance.CAME).annotate(count=Count("pk")).values("count")), 0
            ),
        )


class Registration(models.Model):
    """One attendee in one class offer."""

    class Status(models.TextChoices):
        HELD = "held", "Seat held during payment"
        CONFIRMED = "confirmed", "Confirmed"
        WAITLISTED = "waitlisted", "On the waitlist"
        CANCELLED = "cancelled", "Cancelled"
        PAID_NO_SEAT = "paid_no_seat", "Paid, no seat"

    DanceRole = DanceRole  # one list of roles, shared with the preference a person keeps (accounts.models)

    ACTIVE_STATUSES = [Status.HELD, Status.CONFIRMED, Status.WAITLISTED]

    attendee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="registrations")
    class_offer = models.ForeignKey("classes.ClassOffer", on_delete=models.PROTECT, related_name="registrations")
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="registrations")
    status = models.CharField(max_length=20, choices=Status.choices)
    dance_role = models.CharField(max_length=10, choices=DanceRole.choices, default=DanceRole.EITHER)
    hold_expires_at = models.DateTimeField(null=True, blank=True)
    waitlist_offer_expires_at = models.DateTimeField(
        null=True, blank=True, help_text="Until when a freed seat is kept for this person on the waitlist."
    )
    claim_token = models.CharField(max_length=43, blank=True, editable=False)
    # The price when registered (see classes.pricing.quote).
    price = models.DecimalField(max_digits=9, decimal_places=2)
    pre_pay_discount = models.DecimalField(max_digits=9, decimal_places=2)
    multi_class_discount = models.DecimalField(max_digits=9, decimal_places=2)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=200, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["attendee", "class_offer"],
                condition=Q(status__in=["held", "confirmed", "waitlisted"]),
                name="one_active_registration_per_class",
                violation_error_message="This person is already registered for this class.",
            )
        ]

    def __str__(self):
        return f"{self.attendee} in {self.class_offer}"

    # Where a registration of a student's account stands on a day: from the days of its class's first and last
    # meetings (RegistrationQuerySet.with_class_days).

    def is_running(self, on):
        """Confirmed in a class that has met and has meetings left."""
        first, last = self.first_class_on, self.last_class_on
        return self.status == self.Status.CONFIRMED and first is not None and first <= on <= last

    def is_upcoming(self, on):
        """Confirmed or waitlisted in a class that has not met yet."""
        return self.first_class_on is not None and self.first_class_on > on

    def is_taken(self, on):
        """Confirmed in a class whose last meeting was before the day: the student's class history."""
        return self.status == self.Status.CONFIRMED and self.last_class_on is not None and self.last_class_on < on

    @classmethod
    def seat_taken_condition(cls, now=None, prefix=""):
        now = now or timezone.now()
        return (
            Q(**{f"{prefix}status": cls.Status.CONFIRMED})
            | Q(**{f"{prefix}status": cls.Status.HELD, f"{prefix}hold_expires_at__gt": now})
            | Q(**{f"{prefix}status": cls.Status.WAITLISTED, f"{prefix}waitlist_offer_expires_at__gt": now})
        )

    @property
    def line_total(self):
        return max(self.price - self.pre_pay_discount - self.multi_class_discount, 0)

    # The registration's changes of state, each saved at once. Callers hold the class offer's row lock
    # (classes.services.locking) whenever a change takes or frees a seat.

    def hold(self, until):
        """Keep the seat while the payment is made online, until `until`."""
        self._become(self.Status.HELD, hold_expires_at=until, confirmed_at=None)

    def confirm(self, now):
        """The seat is taken: paid, or to be paid at the door."""
        self._become(self.Status.CONFIRMED, confirmed_at=now)

    def join_waitlist(self):
        self._become(self.Status.WAITLISTED)

    def offer_seat(self, until, claim_token):
        """A seat freed up: keep it for this person on the waitlist until `until`."""
        self._become(self.Status.WAITLISTED, waitlist_offer_expires_at=until, claim_token=claim_token)

    def cancel(self, now, reason):
        self._become(self.Status.CANCELLED, cancelled_at=now, cancel_reason=reason)

    def mark_paid_no_seat(self):
        """Paid after the hold ran out and the class filled meanwhile: the money is kept, the seat is not."""
        self._become(self.Status.PAID_NO_SEAT)

    def _become(self, status, **fields):
        # Whatever the new state does not keep is cleared, so no stale hold or waitlist offer lingers.
        cleared = {
            "hold_expires_at": None,
            "waitlist_offer_expires_at": None,
            "claim_token": "",
            "cancelled_at": None,
            "cancel_reason": "",
        }
        self.status = status
        for name, value in {**cleared, **fields}.items():
            setattr(self, name, value)
        self.save()


class Payment(BasePayment):
    """A payment towards an order, through django-payments (online) or recorded by staff (at the door).

    What the processor says of it changes it through the payment service only (classes.services.payments): the
    status, its message and the amount captured are written there, with the payment's row locked.
    """

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="payments")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # What the processor knows the money taken by (Stripe's payment intent, PayPal's capture): its refunds and
    # disputes are about that.
    charge_id = models.CharField(max_length=255, blank=True, db_index=True)

    # A provider saves the copy it read earlier (with a new transaction id, say): that save must not undo a
    # confirmation the payment service wrote meanwhile.
    WRITTEN_BY_THE_PAYMENT_SERVICE = ("status", "message", "captured_amount", "charge_id")

    class Meta:
        ordering = ["-created"]

    def save(self, *args, update_fields=None, **kwargs):
        if update_fields is None and not self._state.adding:
            update_fields = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in self.WRITTEN_BY_THE_PAYMENT_SERVICE
            ]
        super().save(*args, update_fields=update_fields, **kwargs)

    # The payment service's update_payment: it is built on these models, so it is handed over when the app is
    # ready (classes.apps) rather than imported here.
    status_service = None

    def change_status(self, status, message=""):
        """Where django-payments and its providers report a new status (with the amount they captured, if they
        set it): it goes to the payment service."""
        # A new payment's captured amount is django-payments' default, the string "0.0".
        Payment.status_service(self, status, message=message, amount=Decimal(self.captured_amount) or None)

    def get_success_url(self):
        return self._absolute(reverse("registration_done", args=[self.order.reference]))

    def get_failure_url(self):
        return self._absolute(self.order.get_payment_url("failed"))

    def get_approval_return_url(self):
        """Where a processor that has the payer approve first (PayPal) sends them back, to confirm."""
        return self._absolute(self.order.get_payment_url("approved"))

    def get_purchased_items(self):
        for registration in self.order.registrations.exclude(status=Registration.Status.WAITLISTED):
            yield PurchasedItem(
                name=str(registration.class_offer),
                quantity=1,
                price=registration.line_total,
                currency=self.currency,
                sku=str(registration.class_offer_id),
            )

    @staticmethod
    def _absolute(path):
        return get_base_url() + path


class ProcessorEvent(models.Model):
    """An event a payment processor sent (a webhook) or that we asked it about, applied once: a replay of the same
    event finds it here and changes nothing."""

    DISPUTE = "dispute"  # the kind of an event that says a payment is disputed with the payer's bank

    processor = models.CharField(max_length=20)
    event_id = models.CharField(max_length=255)
    kind = models.CharField(max_length=100, blank=True)
    payment = models.ForeignKey(Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="events")
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["processor", "event_id"], name="processor_event_once")]

    def __str__(self):
        return f"{self.processor} {self.kind} {self.event_id}"


class RefundQuerySet(models.QuerySet):
    def given(self):
        """Refunds given back or on their way (a failed one gave nothing)."""
        return self.exclude(status=Refund.Status.FAILED)

    def with_idempotency_key(self, key):
        """The refund a processor's event names by the key we asked with (Refund.idempotency_key), or None."""
        number = key.removeprefix(Refund.KEY_PREFIX)
        return self.filter(pk=number).first() if key.startswith(Refund.KEY_PREFIX) and number.isdigit() else None


class Refund(models.Model):
    """Money given back on a payment: through its processor, or in cash for a payment taken at the door."""

    class Status(models.TextChoices):
        PENDING = "pending", "Being refunded"
        SUCCEEDED = "succeeded", "Refunded"
        FAILED = "failed", "Refund failed"

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    amount = models.DecimalField(max_digits=9, decimal_places=2)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # The admin's form carries a key of its own: the same form sent twice (a double click) refunds once.
    request_key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    processor_refund_id = models.CharField(max_length=255, blank=True)
    message = models.TextField(blank=True)
    reason = models.CharField(max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = RefundQuerySet.as_manager()
    KEY_PREFIX = "refund-"

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"Refund of {self.amount} on {self.order}"

    @property
    def order(self):
        return self.payment.order

    @property
    def idempotency_key(self):
        """What the processor knows this refund by: asked again, it refunds once."""
        return f"{self.KEY_PREFIX}{self.pk}"
