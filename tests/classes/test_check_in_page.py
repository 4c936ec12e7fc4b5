"""The check-in page in the admin: who may open which class, taps, walk-ins and door payments."""

import datetime
from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.urls import reverse
from wagtail.admin.menu import admin_menu

from accounts.roles import ADMINS, FRONT_DESK, STUDENTS
from classes.models import Attendance, Payment, Registration
from tests.factories import ClassOfferFactory, RegistrationFactory, SessionFactory, TeacherFactory, UserFactory
from tests.pages import refused

pytestmark = pytest.mark.django_db

NOV_19 = datetime.date(2026, 11, 19)


@pytest.fixture(autouse=True)
def on_nov_19(time_machine):
    """Thursday Nov 19, 2026: the second class of the November Thursday classes."""
    time_machine.move_to(datetime.datetime(2026, 11, 20, 2, 0, tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def ann(db):
    return TeacherFactory(first_name="Ann", last_name="Lee")


@pytest.fixture
def lindy(listed_november, ann):
    return ClassOfferFactory(session=listed_november, teachers=[ann], subject__title="Lindy Hop 1", capacity=10)


@pytest.fixture
def ada(lindy):
    return RegistrationFactory(class_offer=lindy, attendee__first_name="Ada", attendee__last_name="Lovelace")


@pytest.fixture
def front_desk(db):
    return UserFactory(groups=[FRONT_DESK], first_name="Frankie", last_name="Desk")


def person(role, ann):
    return {
        "teacher of the class": lambda: ann,
        "other teacher": lambda: TeacherFactory(),
        "front desk": lambda: UserFactory(groups=[FRONT_DESK]),
        "admin": lambda: UserFactory(groups=[ADMINS]),
        "student": lambda: UserFactory(groups=[STUDENTS]),
    }[role]()


def class_page(class_offer, date=None):
    return reverse("check_in_class", args=[class_offer.pk]) + (f"?date={date:%Y-%m-%d}" if date else "")


def mark_url(registration):
    return reverse("check_in_mark", args=[registration.class_offer_id, registration.pk])


def tap(client, registration, status, date=NOV_19, **headers):
    return client.post(mark_url(registration), {"status": status, "date": f"{date:%Y-%m-%d}"}, headers=headers)


# Who may open what


def test_anonymous_is_sent_to_log_in(client, lindy):
    for url in (reverse("check_in"), class_page(lindy)):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("wagtailadmin_login"))


@pytest.mark.parametrize(
    ("role", "answer"),
    [
        ("teacher of the class", 200),
        ("other teacher", 404),
        ("front desk", 200),
        ("admin", 200),
        ("student", "refused"),
    ],
)
def test_who_may_check_in_the_class(client, lindy, ada, ann, role, answer):
    client.force_login(person(role, ann))

    page = client.get(class_page(lindy))
    taps = tap(client, ada, "present")

    if answer == "refused":
        assert refused(page) or page.url.startswith(reverse("wagtailadmin_login"))
        assert not Attendance.objects.exists()
    elif answer == 404:
        assert page.status_code == taps.status_code == 404
        assert not Attendance.objects.exists()
    else:
        assert page.status_code == 200
        assert "Ada Lovelace" in page.content.decode()
        assert Attendance.objects.get().status == "present"


def test_the_class_list_shows_the_classes_open_to_you_this_weeks_first(client, listed_november, lindy, ann, front_desk):
    tuesday = ClassOfferFactory(
        session=listed_november, class_day=1, subject__title="Balboa", teachers=[TeacherFactory()]
    )
    last_session = SessionFactory(key_day_date=datetime.date(2026, 10, 8), publish_date=datetime.date(2026, 9, 1))
    ClassOfferFactory(session=last_session, subject__title="Shag", teachers=[ann])  # last met Nov 5

    client.force_login(ann)
    teachers_list = client.get(reverse("check_in")).context["class_offers"]
    client.force_login(front_desk)
    front_desks_list = client.get(reverse("check_in")).context["class_offers"]

    assert [offer.subject.title for offer in teachers_list] == ["Lindy Hop 1", "Shag"]
    assert [offer.subject.title for offer in front_desks_list] == ["Balboa", "Lindy Hop 1", "Shag"]
    assert [offer.meeting.date for offer in front_desks_list][:2] == [datetime.date(2026, 11, 17), NOV_19]
    assert tuesday in front_desks_list


def test_front_desk_sees_only_check_in_in_the_admin(client, lindy, front_desk):
    request = RequestFactory().get("/admin/")
    request.user = front_desk

    menu = [item.name for item in admin_menu.menu_items_for_request(request)]

    assert [name for name in menu if name != "help"] == ["check-in"]  # Wagtail's help menu is everyone's
    client.force_login(front_desk)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    for url in (reverse("wagtailadmin_explore_root"), reverse("orders:index"), reverse("wagtailusers_users:index")):
        assert refused(client.get(url)), url


def test_a_teacher_sees_check_in_only_with_a_class_to_check_in(ann, lindy):
    request = RequestFactory().get("/admin/")
    request.user = ann
    assert "check-in" in [item.name for item in admin_menu.menu_items_for_request(request)]
    request.user = TeacherFactory()
    assert "check-in" not in [item.name for item in admin_menu.menu_items_for_request(request)]


# The page


def test_todays_class_is_shown_with_each_students_mark(client, lindy, ada, ann):
    RegistrationFactory(class_offer=lindy, status=Registration.Status.CANCELLED, attendee__first_name="Gone")
    Attendance.objects.create(registration=ada, meeting=lindy.meetings.get(number=2), status="late")
    client.force_login(ann)

    page = client.get(class_page(lindy))

    assert page.context["meeting"].date == NOV_19
    assert [(line.registration, line.status) for line in page.context["lines"]] == [(ada, "late")]
    assert 'value="late" class="check-in__mark check-in__mark--late" aria-pressed="true"' in page.content.decode()
    assert "Gone" not in page.content.decode()
    assert "1 came · 1 of 1 checked in" in page.content.decode()


def test_on_a_day_without_class_the_nearest_meeting_is_shown(client, lindy, ann, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 21, 20, 0, tzinfo=datetime.UTC), tick=False)  # Sat Nov 21
    client.force_login(ann)

    assert client.get(class_page(lindy)).context["meeting"].date == NOV_19


def test_a_date_the_class_doesnt_meet_on_is_said_so(client, lindy, ann):
    client.force_login(ann)

    page = client.get(class_page(lindy, datetime.date(2026, 11, 18)))

    assert page.status_code == 200
    assert page.context["meeting"].date == NOV_19
    assert "Lindy Hop 1 doesn&#x27;t meet on 2026-11-18: pick a date." in page.content.decode()


def test_a_tap_saves_and_comes_back_to_the_student(client, lindy, ada, ann):
    client.force_login(ann)

    response = tap(client, ada, "excused")

    assert response.url == class_page(lindy, NOV_19) + f"#student-{ada.pk}"
    mark = Attendance.objects.get()
    assert (mark.status, mark.recorded_by, mark.meeting.date) == ("excused", ann, NOV_19)


def test_the_pages_script_gets_its_answer_in_json(client, lindy, ada, ann):
    client.force_login(ann)

    saved = tap(client, ada, "late", Accept="application/json")
    refused_tap = tap(client, ada, "late", datetime.date(2026, 11, 26), Accept="application/json")

    assert saved.json() == {"message": "Ada Lovelace: late.", "status": "late"}
    assert refused_tap.status_code == 400
    assert refused_tap.json() == {"error": "Check-in for the class of Nov 26 opens on that day."}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"status": "here", "date": "2026-11-19"}, "Mark the student present, late, excused or absent."),
        ({"status": "present", "date": "2026-11-18"}, "Lindy Hop 1 doesn&#x27;t meet on that date"),
        ({"status": "present", "date": "soon"}, "Lindy Hop 1 doesn&#x27;t meet on that date"),
        ({"status": "present", "date": "2026-11-26"}, "Check-in for the class of Nov 26 opens on that day."),
    ],
)
def test_bad_input_gets_a_clear_message(client, lindy, ada, ann, data, message):
    client.force_login(ann)

    response = client.post(mark_url(ada), data, follow=True)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_student_of_another_class_is_a_404_here(client, listed_november, lindy, ann):
    elsewhere = RegistrationFactory(class_offer=ClassOfferFactory(session=listed_november, class_day=1, teachers=[ann]))
    client.force_login(ann)

    response = client.post(
        reverse("check_in_mark", args=[lindy.pk, elsewhere.pk]), {"status": "present", "date": "2026-11-19"}
    )

    assert response.status_code == 404


def test_the_list_takes_the_same_queries_for_3_students_as_for_30(
    client, lindy, front_desk, django_assert_max_num_queries
):
    client.force_login(front_desk)
    for _ in range(3):
        RegistrationFactory(class_offer=lindy)
    client.get(class_page(lindy))
    with django_assert_max_num_queries(25) as few:
        client.get(class_page(lindy))
    for _ in range(27):
        RegistrationFactory(class_offer=lindy)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(class_page(lindy))
    assert len(page.context["lines"]) == 30


# Walk-ins


def test_a_walk_in_is_added_and_checked_in_from_the_page(client, lindy, ann):
    client.force_login(ann)
    walk_in = {"first_name": "Walt", "last_name": "Inn", "email": "walt@example.com", "dance_role": "lead"}

    response = client.post(reverse("check_in_walk_in", args=[lindy.pk]), {**walk_in, "date": "2026-11-19"}, follow=True)

    registration = Registration.objects.get(attendee__email="walt@example.com")
    assert Attendance.objects.get(registration=registration).status == "present"
    assert "Walt Inn is registered, to pay $95.00 at the door, and present." in response.content.decode()


def test_a_walk_in_without_an_email_gets_a_clear_message(client, lindy, ann):
    client.force_login(ann)

    response = client.post(
        reverse("check_in_walk_in", args=[lindy.pk]),
        {"first_name": "Walt", "last_name": "Inn", "email": "", "dance_role": "lead", "date": "2026-11-19"},
        follow=True,
    )

    assert "Give the walk-in&#x27;s first and last name, a valid email address" in response.content.decode()
    assert not Registration.objects.exists()


# Money


def test_a_teacher_sees_no_money_and_takes_no_door_payment(client, lindy, ada, ann):
    client.force_login(ann)

    page = client.get(class_page(lindy)).content.decode()
    payment = client.post(
        reverse("check_in_door_payment", args=[lindy.pk, ada.pk]), {"amount": "95.00", "date": "2026-11-19"}
    )

    assert "$" not in page
    assert "Record door payment" not in page
    assert refused(payment)
    assert not Payment.objects.exists()


@pytest.mark.parametrize("role", ["front desk", "admin"])
def test_front_desk_and_admins_see_what_is_owed_and_record_door_payments(client, lindy, ada, ann, role):
    client.force_login(person(role, ann))

    page = client.get(class_page(lindy)).content.decode()
    response = client.post(
        reverse("check_in_door_payment", args=[lindy.pk, ada.pk]),
        {"amount": "95.00", "date": "2026-11-19"},
        follow=True,
    )

    assert "Owes $95.00" in page
    assert "Record door payment" in page
    assert Payment.objects.get(order=ada.order).captured_amount == Decimal("95.00")
    assert ada.order.amount_owed == 0
    assert "Recorded $95.00 paid at the door by Ada Lovelace." in response.content.decode()
    assert "Owes" not in response.content.decode()


def test_a_door_payment_of_nothing_is_refused_clearly(client, lindy, ada, front_desk):
    client.force_login(front_desk)

    response = client.post(
        reverse("check_in_door_payment", args=[lindy.pk, ada.pk]), {"amount": "lots", "date": "2026-11-19"}, follow=True
    )

    assert "Enter the amount received, such as 95.00." in response.content.decode()
    assert not Payment.objects.exists()
