"""When a class resource is released to a student and when it expires (DESIGN §5), day by day.

The class meets on Thursdays from Jan 3, 2030, five times, with no class on Jan 17: Jan 3, 10, 24, 31 and Feb 7.
Its student signed up on Thu Dec 20, 2029. Each row freezes the clock on a day and asks whether the student
sees the resource then, through resources.access and through the day the editor and the student area show.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser

from resources.access import can_view, visible_resources
from resources.models import ResourcePage
from tests.factories import (
    ClassOfferFactory,
    RegistrationFactory,
    ResourcePageFactory,
    SessionFactory,
    SubjectPageFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SEATTLE = ZoneInfo("America/Los_Angeles")
SIGNED_UP = datetime.date(2029, 12, 20)
MEETINGS = [datetime.date(2030, 1, 3), datetime.date(2030, 1, 10)] + [
    datetime.date(2030, 1, 24),
    datetime.date(2030, 1, 31),
    datetime.date(2030, 2, 7),
]
SIGNUP, AFTER_CLASS, COMPLETION = ResourcePage.Release.values


def day(month, day_of_month, year=2030):
    return datetime.date(year, month, day_of_month)


# (what the row checks, release rule, class number, expiry weeks, attached through, day, seen)
RELEASES = [
    ("on sign-up, before it", SIGNUP, 1, 0, "class offer", day(12, 19, 2029), False),
    ("on sign-up, that day", SIGNUP, 1, 0, "class offer", SIGNED_UP, True),
    ("on sign-up, a year on", SIGNUP, 1, 0, "class offer", day(12, 20), True),
    ("on sign-up, 1 week's expiry, its last day", SIGNUP, 1, 1, "class offer", day(12, 26, 2029), True),
    ("on sign-up, 1 week's expiry, gone", SIGNUP, 1, 1, "class offer", day(12, 27, 2029), False),
    ("after class 1, the day before", AFTER_CLASS, 1, 0, "class offer", day(1, 2), False),
    ("after class 1, that day", AFTER_CLASS, 1, 0, "class offer", day(1, 3), True),
    ("after class 1, long after the class", AFTER_CLASS, 1, 0, "class offer", day(6, 1, 2031), True),
    ("after class 1, through the subject", AFTER_CLASS, 1, 0, "subject", day(1, 3), True),
    ("after class 1, through the subject, the day before", AFTER_CLASS, 1, 0, "subject", day(1, 2), False),
    ("after class 3, on the skipped Thursday", AFTER_CLASS, 3, 0, "class offer", day(1, 17), False),
    ("after class 3, the day before it", AFTER_CLASS, 3, 0, "class offer", day(1, 23), False),
    ("after class 3, a week late for the skip date", AFTER_CLASS, 3, 0, "class offer", day(1, 24), True),
    ("after the last class, the day before", AFTER_CLASS, 5, 0, "class offer", day(2, 6), False),
    ("after the last class", AFTER_CLASS, 5, 0, "class offer", day(2, 7), True),
    ("after class 9 of 5: on the last", AFTER_CLASS, 9, 0, "class offer", day(2, 6), False),
    ("after class 9 of 5: on the last, that day", AFTER_CLASS, 9, 0, "class offer", day(2, 7), True),
    ("on completion, the day before", COMPLETION, 1, 0, "subject", day(2, 6), False),
    ("on completion", COMPLETION, 1, 0, "subject", day(2, 7), True),
    ("after class 1, 1 week's expiry, its last day", AFTER_CLASS, 1, 1, "class offer", day(1, 9), True),
    ("after class 1, 1 week's expiry, gone", AFTER_CLASS, 1, 1, "class offer", day(1, 10), False),
    ("after class 1, 2 weeks' expiry, its last day", AFTER_CLASS, 1, 2, "subject", day(1, 16), True),
    ("after class 1, 2 weeks' expiry, gone", AFTER_CLASS, 1, 2, "subject", day(1, 17), False),
    ("on completion, 2 weeks' expiry, its last day", COMPLETION, 1, 2, "class offer", day(2, 20), True),
    ("on completion, 2 weeks' expiry, gone", COMPLETION, 1, 2, "class offer", day(2, 21), False),
]


@pytest.fixture
def january_class():
    session = SessionFactory(
        key_day_date=MEETINGS[0], max_day_shift=0, num_weeks=5, skip_dates=[(day(1, 17), "Snow week")]
    )
    return ClassOfferFactory(session=session, subject=SubjectPageFactory(num_weeks=5))


def signed_up(student, class_offer, on):
    confirmed_at = datetime.datetime.combine(on, datetime.time(18, 30), tzinfo=SEATTLE)
    return RegistrationFactory(attendee=student, class_offer=class_offer, confirmed_at=confirmed_at)


def resource_for(class_offer, attached, release, number, weeks):
    attachment = {"subjects": [class_offer.subject]} if attached == "subject" else {"class_offers": [class_offer]}
    return ResourcePageFactory(release=release, release_class_number=number, expire_after_weeks=weeks, **attachment)


def test_the_class_meets_as_the_rows_say(january_class):
    assert list(january_class.meetings.values_list("date", flat=True)) == MEETINGS


@pytest.mark.parametrize(
    ("release", "number", "weeks", "attached", "on", "seen"),
    [row[1:] for row in RELEASES],
    ids=[row[0] for row in RELEASES],
)
def test_release_and_expiry(january_class, time_machine, release, number, weeks, attached, on, seen):
    student = UserFactory()
    registration = signed_up(student, january_class, SIGNED_UP)
    resource = resource_for(january_class, attached, release, number, weeks)
    time_machine.move_to(datetime.datetime.combine(on, datetime.time(12), tzinfo=SEATTLE), tick=False)

    assert can_view(student, resource) is seen
    assert (resource in visible_resources(student)) is seen
    assert can_view(UserFactory(), resource) is False  # someone who never took the class
    assert can_view(AnonymousUser(), resource) is False
    released, expires = resource.release_on(january_class.meeting_dates(), registration.confirmed_at.date())
    assert (released <= on and (expires is None or on < expires)) is seen


@pytest.mark.parametrize(("attached", "seen"), [("subject", True), ("class offer", False)])
def test_a_student_of_an_earlier_run_of_the_subject(january_class, attached, seen):
    """Attached to the subject, every run gets it, each from its own meetings; attached to one run, only that one."""
    autumn = SessionFactory(key_day_date=day(10, 4, 2029), max_day_shift=0, num_weeks=5)
    earlier_run = ClassOfferFactory(session=autumn, subject=january_class.subject)
    veteran = UserFactory()
    signed_up(veteran, earlier_run, day(9, 20, 2029))
    resource = resource_for(january_class, attached, AFTER_CLASS, 3, 0)

    assert can_view(veteran, resource, on=day(10, 17, 2029)) is False  # the day before the earlier run's class 3
    assert can_view(veteran, resource, on=day(10, 18, 2029)) is seen
    assert can_view(veteran, resource, on=day(1, 3)) is seen


def test_moving_a_skip_date_moves_the_release(january_class):
    resource = resource_for(january_class, "class offer", AFTER_CLASS, 3, 0)
    student = UserFactory()
    signed_up(student, january_class, SIGNED_UP)
    january_class.session.skip_dates.get().delete()

    assert can_view(student, resource, on=day(1, 17)) is True


@pytest.mark.parametrize("status", ["held", "waitlisted", "cancelled", "paid_no_seat"])
def test_only_a_confirmed_registration_releases_a_class_resource(january_class, status):
    student = UserFactory()
    RegistrationFactory(attendee=student, class_offer=january_class, status=status)
    resource = resource_for(january_class, "subject", SIGNUP, 1, 0)

    assert can_view(student, resource, on=day(2, 1)) is False


def test_wagtails_expiry_date_applies_on_top(january_class, time_machine):
    student = UserFactory()
    signed_up(student, january_class, SIGNED_UP)
    resource = resource_for(january_class, "class offer", SIGNUP, 1, 0)
    resource.expire_at = datetime.datetime(2030, 1, 5, 9, tzinfo=SEATTLE)
    resource.save()

    time_machine.move_to(datetime.datetime(2030, 1, 5, 8, tzinfo=SEATTLE), tick=False)
    assert can_view(student, resource) is True
    time_machine.move_to(datetime.datetime(2030, 1, 5, 10, tzinfo=SEATTLE), tick=False)
    assert can_view(student, resource) is False
