"""Checking students in at the door (issue #11 item 3): one mark per registration and meeting, and walk-ins.

Each mark is its own row, written holding its registration's row lock (classes.services.locking), so two devices
checking in the same class at once never lose a mark: marks of different students are different rows, and two
marks of the same student take turns, the later one changing the earlier.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from classes.models import Attendance, ClassMeeting, ClassOffer, Order, PaymentMethod, Registration
from hepcat.audit import record
from hepcat.money import money

from .checkout import place_order
from .errors import CheckInError, ClassFull
from .locking import lock_registration_for_check_in


def current_mark(registration, meeting):
    return Attendance.objects.filter(registration=registration, meeting=meeting).first()


@transaction.atomic
def check_in(registration, meeting, status, *, by, on=None):
    """Mark a student of a class present, late, excused or absent at one of its meetings (from its day on), and
    return the mark. Marking them the same again changes nothing."""
    if status not in Attendance.Status.values:
        raise CheckInError("Mark the student present, late, excused or absent.")
    registration = lock_registration_for_check_in(registration)
    if meeting.class_offer_id != registration.class_offer_id:
        raise CheckInError("That date is not a meeting of this student's class.")
    if registration.status != Registration.Status.CONFIRMED:
        raise CheckInError(f"{registration.attendee} has no confirmed seat in this class.")
    if meeting.date > (on or timezone.localdate()):
        raise CheckInError(f"Check-in for the class of {meeting.date:%b %-d} opens on that day.")
    mark = current_mark(registration, meeting)
    if mark is not None and mark.status == status:
        return mark
    if mark is None:
        mark = Attendance(registration=registration, meeting=meeting)
    mark.status, mark.recorded_by, mark.recorded_at = status, by, timezone.now()
    mark.save()
    record(
        registration.order,
        "classes.check_in",
        by=by,
        attendee=registration.attendee,
        status=mark.get_status_display().lower(),
        class_offer=registration.class_offer,
        date=f"{meeting.date:%b %-d}",
    )
    return mark


@transaction.atomic
def add_walk_in(class_offer, person, dance_role, *, by, meeting=None, on=None):
    """Register someone who turned up at the door of a class, to pay there, and check them in as present at the
    meeting (today's); return their registration. `person` is a dict of first_name, last_name and email (an
    existing account is used as it is). The checkout holds the class's row lock, so a full class is refused,
    never oversold; a walk-in whose check-in is refused is not registered either."""
    on = on or timezone.localdate()
    meeting = meeting or class_offer.meetings.filter(date=on).first()
    if meeting is None or meeting.class_offer_id != class_offer.pk:
        raise CheckInError(f"{class_offer.subject.title} doesn't meet on {on:%b %-d}: pick the date of its class.")
    if dance_role not in Registration.DanceRole.values:
        raise CheckInError("Choose the walk-in's dance role: lead, follow or either.")
    email = (person.get("email") or "").strip()
    already = Registration.objects.active().filter(class_offer=class_offer, attendee__email__iexact=email).first()
    if already is not None:
        raise CheckInError(f"{already.attendee} is already registered for this class ({already.get_status_display()}).")
    try:
        order = place_order(
            offers=[class_offer],
            attendee=person,
            method=PaymentMethod.DOOR,
            dance_role=dance_role,
            at_the_door=True,
            by=by,
            on=on,
        )
    except ClassFull:
        raise CheckInError(f"{class_offer.subject.title} is full: there is no seat left for a walk-in.") from None
    registration = order.registrations.get(class_offer=class_offer)
    check_in(registration, meeting, Attendance.Status.PRESENT, by=by, on=on)
    return registration


# What the check-in page shows: the classes to pick from, the meeting to check in and its students.

PICK_FROM = (datetime.timedelta(weeks=4), datetime.timedelta(weeks=2))  # classes met lately or meeting soon


def meeting_to_check_in(class_offer, on=None):
    """Today's meeting of the class, or else the nearest one (the earlier of two as near): None for a class with
    no meetings."""
    on = on or timezone.localdate()
    return min(
        class_offer.meetings.all(), key=lambda meeting: (abs((meeting.date - on).days), meeting.date), default=None
    )


def classes_to_check_in(user, on=None):
    """The classes `user` may check in that met in the last four weeks or meet in the next two: this week's
    first, by day and time, then the others, the nearest first. Each has `meeting`, its meeting to check in."""
    on = on or timezone.localdate()
    monday = on - datetime.timedelta(days=on.weekday())
    this_week = (monday, monday + datetime.timedelta(days=6))
    near = ClassMeeting.objects.filter(date__range=(on - PICK_FROM[0], on + PICK_FROM[1]))
    class_offers = (
        ClassOffer.objects.open_for_check_in_by(user)
        .filter(pk__in=near.values("class_offer"))
        .select_related("subject", "session", "location")
        .prefetch_related(Prefetch("meetings", queryset=near))
    )
    for class_offer in class_offers:
        class_offer.meeting = meeting_to_check_in(class_offer, on)

    def order(class_offer):
        date = class_offer.meeting.date
        in_this_week = this_week[0] <= date <= this_week[1]
        return (not in_this_week, abs((date - on).days) if not in_this_week else 0, date, class_offer.start_time)

    return sorted(class_offers, key=order)


@dataclass
class CheckInLine:
    registration: Registration
    mark: Attendance | None
    owed: Decimal | None  # None when the person checking in is not to see money

    @property
    def status(self):
        return self.mark.status if self.mark else ""

    @property
    def owes(self):
        """What the student's order still owes, as money ("" when nothing, or not to be seen)."""
        return money(self.owed) if self.owed is not None and self.owed > 0 else ""


def check_in_list(meeting, *, with_money):
    """The confirmed students of the meeting's class, by name, each with their mark at it and (`with_money`)
    what their order still owes, in a fixed number of queries."""
    marks = Prefetch("attendance", queryset=Attendance.objects.filter(meeting=meeting), to_attr="marks")
    registrations = list(
        Registration.objects.filter(class_offer=meeting.class_offer_id, status=Registration.Status.CONFIRMED)
        .select_related("attendee")
        .prefetch_related(marks)
        .order_by("attendee__first_name", "attendee__last_name", "pk")
    )
    owed = {}
    if with_money:
        orders = Order.objects.with_amounts().filter(pk__in={registration.order_id for registration in registrations})
        owed = {order.pk: order.amount_owed for order in orders}
    return [
        CheckInLine(
            registration,
            registration.marks[0] if registration.marks else None,
            owed.get(registration.order_id) if with_money else None,
        )
        for registration in registrations
    ]
