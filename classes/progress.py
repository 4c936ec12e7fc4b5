"""How far along the school's progression a student is (DESIGN §3.1): per ranked level, the versions they took,
whether and how often they completed it, the level they are ready for, and the one line staff read beside their
name ("Beginning ✓ · Lindy 2: A, C · 14 classes since 2023 · lead").

A class counts once the student is confirmed in it and it has met (Registration.objects.attended): cancelled,
refunded and waitlisted registrations and classes still to come do not. An admin's LevelOverride counts the
student as having completed its level and every lower one. Everything is worked out for a whole roster at once,
in three queries (roster_progress); the one-student functions are that roster of one.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import F
from django.utils import timezone

from accounts.models import DanceRole
from classes.models import Level, LevelOverride, Registration
from classes.models.levels import VERSIONS


@dataclass(frozen=True)
class LevelProgress:
    """A student's standing in one ranked level."""

    level: Level
    versions_taken: dict  # version → the student's attended registrations of that version, first taken first
    times_completed: int
    completed_by_override: bool = False  # completed only because an admin said so (LevelOverride)

    @property
    def completed(self):
        return self.times_completed >= 1


@dataclass(frozen=True)
class StudentProgress:
    levels: list  # of LevelProgress, one per ranked level, lowest first
    classes_taken: int  # attended classes of any level, in the progression or not
    since: int | None  # the year of the first attended class
    preferred_dance_role: str  # accounts.models.DanceRole

    @property
    def ready_for(self):
        """The lowest-ranked level not completed: every level below it is (or None when all are)."""
        return next((progress.level for progress in self.levels if not progress.completed), None)

    @property
    def synopsis(self):
        parts = [level_label(progress) for progress in self.levels if progress.completed or progress.versions_taken]
        if self.classes_taken:
            parts.append(f"{self.classes_taken} class{'' if self.classes_taken == 1 else 'es'} since {self.since}")
        else:
            parts.append("First class")
        if self.preferred_dance_role != DanceRole.EITHER:  # "either" is everyone's until they choose
            parts.append(DanceRole(self.preferred_dance_role).label.lower())
        return " · ".join(parts)


def level_label(progress):
    """ "Beginning ✓", "Beginning ✓×2", or the versions taken so far: "Lindy 2: A, C×2"."""
    if progress.completed:
        return f"{progress.level.name} ✓{times(progress.times_completed)}"
    versions = ", ".join(f"{version}{times(len(taken))}" for version, taken in progress.versions_taken.items())
    return f"{progress.level.name}: {versions}"


def times(count):
    return f"×{count}" if count > 1 else ""


def roster_progress(users, on=None):
    """{user id: StudentProgress} for `users` (User objects) as of a day (today), in three queries whatever their
    number (and one more if `users` is a queryset not read yet)."""
    users = list(users)
    on = on or timezone.localdate()
    ranked_levels = list(Level.objects.filter(rank__isnull=False))
    attended = defaultdict(list)
    # A student of many years has hundreds of classes, and a roster has dozens of students: each registration is
    # read with its subject's level and version only, not as class offer and subject pages.
    registrations = (
        Registration.objects.filter(attendee__in=users)
        .attended(on)
        .annotate(level_id=F("class_offer__subject__level_id"), version=F("class_offer__subject__version"))
        .only("pk", "attendee_id", "class_offer_id")
        .order_by("first_class_on", "pk")
    )
    for registration in registrations:
        attended[registration.attendee_id].append(registration)
    overrides = {
        override.student_id: override
        for override in LevelOverride.objects.filter(student__in=users).select_related("level")
    }
    return {
        user.pk: StudentProgress(
            levels=progress_by_level(ranked_levels, attended[user.pk], overrides.get(user.pk)),
            classes_taken=len(attended[user.pk]),
            since=attended[user.pk][0].first_class_on.year if attended[user.pk] else None,
            preferred_dance_role=user.preferred_dance_role,
        )
        for user in users
    }


def progress_by_level(ranked_levels, attended, override):
    """One LevelProgress per ranked level, from a student's attended registrations (first taken first)."""
    taken = defaultdict(lambda: defaultdict(list))  # level id → version → registrations
    for registration in attended:
        if registration.version in VERSIONS:  # a one-off subject (NA) is no step of its level
            taken[registration.level_id][registration.version].append(registration)
    done_by_hand = override.level.rank if override is not None else None
    progress = []
    for level in ranked_levels:
        versions = dict(sorted(taken[level.pk].items()))
        count = level.times_completed({version: len(registrations) for version, registrations in versions.items()})
        by_override = count == 0 and done_by_hand is not None and level.rank <= done_by_hand
        progress.append(LevelProgress(level, versions, max(count, int(by_override)), by_override))
    return progress


def student_progress(user, on=None):
    return roster_progress([user], on)[user.pk]


def level_progress(user, on=None):
    return student_progress(user, on).levels


def ready_for(user, on=None):
    return student_progress(user, on).ready_for


def synopsis(user, on=None):
    return student_progress(user, on).synopsis
