"""The student chooser of staff forms: searched by name or email, for those who may see the school's people."""

import json

import pytest
from django.urls import reverse
from wagtail.test.utils import WagtailTestUtils

from accounts.roles import STUDENTS
from tests.factories import TeacherFactory, UserFactory
from tests.pages import refused

pytestmark = pytest.mark.django_db

MODAL = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}  # how the chooser's modal asks


@pytest.fixture
def students():
    return [
        UserFactory(first_name="Ada", last_name="Lovelace", email="ada@example.com", groups=[STUDENTS]),
        UserFactory(first_name="Ada", last_name="Byron", email="countess@example.org", groups=[STUDENTS]),
        UserFactory(first_name="Charles", last_name="Babbage", email="charles@example.com", groups=[STUDENTS]),
    ]


def found(response):
    """Each person the chooser lists, as (name, email)."""
    soup = WagtailTestUtils.get_soup(response.content)
    return [tuple(cell.get_text(" ", strip=True) for cell in row.select("td")) for row in soup.select("tbody tr")]


def search(client, query):
    return client.get(reverse("student_chooser:choose_results"), {"q": query}, **MODAL)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ada", [("Ada Byron", "countess@example.org"), ("Ada Lovelace", "ada@example.com")]),
        ("Ada Lovelace", [("Ada Lovelace", "ada@example.com")]),
        ("  ada   LOVE ", [("Ada Lovelace", "ada@example.com")]),
        ("countess@", [("Ada Byron", "countess@example.org")]),
        ("CHARLES@example", [("Charles Babbage", "charles@example.com")]),
        ("nobody", []),
    ],
)
def test_staff_find_a_student_by_name_or_email(admin_client, students, query, expected):
    assert found(search(admin_client, query)) == expected


def test_the_chooser_opens_with_everyone_and_a_search_box(admin_client, students):
    response = admin_client.get(reverse("student_chooser:choose"), **MODAL)

    html = json.loads(response.content)["html"]
    assert 'placeholder="Name or email"' in html
    assert "Charles Babbage" in html


def test_choosing_a_student_gives_their_name_and_email(admin_client, students):
    response = admin_client.get(reverse("student_chooser:chosen", args=[students[0].pk]), **MODAL)

    assert json.loads(response.content)["result"]["title"] == "Ada Lovelace (ada@example.com)"


def test_the_search_takes_as_many_queries_for_thirty_people_as_for_three(
    admin_client, students, django_assert_max_num_queries
):
    search(admin_client, "example")
    with django_assert_max_num_queries(20) as three:
        search(admin_client, "example")
    for number in range(27):
        UserFactory(email=f"dancer{number}@example.net")
    with django_assert_max_num_queries(len(three.captured_queries)):
        response = search(admin_client, "example")
    assert len(found(response)) == 20  # one page


def chooser_pages(student):
    return [
        reverse("student_chooser:choose"),
        reverse("student_chooser:choose_results") + "?q=ada",
        reverse("student_chooser:chosen", args=[student.pk]),
    ]


def test_teachers_cannot_look_up_students(client, students):
    client.force_login(TeacherFactory())

    for page in chooser_pages(students[0]):
        assert refused(client.get(page)), page
        assert client.get(page, **MODAL).status_code == 403, page


@pytest.mark.parametrize("role", [STUDENTS, None])
def test_students_and_visitors_are_sent_to_log_in(client, students, role):
    if role:
        client.force_login(students[0])

    for page in chooser_pages(students[0]):
        response = client.get(page)
        assert response.status_code == 302
        assert response.url.startswith(reverse("wagtailadmin_login"))
