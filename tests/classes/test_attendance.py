"""Checking students in (issue #11 item 3): marks, walk-ins and who may check in which class."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from wagtail.models import ModelLogEntry

from accounts.roles import ADMINS, FRONT_DESK, STUDENTS, TEACHERS, sees_money, takes_door_payments
from classes.models import Attendance, ClassOffer, Order, Registration
from classes.services.attendance import add_walk_in, check_in
from classes.services.checkout import place_order
from classes.services.errors import CheckInError, CheckoutError
from tests.factories import ClassOfferFactory, RegistrationFactory, TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db

THURSDAY_NOV_19 = datetime.date(2026, 11, 19)


@pytest.fixture
def on_nov_19(time_machine):
    """Thursday Nov 19, the day of the second class."""
    time_machine.move_to(datetime.datetime(2026, 11, 20, 2, 0, tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def ann(db):
    return TeacherFactory(first_name="Ann", last_name="Lee")


@pytest.fixture
def lindy(listed_november, ann):
    return ClassOfferFactory(session=listed_november, teachers=[ann], capacity=4, subject__title="Lindy Hop 1")


@pytest.fixture
def ada(lindy):
    return RegistrationFactory(class_offer=lindy, attendee__first_name="Ada", attendee__last_name="Lovelace")


@pytest.fixture
def front_desk(db):
    return UserFactory(groups=[FRONT_DESK], first_name="Frankie", last_name="Desk")


def today(class_offer):
    return class_offer.meetings.get(date=THURSDAY_NOV_19)


# Marks


def test_a_tap_marks_the_student_and_the_orders_history_says_who(on_nov_19, lindy, ada, ann):
    mark = check_in(ada, today(lindy), "late", by=ann)

    assert (mark.status, mark.recorded_by, mark.meeting.number) == ("late", ann, 2)
    entry = ModelLogEntry.objects.for_instance(ada.order).get(action="classes.check_in")
    assert entry.user == ann
    assert entry.data["status"] == "late"


def test_a_second_tap_changes_the_one_mark_and_when_it_was_set(on_nov_19, lindy, ada, ann, front_desk, time_machine):
    first = check_in(ada, today(lindy), "absent", by=ann)
    time_machine.shift(datetime.timedelta(minutes=10))

    second = check_in(ada, today(lindy), "present", by=front_desk)

    assert Attendance.objects.get() == second
    assert (second.status, second.recorded_by) == ("present", front_desk)
    assert second.recorded_at - first.recorded_at == datetime.timedelta(minutes=10)


def test_the_same_tap_again_changes_nothing(on_nov_19, lindy, ada, ann):
    first = check_in(ada, today(lindy), "present", by=ann)
    again = check_in(ada, today(lindy), "present", by=ann)

    assert again.recorded_at == first.recorded_at
    assert ModelLogEntry.objects.filter(action="classes.check_in").count() == 1


def test_came_counts_present_and_late(on_nov_19, lindy, ada, ann):
    first, second = lindy.meetings.filter(number__in=[1, 2])
    check_in(ada, first, "late", by=ann)
    check_in(ada, second, "excused", by=ann)

    counted = Registration.objects.with_attendance().get(pk=ada.pk)

    assert (counted.classes_attended, counted.classes_checked) == (1, 2)


@pytest.mark.parametrize(
    ("status", "meeting_number", "message"),
    [
        ("here", 2, "Mark the student present, late, excused or absent."),
        ("present", 3, "Check-in for the class of Nov 26 opens on that day."),
    ],
)
def test_a_bad_mark_is_refused_with_a_reason(on_nov_19, lindy, ada, ann, status, meeting_number, message):
    with pytest.raises(CheckInError, match=message):
        check_in(ada, lindy.meetings.get(number=meeting_number), status, by=ann)
    assert not Attendance.objects.exists()


def test_only_a_confirmed_student_of_that_class_is_checked_in(on_nov_19, listed_november, lindy, ann):
    cancelled = RegistrationFactory(class_offer=lindy, status=Registration.Status.CANCELLED)
    other_class = RegistrationFactory(class_offer=ClassOfferFactory(session=listed_november, class_day=1))

    with pytest.raises(CheckInError, match="has no confirmed seat in this class"):
        check_in(cancelled, today(lindy), "present", by=ann)
    with pytest.raises(CheckInError, match="not a meeting of this student's class"):
        check_in(other_class, today(lindy), "present", by=ann)
    assert not Attendance.objects.exists()


# Walk-ins

WALK_IN = {"first_name": "Walt", "last_name": "Inn", "email": "walt@example.com"}


def test_a_walk_in_is_registered_to_pay_at_the_door_and_checked_in(on_nov_19, lindy, front_desk):
    registration = add_walk_in(lindy, WALK_IN, "follow", by=front_desk)

    assert registration.status == Registration.Status.CONFIRMED
    assert (registration.attendee.email, registration.dance_role) == ("walt@example.com", "follow")
    assert registration.attendee.groups.filter(name=STUDENTS).exists()
    order = registration.order
    assert (order.method, order.status, order.amount_owed) == ("door", Order.Status.CONFIRMED, Decimal("95.00"))
    mark = Attendance.objects.get(registration=registration)
    assert (mark.meeting.date, mark.status, mark.recorded_by) == (THURSDAY_NOV_19, "present", front_desk)


def test_a_full_class_takes_no_walk_in(on_nov_19, lindy, front_desk):
    for _ in range(lindy.capacity):
        RegistrationFactory(class_offer=lindy)

    with pytest.raises(CheckInError, match="Lindy Hop 1 is full: there is no seat left for a walk-in."):
        add_walk_in(lindy, WALK_IN, "lead", by=front_desk)
    assert not Order.objects.filter(attendee__email="walt@example.com").exists()


def test_someone_already_registered_is_not_registered_again(on_nov_19, lindy, ada, front_desk):
    with pytest.raises(CheckInError, match="Ada Lovelace is already registered for this class"):
        add_walk_in(lindy, {**WALK_IN, "email": ada.attendee.email.upper()}, "lead", by=front_desk)


def test_a_walk_in_needs_a_class_today_a_role_and_an_email(on_nov_19, listed_november, lindy, front_desk):
    tuesday_class = ClassOfferFactory(session=listed_november, class_day=1, subject__title="Balboa")
    with pytest.raises(CheckInError, match="Balboa doesn't meet on Nov 19"):
        add_walk_in(tuesday_class, WALK_IN, "lead", by=front_desk)
    with pytest.raises(CheckInError, match="Choose the walk-in's dance role"):
        add_walk_in(lindy, WALK_IN, "leader", by=front_desk)
    with pytest.raises(CheckoutError, match="Please give a valid email address"):
        add_walk_in(lindy, {**WALK_IN, "email": "walt"}, "lead", by=front_desk)
    assert not Registration.objects.filter(attendee__email__startswith="walt").exists()


def test_a_walk_in_is_taken_at_the_door_after_online_registration_has_closed(time_machine, lindy, front_desk):
    time_machine.move_to(datetime.datetime(2026, 11, 27, 2, 0, tzinfo=datetime.UTC), tick=False)  # Thu Nov 26
    assert not lindy.session.is_open_for_registration()  # closed online on Nov 20

    walk_in = add_walk_in(lindy, WALK_IN, "lead", by=front_desk)

    assert walk_in.status == Registration.Status.CONFIRMED
    assert walk_in.order.method == "door"
    assert walk_in.attendance.get().status == "present"
    with pytest.raises(CheckoutError, match="no longer open for registration"):
        place_order(offers=[lindy], attendee={**WALK_IN, "email": "online@example.com"}, method="door")


# Who may check in which class


def test_a_teacher_checks_in_the_classes_they_teach_and_front_desk_and_admins_every_class(lindy, ann, front_desk):
    other_class = ClassOfferFactory(session=lindy.session, class_day=1, teachers=[TeacherFactory()])
    admin = UserFactory(groups=[ADMINS])
    student = UserFactory(groups=[STUDENTS])
    not_a_teacher_any_more = UserFactory()
    lindy.teachers.add(not_a_teacher_any_more)

    def open_to(user):
        return set(ClassOffer.objects.open_for_check_in_by(user))

    assert open_to(ann) == {lindy}
    assert open_to(front_desk) == open_to(admin) == {lindy, other_class}
    assert open_to(student) == open_to(not_a_teacher_any_more) == set()


def test_front_desk_takes_door_payments_only_admins_see_money_anywhere_and_teachers_neither(ann, front_desk):
    admin = UserFactory(groups=[ADMINS])

    assert [takes_door_payments(person) for person in (ann, front_desk, admin)] == [False, True, True]
    assert [sees_money(person) for person in (ann, front_desk, admin)] == [False, False, True]
    assert not admin.is_superuser


def test_the_front_desk_role_opens_the_admin_for_check_in_and_door_payments_only():
    granted = set(Group.objects.get(name=FRONT_DESK).permissions.values_list("content_type__app_label", "codename"))

    assert granted == {
        ("wagtailadmin", "access_admin"),
        ("classes", "add_attendance"),
        ("classes", "change_attendance"),
        ("classes", "view_attendance"),
        ("classes", "check_in_any_class"),
        ("classes", "record_door_payment"),
    }
    teachers = set(Group.objects.get(name=TEACHERS).permissions.values_list("codename", flat=True))
    assert {"add_attendance", "change_attendance", "view_attendance"} <= teachers
    assert not {"check_in_any_class", "record_door_payment", "view_money"} & teachers
