"""Who came to the demo school's past classes: most students every week, some late now and then, a few missing a
week or two (some with a word beforehand), and the odd one who stopped coming. Random, but the same every time."""

import datetime
import random

from django.utils import timezone

from classes.models import Attendance, ClassMeeting, Registration

from .data import SEED

# How a student turns up: most reliably, some often late, a few drifting away after a few weeks.
HABITS = [("reliable", 70), ("often late", 18), ("drifting", 12)]


def mark(habit, number, rng):
    """A student's mark at class `number` of their class, by their habit."""
    if habit == "drifting" and number > 3:
        return rng.choices(["absent", "present"], weights=[3, 1])[0]
    late = 25 if habit == "often late" else 5
    return rng.choices(["present", "late", "excused", "absent"], weights=[88 - late, late, 5, 7])[0]


def build_attendance(today=None):
    """Made once: a mark for every confirmed student at every meeting before today, by one of the class's
    teachers at the start of the class."""
    today = today or timezone.localdate()
    if Attendance.objects.exists():
        return
    rng = random.Random(SEED)
    meetings = {}
    for meeting in ClassMeeting.objects.filter(date__lt=today).select_related("class_offer").order_by("pk"):
        meetings.setdefault(meeting.class_offer_id, []).append(meeting)
    registrations = (
        Registration.objects.filter(status=Registration.Status.CONFIRMED, class_offer__in=meetings)
        .prefetch_related("class_offer__teachers")
        .order_by("pk")
    )
    marks = []
    for registration in registrations:
        habit = rng.choices([name for name, _ in HABITS], weights=[weight for _, weight in HABITS])[0]
        teachers = list(registration.class_offer.teachers.all())
        for meeting in meetings[registration.class_offer_id]:
            start = datetime.datetime.combine(meeting.date, registration.class_offer.start_time)
            marks.append(
                Attendance(
                    registration=registration,
                    meeting=meeting,
                    status=mark(habit, meeting.number, rng),
                    recorded_by=teachers[0] if teachers else None,
                    recorded_at=timezone.make_aware(start),
                )
            )
    Attendance.objects.bulk_create(marks)
