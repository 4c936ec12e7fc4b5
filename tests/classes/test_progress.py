"""A student's progress through the levels (DESIGN §3.1), from concrete class histories."""

import datetime
import itertools
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from classes.models import LevelOverride, Registration
from classes.progress import level_progress, ready_for, roster_progress, synopsis
from tests.factories import (
    ClassOfferFactory,
    LevelFactory,
    RegistrationFactory,
    SessionFactory,
    SubjectPageFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 5)  # a Thursday
SESSION_NAMES = itertools.count()


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 5, 12, tzinfo=ZoneInfo(settings.TIME_ZONE)), tick=False)


@pytest.fixture
def levels():
    return {
        "Beginning": LevelFactory(name="Beginning", code="Beg", rank=Decimal(1), completion_rule="A|C,B|D"),
        "Lindy 2": LevelFactory(name="Lindy 2", code="L2", rank=Decimal(2), completion_rule="A,B,C,D"),
        "Lindy 3": LevelFactory(name="Lindy 3", code="L3", rank=Decimal(3), completion_rule="A,B,C,D"),
        "Workshop": LevelFactory(name="Workshop", code="WS", rank=None, completion_rule=""),
    }


@pytest.fixture
def subjects(levels):
    """The subject of a level and version ("Beginning A"), made the first time a test asks for it."""
    made = {}

    def subject(name):
        if name not in made:
            level, _, version = name.rpartition(" ")
            made[name] = SubjectPageFactory(title=name, level=levels[level], version=version)
        return made[name]

    return subject


@pytest.fixture
def take(subjects):
    """`take(student, "Beginning A")`: the student registers for a class of that subject whose first meeting was
    `weeks_ago` weeks before today (a negative number: a class still to come)."""

    def take(student, name, *, weeks_ago=20, status=Registration.Status.CONFIRMED):
        key_day = TODAY - datetime.timedelta(weeks=weeks_ago)
        session = SessionFactory(name=f"Progress {next(SESSION_NAMES)}", key_day_date=key_day, max_day_shift=0)
        class_offer = ClassOfferFactory(subject=subjects(name), session=session)
        return RegistrationFactory(attendee=student, class_offer=class_offer, status=status)

    return take


@pytest.fixture
def student():
    return UserFactory(first_name="Ada", last_name="Lindy")


def progress_of(student, level_name):
    return next(progress for progress in level_progress(student) if progress.level.name == level_name)


# Completing a level


def test_beginning_is_completed_with_a_and_b(student, take):
    first, second = take(student, "Beginning A"), take(student, "Beginning B")

    beginning = progress_of(student, "Beginning")

    assert beginning.completed
    assert beginning.times_completed == 1
    assert beginning.versions_taken == {"A": [first], "B": [second]}
    assert ready_for(student).name == "Lindy 2"


def test_beginning_is_not_completed_with_a_and_c_which_are_alternatives(student, take):
    take(student, "Beginning A")
    take(student, "Beginning C")

    beginning = progress_of(student, "Beginning")

    assert not beginning.completed
    assert beginning.times_completed == 0
    assert sorted(beginning.versions_taken) == ["A", "C"]
    assert ready_for(student).name == "Beginning"


def test_lindy_2_completed_once_then_twice(student, take):
    for version in "ABCD":
        take(student, f"Lindy 2 {version}", weeks_ago=40)
    assert progress_of(student, "Lindy 2").times_completed == 1

    for version in "DCB":
        take(student, f"Lindy 2 {version}", weeks_ago=10)
    assert progress_of(student, "Lindy 2").times_completed == 1  # A is missing from the second round

    take(student, "Lindy 2 A", weeks_ago=5)
    lindy_2 = progress_of(student, "Lindy 2")
    assert lindy_2.times_completed == 2
    assert [len(taken) for taken in lindy_2.versions_taken.values()] == [2, 2, 2, 2]


def test_the_levels_come_lowest_first_and_leave_out_the_levels_outside_the_progression(student, take):
    take(student, "Workshop NA")

    assert [progress.level.name for progress in level_progress(student)] == ["Beginning", "Lindy 2", "Lindy 3"]


def test_a_one_off_subject_of_a_level_is_no_step_of_it_but_is_a_class_taken(student, take):
    take(student, "Beginning NA")
    take(student, "Beginning A")

    assert progress_of(student, "Beginning").versions_taken.keys() == {"A"}
    assert roster_progress([student])[student.pk].classes_taken == 2


# What counts as a class taken


@pytest.mark.parametrize(
    "status",
    [
        Registration.Status.CANCELLED,  # a refund cancels the registration too
        Registration.Status.WAITLISTED,
        Registration.Status.PAID_NO_SEAT,
        Registration.Status.HELD,
    ],
)
def test_only_a_confirmed_registration_counts(student, take, status):
    take(student, "Beginning A")
    take(student, "Beginning B", status=status)

    assert not progress_of(student, "Beginning").completed
    assert synopsis(student) == "Beginning: A · 1 class since 2025"


def test_a_class_counts_from_its_first_meeting_on(student, take):
    take(student, "Beginning A")
    next_week = take(student, "Beginning B", weeks_ago=-1)
    assert not progress_of(student, "Beginning").completed

    today = take(student, "Beginning D", weeks_ago=0)
    assert progress_of(student, "Beginning").versions_taken["D"] == [today]
    assert progress_of(student, "Beginning").completed

    assert next_week not in progress_of(student, "Beginning").versions_taken.get("B", [])
    assert next_week in level_progress(student, on=TODAY + datetime.timedelta(weeks=1))[0].versions_taken["B"]


def test_another_students_classes_are_not_counted(student, take):
    take(UserFactory(), "Beginning A")
    take(UserFactory(), "Beginning B")

    assert not progress_of(student, "Beginning").completed
    assert synopsis(student) == "First class"


# An admin's word on a student's level


def test_an_override_completes_its_level_and_every_level_below(student, levels, admin):
    LevelOverride.objects.create(student=student, level=levels["Lindy 2"], reason="Danced in Paris", set_by=admin)

    progress = {progress.level.name: progress for progress in level_progress(student)}

    assert progress["Beginning"].completed
    assert progress["Beginning"].completed_by_override
    assert progress["Lindy 2"].times_completed == 1
    assert not progress["Lindy 3"].completed
    assert ready_for(student).name == "Lindy 3"
    assert synopsis(student) == "Beginning ✓ · Lindy 2 ✓ · First class"


def test_an_override_keeps_what_the_classes_taken_completed(student, levels, take, admin):
    for version in "ABCD" * 2:
        take(student, f"Lindy 2 {version}")
    take(student, "Lindy 3 A")
    LevelOverride.objects.create(student=student, level=levels["Lindy 2"], reason="Teacher saw them", set_by=admin)

    lindy_2 = progress_of(student, "Lindy 2")

    assert lindy_2.times_completed == 2
    assert not lindy_2.completed_by_override
    assert progress_of(student, "Lindy 3").versions_taken.keys() == {"A"}
    assert ready_for(student).name == "Lindy 3"


def test_an_override_on_a_level_taken_out_of_the_progression_is_ignored(student, levels, admin):
    LevelOverride.objects.create(student=student, level=levels["Lindy 2"], reason="Danced in Paris", set_by=admin)
    levels["Lindy 2"].rank = None
    levels["Lindy 2"].save()

    assert ready_for(student).name == "Beginning"


def test_an_override_must_name_a_level_of_the_progression(student, levels, admin):
    override = LevelOverride(student=student, level=levels["Workshop"], reason="Workshops everywhere", set_by=admin)

    with pytest.raises(ValidationError, match="one with a rank"):
        override.full_clean()


# Ready for


def test_a_new_student_is_ready_for_the_lowest_level(student, levels):
    assert ready_for(student).name == "Beginning"


def test_a_student_is_ready_for_a_lower_level_they_skipped(student, take):
    for version in "ABCD":
        take(student, f"Lindy 2 {version}")
    take(student, "Beginning A")

    assert progress_of(student, "Lindy 2").completed
    assert ready_for(student).name == "Beginning"


def test_a_student_who_completed_every_level_is_ready_for_none(student, take):
    take(student, "Beginning C")
    take(student, "Beginning D")
    for level in ["Lindy 2", "Lindy 3"]:
        for version in "ABCD":
            take(student, f"{level} {version}")

    assert ready_for(student) is None


def test_a_school_without_ranked_levels_has_nothing_to_be_ready_for(student):
    assert level_progress(student) == []
    assert ready_for(student) is None


# The one line staff read beside a student's name


def test_the_synopsis_names_levels_completed_versions_taken_classes_and_role(student, take):
    student.preferred_dance_role = "lead"
    student.save()
    take(student, "Beginning A", weeks_ago=70)  # Dec 26, 2024
    take(student, "Beginning B", weeks_ago=50)
    take(student, "Lindy 2 A", weeks_ago=40)
    take(student, "Lindy 2 C", weeks_ago=30)
    take(student, "Lindy 2 C", weeks_ago=20)
    take(student, "Workshop NA", weeks_ago=10)

    assert synopsis(student) == "Beginning ✓ · Lindy 2: A, C×2 · 6 classes since 2024 · lead"


def test_the_synopsis_of_a_level_completed_twice(student, take):
    student.preferred_dance_role = "follow"
    student.save()
    for version in "ABCD":
        take(student, f"Beginning {version}")

    assert synopsis(student) == "Beginning ✓×2 · 4 classes since 2025 · follow"


def test_the_synopsis_of_a_student_with_no_class_yet(student, take):
    take(student, "Beginning A", weeks_ago=-2)

    assert synopsis(student) == "First class"


# A whole roster


def test_a_roster_is_worked_out_in_a_fixed_number_of_queries(take, subjects, django_assert_max_num_queries):
    def roster(size):
        students = UserFactory.create_batch(size)
        for student in students:
            for name in ["Beginning A", "Beginning B", "Lindy 2 A", "Workshop NA"]:
                take(student, name)
        return students

    small, large = roster(3), roster(30)

    with django_assert_max_num_queries(3):
        progress = roster_progress(small)
    assert len(progress) == 3
    with django_assert_max_num_queries(3):
        progress = roster_progress(large)

    assert {student.pk for student in large} == progress.keys()
    assert {p.synopsis for p in progress.values()} == {"Beginning ✓ · Lindy 2: A · 4 classes since 2025"}
    assert {p.ready_for.name for p in progress.values()} == {"Lindy 2"}
