import datetime
from decimal import Decimal

import pytest

from accounts.credits import grant_credit
from accounts.models import TeacherPage, TeachersIndexPage
from classes.services.checkout import place_order
from home.models import SchoolSettings
from tests.factories import ClassOfferFactory, SessionFactory, TeacherFactory, UserFactory


@pytest.fixture
def school_calendar_settings(settings):
    """The school's calendar settings pinned, so that a school's own .env doesn't change what is tested:
    key day Thursday, day shift -2, 5-week sessions, 3 weeks minimum, expiry 8 days (2 for short sessions)."""
    settings.DEFAULT_KEY_DAY = 3
    settings.DEFAULT_MAX_DAY_SHIFT = -2
    settings.DEFAULT_SESSION_WEEKS = 5
    settings.SESSION_MINIMUM_WEEKS = 3
    settings.DEFAULT_SESSION_EXPIRE = 8
    settings.SHORT_SESSION_EXPIRE = 2
    return settings


@pytest.fixture
def november():
    """Running: started Tue Nov 3, still listed for late registration, no class on Thanksgiving."""
    return SessionFactory(
        name="November 2026",
        slug="november-2026",
        key_day_date=datetime.date(2026, 11, 5),
        publish_date=datetime.date(2026, 10, 15),
        skip_dates=[(datetime.date(2026, 11, 26), "Thanksgiving")],
    )


@pytest.fixture
def monday_nov_2(time_machine):
    """Monday Nov 2: the listed November session is open for registration and every class can still be pre-paid."""
    time_machine.move_to(datetime.datetime(2026, 11, 2, 12, 0, tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def listed_november():
    """Classes from Tue Nov 10 and Thu Nov 12, listed from Oct 20 to Nov 20."""
    return SessionFactory(
        name="November 2026",
        slug="november-2026",
        key_day_date=datetime.date(2026, 11, 12),
        publish_date=datetime.date(2026, 10, 20),
    )


@pytest.fixture
def ann_lee():
    """A teacher with a teacher page."""
    ann = TeacherFactory(first_name="Ann", last_name="Lee")
    TeachersIndexPage.objects.get().add_child(instance=TeacherPage(title="Ann Lee", slug="ann-lee", teacher=ann))
    return ann


@pytest.fixture
def referred_student_with_credit(monday_nov_2, listed_november):
    """An order for a class, to pay online, of a student with $20 of credit whom Chick referred (the referral
    program pays $15); and Chick."""
    school = SchoolSettings.load()
    school.referral_program_enabled, school.referral_reward = True, Decimal("15.00")
    school.save()
    student, referrer = UserFactory(), UserFactory(first_name="Chick")
    grant_credit(student, Decimal("20.00"), "Snow day")
    lindy = ClassOfferFactory(session=listed_november, class_day=1)
    return place_order(offers=[lindy], attendee=student, method="dummy", referrer=referrer), referrer
