"""Checking students in at the door (issue #11 item 3): one mark per registration and meeting, and walk-ins.

Each mark is its own row, written holding its registration's row lock (classes.services.locking), so two devices
checking in the same class at once never lose a mark: marks of different students are different rows, and two
marks of the same student take turns, the later one changing the earlier.
"""

from django.db import transaction
from django.utils import timezone

from classes.models import Attendance, PaymentMethod, Registration
from hepcat.audit import record

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
    if not class_offer.session.is_open_for_registration(on):
        raise CheckInError(
            f"Registration for {class_offer.session.name} closed on {class_offer.session.expire_date:%b %-d}: "
            "a walk-in can't be added now."
        )
    email = (person.get("email") or "").strip()
    already = Registration.objects.active().filter(class_offer=class_offer, attendee__email__iexact=email).first()
    if already is not None:
        raise CheckInError(f"{already.attendee} is already registered for this class ({already.get_status_display()}).")
    try:
        order = place_order(
            offers=[class_offer], attendee=person, method=PaymentMethod.DOOR, dance_role=dance_role, by=by, on=on
        )
    except ClassFull:
        raise CheckInError(f"{class_offer.subject.title} is full: there is no seat left for a walk-in.") from None
    registration = order.registrations.get(class_offer=class_offer)
    check_in(registration, meeting, Attendance.Status.PRESENT, by=by, on=on)
    return registration
