"""The demo school's running notes: a teacher's notes on a class of theirs running now, written after its first
meeting and revised after its latest, so that My classes has two versions to compare (DESIGN §6)."""

import datetime

from django.utils import timezone

from classes.models import ClassNotes, ClassOffer
from classes.services.notes import save_class_notes

from .data import CLASS_NOTES


def build_class_notes(teacher, today=None):
    """Made once, on the teacher's running class: each version dated the evening of a meeting held, not the day
    the demo was loaded (the second an hour later when the class has met only once), and never after now."""
    today = today or timezone.localdate()
    if ClassNotes.objects.exists():
        return
    running = ClassOffer.objects.taught_by(teacher).running_or_upcoming(today).prefetch_related("meetings")
    for offer in running:
        held = [meeting for meeting in offer.meetings.all() if meeting.date <= today]
        if held:
            break
    else:
        return
    evenings = [at_night(held[0].date, 21), at_night(held[-1].date, 22)]
    for evening, body in zip(evenings, CLASS_NOTES, strict=True):
        version = save_class_notes(offer, body, by=teacher)
        version.created_at = min(evening, timezone.now())
        version.save(update_fields=["created_at"])


def at_night(date, hour):
    return datetime.datetime.combine(date, datetime.time(hour, 30), tzinfo=timezone.get_current_timezone())
