"""The stored meetings (ClassMeeting) follow every change to what a class's dates come from (DESIGN §3.2)."""

import datetime

import pytest

from classes.models import Attendance, ClassMeeting, SessionSkipDate
from tests.factories import ClassOfferFactory, RegistrationFactory, SessionFactory, SubjectPageFactory

pytestmark = pytest.mark.django_db

THU_JAN_3 = datetime.date(2030, 1, 3)
WEEK = datetime.timedelta(weeks=1)


@pytest.fixture
def thursday_class():
    session = SessionFactory(key_day_date=THU_JAN_3, max_day_shift=-2, num_weeks=5)
    return ClassOfferFactory(session=session, subject=SubjectPageFactory(num_weeks=5), class_day=3)


def stored(class_offer):
    return list(ClassMeeting.objects.filter(class_offer=class_offer).values_list("number", "date"))


def weekly(first, count):
    return [(number, first + WEEK * (number - 1)) for number in range(1, count + 1)]


def test_a_new_class_has_its_meetings(thursday_class):
    assert stored(thursday_class) == weekly(THU_JAN_3, 5)
    assert [date for _, date in stored(thursday_class)] == thursday_class.meeting_dates()


def test_a_skip_date_moves_the_meetings_after_it_and_removing_it_moves_them_back(thursday_class):
    skip = SessionSkipDate.objects.create(session=thursday_class.session, date=THU_JAN_3 + WEEK)
    assert stored(thursday_class) == [(1, THU_JAN_3)] + [(n, THU_JAN_3 + WEEK * n) for n in range(2, 6)]

    skip.delete()
    assert stored(thursday_class) == weekly(THU_JAN_3, 5)


def test_moving_the_session_moves_its_classes(thursday_class):
    session = thursday_class.session
    session.key_day_date = THU_JAN_3 + WEEK
    session.save()

    assert stored(thursday_class) == weekly(THU_JAN_3 + WEEK, 5)


def test_another_day_of_the_session(thursday_class):
    thursday_class.class_day = 1  # Tuesday, two days before the key day
    thursday_class.save()

    assert stored(thursday_class) == weekly(THU_JAN_3 - datetime.timedelta(days=2), 5)


def test_a_shorter_subject_has_fewer_meetings_and_a_longer_one_more(thursday_class):
    subject = thursday_class.subject
    subject.num_weeks = 3
    subject.save()
    assert stored(thursday_class) == weekly(THU_JAN_3, 3)
    assert thursday_class.meetings.get(is_last=True).number == 3

    subject.num_weeks = 6
    subject.save_revision().publish()
    assert stored(thursday_class) == weekly(THU_JAN_3, 6)
    assert thursday_class.meetings.get(is_last=True).number == 6


def test_a_check_in_stays_with_its_class_number_when_the_dates_move(thursday_class):
    registration = RegistrationFactory(class_offer=thursday_class)
    second = ClassMeeting.objects.get(class_offer=thursday_class, number=2)
    Attendance.objects.create(registration=registration, meeting=second)

    SessionSkipDate.objects.create(session=thursday_class.session, date=THU_JAN_3)

    check_in = Attendance.objects.get(registration=registration)
    assert (check_in.meeting.number, check_in.meeting.date) == (2, THU_JAN_3 + 2 * WEEK)
