"""An admin reads a student's area as the student sees it (DESIGN §6): their account page, their class pages with
the material released to them and their reviews with the school's replies, read-only, logged, for admins only."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import ModelLogEntry

from accounts.roles import STUDENTS
from classes.services.reviews import reply_to_review
from resources.models import ResourcePage
from tests.factories import (
    ClassOfferFactory,
    RegistrationFactory,
    ResourcePageFactory,
    ReviewFactory,
    SessionFactory,
    SubjectPageFactory,
    TeacherFactory,
    UserFactory,
)
from tests.pages import html_of, refused, text_of

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 11, 18, 20, 0, tzinfo=datetime.UTC)  # a Wednesday


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def ann():
    return TeacherFactory(first_name="Ann", last_name="Lee")


@pytest.fixture
def lindy(ann):
    """Thursdays from Nov 5: two classes held."""
    november = SessionFactory(name="November 2026", key_day_date=datetime.date(2026, 11, 5))
    return ClassOfferFactory(session=november, subject=SubjectPageFactory(title="Lindy 1"), teachers=[ann])


@pytest.fixture
def ada():
    return UserFactory(first_name="Ada", last_name="Lovelace", email="ada@example.com", groups=[STUDENTS])


@pytest.fixture
def seat(ada, lindy):
    return RegistrationFactory(attendee=ada, class_offer=lindy)


@pytest.fixture
def area(seat, lindy, ada, admin):
    """Ada's: a class with a video released to her, $95 owed at the door, a review the school replied to."""
    ResourcePageFactory(title="Swing out, slowly", class_offers=[lindy])
    ResourcePageFactory(title="Next week's steps", class_offers=[lindy], release_class_number=4)
    review = ReviewFactory(author=ada, class_offer=lindy, rating=3, text="Crowded floor")
    reply_to_review(review, "A second room opens in December.", by=admin)


def home(student):
    return reverse("view_as_home", args=[student.pk])


def class_page(registration):
    return reverse("view_as_class", args=[registration.pk])


def reviews(student):
    return reverse("view_as_reviews", args=[student.pk])


def resource(student, title):
    return reverse("view_as_resource", args=[student.pk, ResourcePage.objects.get(title=title).pk])


def content_of(response):
    """The student's page, without the site's header and footer."""
    return BeautifulSoup(html_of(response), "html.parser").select_one(".container")


def test_the_admin_reads_the_students_account_page_as_they_see_it(admin_client, area, ada, seat):
    response = admin_client.get(home(ada))
    html, text = html_of(response), text_of(response)

    assert "Viewing as Ada Lovelace (ada@example.com) — read-only" in text
    assert "Hello, Ada" in text
    assert "Lindy 1" in text
    assert "Swing out, slowly" in text
    assert "To pay at the door" in text
    assert class_page(seat) in html  # her class's page, read-only too
    assert reverse("account_class", args=[seat.pk]) not in html
    assert resource(ada, "Swing out, slowly") in html  # and the material released to her
    assert "Next week's steps" not in text


def test_the_admin_reads_a_resource_the_student_has_and_no_other(admin_client, area, ada):
    response = admin_client.get(resource(ada, "Swing out, slowly"))

    assert "Viewing as Ada Lovelace" in text_of(response)
    assert "The steps, slowly, then at speed." in text_of(response)
    assert "no-store" in response["Cache-Control"]
    assert admin_client.get(resource(ada, "Next week's steps")).status_code == 404
    [entry] = ModelLogEntry.objects.filter(action="resources.student_area.viewed")
    assert entry.data["page"] == "resource “Swing out, slowly”"


def test_the_students_pages_offer_nothing_to_do(admin_client, area, ada, seat):
    for page in [home(ada), class_page(seat), reviews(ada), resource(ada, "Swing out, slowly")]:
        content = content_of(admin_client.get(page))
        assert content.select("form, button") == []
        links = [link["href"] for link in content.select("a[href]")]
        for action in ["account_settings", "account_credit", "account_data", "account_close"]:
            assert reverse(action) not in links
        assert not [link for link in links if "/account/reviews/" in link or "/pay" in link]
        assert seat.order.get_absolute_url() not in links


def test_the_admin_reads_a_class_page_and_the_reviews_with_the_schools_reply(admin_client, area, ada, seat):
    class_response, reviews_response = admin_client.get(class_page(seat)), admin_client.get(reviews(ada))

    assert "Viewing as Ada Lovelace" in text_of(class_response)
    assert "Swing out, slowly" in text_of(class_response)
    assert home(ada) in html_of(class_response)
    assert "Viewing as Ada Lovelace" in text_of(reviews_response)
    assert "Crowded floor" in text_of(reviews_response)
    assert "A second room opens in December." in text_of(reviews_response)
    assert "Edit" not in [link.get_text(strip=True) for link in content_of(reviews_response).select("a")]


def test_each_reading_is_written_in_the_students_history_and_nothing_else_is_written(
    admin_client, admin, area, ada, seat
):
    with CaptureQueriesContext(connection) as queries:
        for page in [home(ada), class_page(seat), reviews(ada), resource(ada, "Swing out, slowly")]:
            html_of(admin_client.get(page))

    entries = ModelLogEntry.objects.filter(action="resources.student_area.viewed").order_by("pk")
    assert [(entry.user, entry.object_id, entry.data["page"]) for entry in entries] == [
        (admin, str(ada.pk), "account page"),
        (admin, str(ada.pk), "class page"),
        (admin, str(ada.pk), "reviews"),
        (admin, str(ada.pk), "resource “Swing out, slowly”"),
    ]
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")]
    schools = ('"classes_', '"accounts_', '"resources_', '"messaging_')  # (Wagtail keeps the admin's profile)
    assert [sql for sql in writes if any(table in sql for table in schools)] == []


def test_a_post_is_refused_and_changes_nothing(admin_client, area, ada, seat):
    for page in [home(ada), class_page(seat), reviews(ada), resource(ada, "Swing out, slowly")]:
        assert admin_client.post(page, {"class-rating": "1"}).status_code == 405
    assert not ModelLogEntry.objects.filter(action="resources.student_area.viewed").exists()


@pytest.mark.parametrize("who", ["anonymous", "student", "the student", "teacher of the class", "other teacher"])
def test_only_admins_read_a_students_area(client, area, ada, seat, ann, who):
    person = {
        "student": UserFactory(groups=[STUDENTS]),
        "the student": ada,
        "teacher of the class": ann,
        "other teacher": TeacherFactory(),
    }.get(who)
    if person:
        client.force_login(person)

    for page in [home(ada), class_page(seat), reviews(ada), resource(ada, "Swing out, slowly")]:
        response = client.get(page)
        if who in ("anonymous", "student", "the student"):
            assert response.status_code == 302
            assert response.url.startswith(reverse("wagtailadmin_login"))
        else:
            assert refused(response)
    assert not ModelLogEntry.objects.filter(action="resources.student_area.viewed").exists()


def test_an_admin_does_not_read_a_superusers_area(admin_client, admin):
    boss = UserFactory(is_superuser=True)

    assert refused(admin_client.get(home(boss)))


def test_an_unknown_student_or_class_is_a_404(admin_client, area):
    assert admin_client.get(reverse("view_as_home", args=[999999])).status_code == 404
    assert admin_client.get(reverse("view_as_class", args=[999999])).status_code == 404


def test_the_students_admin_page_and_row_link_to_their_area(admin_client, client, area, ada, ann):
    assert home(ada) in html_of(admin_client.get(reverse("wagtailusers_users:edit", args=[ada.pk])))
    assert home(ada) in html_of(admin_client.get(reverse("wagtailusers_users:index")))
