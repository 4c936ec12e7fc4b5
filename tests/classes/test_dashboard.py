"""The school's dashboard on the admin's home page (DESIGN §6): this week's classes with seats and check-in,
money owed, waitlists, classes awaiting approval and new reviews; a teacher sees their own classes and reviews, and
no money."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from accounts.roles import STUDENTS
from classes.admin.dashboard import add_dashboard_panels
from classes.models import Attendance
from classes.services.schedule import copy_class_offers
from tests.factories import (
    ClassOfferFactory,
    RegistrationFactory,
    ReviewFactory,
    SessionFactory,
    SubjectPageFactory,
    TeacherFactory,
    UserFactory,
)
from tests.pages import html_of, text_of

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 11, 18, 20, 0, tzinfo=datetime.UTC)  # Wednesday Nov 18
HOME = "/admin/"


@pytest.fixture(autouse=True)
def _today(time_machine, settings):
    time_machine.move_to(TODAY, tick=False)
    settings.ASSUME_CLASS_APPROVE = False
    settings.SESSION_MINIMUM_WEEKS = 3


@pytest.fixture
def ann():
    return TeacherFactory(first_name="Ann", last_name="Lee")


@pytest.fixture
def bob():
    return TeacherFactory(first_name="Bob", last_name="Ray")


@pytest.fixture
def november():
    """Key day Thursday Nov 5: a Thursday class meets on Nov 19, this week."""
    return SessionFactory(name="November 2026", key_day_date=datetime.date(2026, 11, 5))


@pytest.fixture
def lindy(november, ann):
    """Ann's: its 3 seats taken, one more waiting."""
    offer = ClassOfferFactory(session=november, subject=SubjectPageFactory(title="Lindy 1"), teachers=[ann], capacity=3)
    for _ in range(3):
        RegistrationFactory(class_offer=offer)
    RegistrationFactory(class_offer=offer, status="waitlisted", order__status="waitlist")
    return offer


@pytest.fixture
def monday_balboa(november, bob):
    """Bob's, on Mondays: this week's met on Nov 16, two students, one checked in."""
    offer = ClassOfferFactory(
        session=SessionFactory(name="Mondays", key_day_date=datetime.date(2026, 11, 2), max_day_shift=0),
        subject=SubjectPageFactory(title="Balboa"),
        teachers=[bob],
        capacity=8,
    )
    first, _ = RegistrationFactory(class_offer=offer), RegistrationFactory(class_offer=offer)
    Attendance.objects.create(registration=first, meeting=offer.meetings.get(date=datetime.date(2026, 11, 16)))
    return offer


@pytest.fixture
def school(lindy, monday_balboa, ann, bob):
    ReviewFactory(class_offer=lindy, rating=4, text="Lindy was great")
    ReviewFactory(class_offer=monday_balboa, target="teacher", teacher=bob, rating=2, text="Bob was late")
    ReviewFactory(class_offer=lindy, rating=1, text="An old review", created_at=TODAY - datetime.timedelta(days=9))
    SessionFactory(name="December 2026", key_day_date=datetime.date(2026, 12, 10))
    copy_class_offers(lindy.session)  # Lindy 1 in December awaits approval


def test_the_admin_sees_the_whole_school(admin_client, school):
    html = text_of(admin_client.get(HOME))

    assert "This week's classes" in html
    assert "Lindy 1" in html
    assert "Thu Nov 19" in html
    assert "3/3" in html  # seats taken of capacity
    assert "not yet" in html  # Thursday's class hasn't met
    assert "Balboa" in html
    assert "2/8" in html
    assert "1 of 2 checked in" in html
    assert "Money owed" in html
    assert "$475.00 owed to the school on 5 orders" in html  # five door orders of $95, none paid
    assert "1 waiting" in html
    assert "Classes awaiting approval" in html
    assert "December 2026" in html
    assert "2 reviews in the last 7 days, 3.0 / 5 on average" in html
    assert "Lindy was great" in html
    assert "Bob was late" in html
    assert "An old review" not in html


def test_a_teacher_sees_only_their_classes_and_reviews_and_no_money(client, school, ann):
    client.force_login(ann)

    html = text_of(client.get(HOME))

    assert "Lindy 1" in html
    assert "3/3" in html
    assert "Balboa" not in html
    assert "Bob was late" not in html
    assert "Lindy was great" in html
    assert "Money owed" not in html
    assert "$" not in html
    assert "1 waiting" in html
    assert "December 2026" in html  # her class awaits approval


def test_another_teacher_sees_theirs(client, school, bob):
    client.force_login(bob)

    html = text_of(client.get(HOME))

    assert "Balboa" in html
    assert "1 of 2 checked in" in html
    assert "Bob was late" in html
    assert "You Balboa" in html
    assert "Lindy" not in html
    assert "waiting" not in html
    assert "Money owed" not in html


def test_the_admins_classes_this_week_and_waitlists_link_to_their_rosters_and_a_teachers_do_not(
    client, admin, school, lindy, ann
):
    roster = reverse("wagtailsnippets_classes_classoffer:roster", args=[lindy.pk])

    client.force_login(admin)
    soup = BeautifulSoup(html_of(client.get(HOME)), "html.parser")
    for panel in ["#school-this-week-section", "#school-waitlists-section"]:
        assert roster in [link["href"] for link in soup.select(f"{panel} a")], panel

    client.force_login(ann)
    assert roster not in html_of(client.get(HOME))


def test_students_and_visitors_have_no_dashboard(client, school):
    assert client.get(HOME).url.startswith(reverse("wagtailadmin_login"))
    client.force_login(UserFactory(groups=[STUDENTS]))
    assert client.get(HOME).url.startswith(reverse("wagtailadmin_login"))


@pytest.fixture
def grow(admin, ann, november):
    """Add `count` of each thing the dashboard counts: a class of Ann's this week with a student, a check-in, a
    waitlisted student and a review, and a class of hers awaiting approval."""
    later = SessionFactory(name="December 2026", key_day_date=datetime.date(2026, 12, 10))

    def grow(count):
        for _ in range(count):
            offer = ClassOfferFactory(session=november, teachers=[ann])
            registration = RegistrationFactory(class_offer=offer)
            RegistrationFactory(class_offer=offer, status="waitlisted", order__status="waitlist")
            ReviewFactory(class_offer=offer)
            Attendance.objects.create(registration=registration, meeting=offer.meetings.first())
            proposed = ClassOfferFactory(session=later, teachers=[ann], live=False)
            proposed.save_revision(user=admin)
            proposed.get_workflow().start(proposed, admin)

    return grow


@pytest.mark.parametrize("who", ["admin", "teacher"])
def test_the_school_panels_keep_their_query_count_as_the_school_grows(
    rf, admin, ann, grow, who, django_assert_max_num_queries
):
    request = rf.get(HOME)
    request.user = admin if who == "admin" else ann

    def render():
        panels = []
        add_dashboard_panels(request, panels)
        html = "".join(panel.render_html({"request": request, "csrf_token": ""}) for panel in panels)
        assert "This week's classes" in html
        return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())

    grow(3)
    with django_assert_max_num_queries(12) as few:
        render()
    grow(27)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = render()
    assert "30 reviews in the last 7 days" in html


def test_the_teachers_whole_home_page_keeps_its_query_count(client, ann, grow, django_assert_max_num_queries):
    """(An admin's also shows Wagtail's own "Awaiting your review", which asks about each task on its own.)"""
    client.force_login(ann)

    grow(3)
    with django_assert_max_num_queries(60) as few:
        html_of(client.get(HOME))
    grow(27)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html_of(client.get(HOME))
