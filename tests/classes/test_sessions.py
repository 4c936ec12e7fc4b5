"""The school's calendar rules (DESIGN §3.2), each pinned with concrete dates.

The settings are pinned too, so a school's own .env doesn't change what is tested: key day
Thursday, day shift -2, 5-week sessions, 3 weeks minimum, expiry 8 days (2 for short sessions).
"""

import datetime

import pytest
from django.core.exceptions import ValidationError

from classes.models import Session
from tests.factories import ClassOfferFactory, SessionFactory, SubjectPageFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def _calendar(school_calendar_settings):
    """Pin the school's calendar settings (see tests/classes/conftest.py)."""


def january(**fields):
    """A regular session: key day Thursday Jan 8 2026, classes Tue-Thu, five weeks."""
    values = {
        "name": "January 2026",
        "key_day_date": D(2026, 1, 8),
        "max_day_shift": -2,
        "num_weeks": 5,
        "publish_date": D(2025, 12, 20),
    }
    return SessionFactory(**{**values, **fields})


# Start dates of classes, for every weekday


@pytest.mark.parametrize(
    ("shift", "expected"),
    [
        # key day Thursday Jan 8, 2026; None: the weekday is not in the session's window
        (-2, [None, D(2026, 1, 6), D(2026, 1, 7), D(2026, 1, 8), None, None, None]),
        (0, [None, None, None, D(2026, 1, 8), None, None, None]),
        # +5 runs into the next calendar week: Monday and Tuesday come after the key day
        (5, [D(2026, 1, 12), D(2026, 1, 13), None, D(2026, 1, 8), D(2026, 1, 9), D(2026, 1, 10), D(2026, 1, 11)]),
    ],
)
def test_class_start_dates_for_every_weekday(shift, expected):
    session = january(max_day_shift=shift)

    starts = [(session.class_meetings(weekday) or [None])[0] for weekday in range(7)]

    assert starts == expected
    assert session.start_date == min(day for day in expected if day)


def test_a_window_across_the_new_year():
    session = SessionFactory(key_day_date=D(2026, 12, 29), max_day_shift=5)  # Tuesday

    assert session.first_day_on(6) == D(2027, 1, 3)  # Sunday
    assert session.first_day_on(0) is None  # Monday Dec 28 is before the key day, Monday Jan 4 after the window
    assert session.start_date == D(2026, 12, 29)


def test_class_offers_start_on_their_weekday_in_the_window():
    session = january()

    tuesday = ClassOfferFactory(session=session, class_day=1)
    thursday = ClassOfferFactory(session=session, class_day=3)

    assert (tuesday.start_date, tuesday.end_date) == (D(2026, 1, 6), D(2026, 2, 3))
    assert (thursday.start_date, thursday.end_date) == (D(2026, 1, 8), D(2026, 2, 5))


# End dates and skip dates


def test_a_skip_date_moves_the_rest_of_the_class_a_week_later():
    thanksgiving = SessionFactory(
        key_day_date=D(2026, 11, 12), max_day_shift=-2, num_weeks=5, skip_dates=[(D(2026, 11, 26), "Thanksgiving")]
    )
    thursday = ClassOfferFactory(session=thanksgiving, class_day=3)
    tuesday = ClassOfferFactory(session=thanksgiving, class_day=1)

    assert thursday.meeting_dates() == [
        D(2026, 11, 12),
        D(2026, 11, 19),
        D(2026, 12, 3),
        D(2026, 12, 10),
        D(2026, 12, 17),
    ]
    assert [skip.reason for skip in thursday.skipped_dates()] == ["Thanksgiving"]
    assert tuesday.meeting_dates()[-1] == D(2026, 12, 8)
    assert tuesday.skipped_dates() == []
    assert thanksgiving.end_date == D(2026, 12, 17)


def test_the_session_ends_with_its_latest_class_over_every_weekday():
    session = january(skip_dates=[D(2026, 2, 3)])  # a Tuesday: Tuesday classes finish Feb 10

    assert session.end_date == D(2026, 2, 10)


def test_a_class_meets_for_its_subjects_weeks():
    session = january()
    four_weeks = ClassOfferFactory(session=session, class_day=3, subject=SubjectPageFactory(num_weeks=4))

    assert four_weeks.meeting_dates() == [D(2026, 1, 8), D(2026, 1, 15), D(2026, 1, 22), D(2026, 1, 29)]
    assert session.end_date == D(2026, 2, 5)


# Expiry


def test_a_regular_session_expires_eight_days_after_its_key_day():
    assert january().expire_date == D(2026, 1, 16)


def test_with_a_positive_shift_expiry_counts_from_the_last_day_of_the_window():
    session = SessionFactory(key_day_date=D(2026, 1, 5), max_day_shift=3)  # Monday to Thursday

    assert session.expire_date == D(2026, 1, 16)


def test_a_short_session_expires_two_days_after_its_last_first_day():
    weekend = SessionFactory(key_day_date=D(2026, 1, 10), max_day_shift=1, num_weeks=2)  # Sat and Sun

    assert weekend.is_short
    assert weekend.expire_date == D(2026, 1, 13)


def test_a_hand_set_expire_date_is_kept():
    assert january(expire_date=D(2026, 1, 10)).expire_date == D(2026, 1, 10)


# Defaults for the next session


def test_first_session_defaults_to_the_next_key_weekday():
    defaults = Session.next_defaults(today=D(2026, 11, 26))  # a Thursday

    assert defaults["key_day_date"] == D(2026, 12, 3)
    assert defaults["publish_date"] == D(2026, 11, 26)
    assert defaults["expire_date"] == D(2026, 12, 11)
    assert (defaults["max_day_shift"], defaults["num_weeks"]) == (-2, 5)
    assert (defaults["name"], defaults["slug"]) == ("December 2026", "december-2026")


def test_first_session_defaults_from_the_day_before_the_key_weekday():
    assert Session.next_defaults(today=D(2026, 11, 25))["key_day_date"] == D(2026, 11, 26)


def test_next_session_follows_the_last_class_on_the_key_day():
    january()

    defaults = Session.next_defaults()

    # Thursdays Jan 8 ... Feb 5, then a week later
    assert defaults["key_day_date"] == D(2026, 2, 12)
    assert defaults["publish_date"] == D(2026, 1, 16)
    assert defaults["expire_date"] == D(2026, 2, 20)


def test_break_weeks_push_the_next_session_back():
    january(break_weeks=2)

    assert Session.next_defaults()["key_day_date"] == D(2026, 2, 26)


def test_a_skip_date_on_the_key_day_pushes_the_next_session_back():
    january(skip_dates=[D(2026, 1, 22)])

    assert Session.next_defaults()["key_day_date"] == D(2026, 2, 19)


def test_the_next_session_starts_after_the_previous_one_ends():
    # A skipped Tuesday makes January run until Tue Feb 10; Feb 12 would start on Feb 10.
    january(skip_dates=[D(2026, 2, 3)])

    assert Session.next_defaults()["key_day_date"] == D(2026, 2, 19)
    assert Session.next_defaults(max_day_shift=0)["key_day_date"] == D(2026, 2, 12)


def test_short_sessions_are_ignored_for_the_next_defaults():
    january()
    SessionFactory(name="Balboa weekend", key_day_date=D(2026, 2, 14), max_day_shift=1, num_weeks=1)

    defaults = Session.next_defaults()

    assert defaults["key_day_date"] == D(2026, 2, 12)
    assert defaults["publish_date"] == D(2026, 1, 16)


def test_the_suggested_name_is_unique():
    january()
    SessionFactory(name="February 2026", key_day_date=D(2025, 6, 5))

    assert Session.next_defaults()["name"] == "February 2026 (2)"


# Publish dates follow expiry


def test_the_next_sessions_publish_date_follows_a_changed_expire_date():
    first = january()
    second = SessionFactory(key_day_date=D(2026, 2, 12), publish_date=first.expire_date)

    first.expire_date = D(2026, 1, 18)
    first.save()

    second.refresh_from_db()
    assert second.publish_date == D(2026, 1, 18)
    assert first.sessions_that_followed == [second]


def test_a_hand_set_publish_date_is_left_alone():
    first = january()
    second = SessionFactory(key_day_date=D(2026, 2, 12), publish_date=D(2026, 1, 10))

    first.expire_date = D(2026, 1, 18)
    first.save()

    second.refresh_from_db()
    assert second.publish_date == D(2026, 1, 10)


# Current sessions


def test_current_sessions_are_those_listed_for_sign_up():
    first = january()  # listed Dec 20 - Jan 16
    second = SessionFactory(key_day_date=D(2026, 2, 12), publish_date=D(2026, 1, 10))  # listed Jan 10 - Feb 20

    assert list(Session.objects.current(on=D(2026, 1, 5))) == [first]
    assert list(Session.objects.current(on=D(2026, 1, 12))) == [first, second]
    assert list(Session.objects.current(on=D(2026, 1, 17))) == [second]


def test_with_nothing_listed_the_latest_published_session_is_current():
    first = january()
    SessionFactory(key_day_date=D(2026, 4, 2), publish_date=D(2026, 3, 20))

    assert list(Session.objects.current(on=D(2026, 3, 1))) == [first]
    assert list(Session.objects.current(on=D(2025, 12, 1))) == []


def test_current_defaults_to_today(time_machine):
    first = january()
    time_machine.move_to(datetime.datetime(2026, 1, 2, 12, 0))

    assert list(Session.objects.current()) == [first]


# Overlaps


def test_a_session_starting_before_the_previous_one_ends_is_refused_with_a_fix():
    january()  # ends Thu Feb 5
    overlapping = Session(name="February", slug="february", key_day_date=D(2026, 2, 5), publish_date=D(2026, 1, 16))

    with pytest.raises(ValidationError) as refusal:
        overlapping.full_clean()

    message = refusal.value.message_dict["key_day_date"][0]
    assert "start on Tue Feb 3, 2026" in message
    assert "“January 2026”, runs until Thu Feb 5, 2026" in message
    assert "move the key day to Thu Feb 12, 2026 (the session would then start on Tue Feb 10, 2026)" in message


def test_the_fix_can_be_moving_the_early_days_after_the_key_day():
    january()
    friday = Session(name="February", slug="february", key_day_date=D(2026, 2, 6), publish_date=D(2026, 1, 16))

    with pytest.raises(ValidationError) as refusal:
        friday.full_clean()

    message = refusal.value.message_dict["key_day_date"][0]
    assert "move the early days after the key day with a day shift of +2" in message
    assert "move the key day to Fri Feb 13, 2026" in message
    friday.max_day_shift = 2
    friday.full_clean()


def test_a_session_that_starts_after_the_previous_one_ends_is_accepted():
    january()

    Session(name="February", slug="february", key_day_date=D(2026, 2, 12), publish_date=D(2026, 1, 16)).full_clean()


def test_lengthening_a_session_into_the_next_one_is_refused():
    first = january()
    SessionFactory(name="February", key_day_date=D(2026, 2, 12), publish_date=D(2026, 1, 16))

    first.num_weeks = 6
    with pytest.raises(ValidationError) as refusal:
        first.full_clean()

    message = refusal.value.message_dict["num_weeks"][0]
    assert "run until Thu Feb 12, 2026" in message
    assert "“February”, starts on Tue Feb 10, 2026" in message
    assert "A session of 5 weeks fits" in message


def test_a_short_session_may_run_alongside_a_regular_one():
    january()

    Session(
        name="Balboa weekend",
        slug="balboa-weekend",
        key_day_date=D(2026, 1, 17),
        max_day_shift=1,
        num_weeks=2,
        publish_date=D(2026, 1, 1),
    ).full_clean()


def test_an_expire_date_before_the_publish_date_is_refused():
    session = january()
    session.expire_date = D(2025, 12, 1)

    with pytest.raises(ValidationError) as refusal:
        session.full_clean()

    assert "before it is published" in refusal.value.message_dict["expire_date"][0]


# The suggested key weekday


def test_the_suggested_key_weekday_is_the_one_with_classes_in_the_most_sessions():
    sessions = [SessionFactory(max_day_shift=-3) for _ in range(3)]  # Mon-Thu windows
    for session in sessions:
        ClassOfferFactory(session=session, class_day=1)
    ClassOfferFactory(session=sessions[0], class_day=3)

    assert Session.suggested_key_weekday() == 1


def test_on_a_tie_the_later_weekday_is_suggested():
    sessions = [SessionFactory(max_day_shift=-3) for _ in range(2)]
    for session in sessions:
        ClassOfferFactory(session=session, class_day=1)
        ClassOfferFactory(session=session, class_day=3)

    assert Session.suggested_key_weekday() == 3


def test_no_classes_no_suggestion():
    assert Session.suggested_key_weekday() is None
