"""The demo school's students who came already dancing: an admin set their level by hand (DESIGN §3.1), so that
their progress reads as the level they started at here."""

import datetime
import itertools

from django.utils import timezone

from classes.models import Level, LevelOverride, Registration

from .data import PLACEMENT_REASONS


def build_level_overrides(admin):
    """Made once: a student whose lowest-level class here is above the lowest level completed the level below it
    elsewhere, as the admin noted a few days before their first class."""
    if LevelOverride.objects.exists():
        return
    ranked = list(Level.objects.filter(rank__isnull=False))
    if not ranked:
        return
    registrations = (
        Registration.objects.filter(status=Registration.Status.CONFIRMED, class_offer__subject__level__in=ranked)
        .with_class_days()
        .select_related("class_offer__subject__level")
        .order_by("attendee_id", "class_offer__subject__level__rank", "first_class_on")
    )
    lowest_class = {}  # student id → their registration of the lowest level they took here
    for registration in registrations:
        lowest_class.setdefault(registration.attendee_id, registration)
    reasons = itertools.cycle(PLACEMENT_REASONS)
    overrides = []
    for student_id, registration in lowest_class.items():
        position = ranked.index(registration.class_offer.subject.level)
        if position == 0:
            continue
        noted_on = registration.first_class_on - datetime.timedelta(days=3)
        overrides.append(
            LevelOverride(
                student_id=student_id,
                level=ranked[position - 1],
                reason=next(reasons),
                set_by=admin,
                set_at=timezone.make_aware(datetime.datetime.combine(noted_on, datetime.time(18))),
            )
        )
    LevelOverride.objects.bulk_create(overrides)
