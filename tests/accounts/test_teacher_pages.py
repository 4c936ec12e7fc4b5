"""The teachers' public profiles: the /teachers/ list and each teacher's page with the classes they teach."""

import datetime

import pytest
from wagtail_factories import ImageFactory

from accounts.models import TeacherPage, TeachersIndexPage
from tests.factories import ClassOfferFactory, SessionFactory, SubjectPageFactory, TeacherFactory
from tests.pages import html_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 10, 20, 12, 0), tick=False)


@pytest.fixture
def ann():
    return TeacherFactory(first_name="Ann", last_name="Lee")


@pytest.fixture
def ann_profile(ann):
    profile = TeacherPage(
        title="Ann Lee",
        slug="ann-lee",
        teacher=ann,
        photo=ImageFactory(title="Portrait"),
        short_bio="Lindy Hopper since 2005, loves a fast swing out.",
        bio="<p>Ann learned to dance in Harlem and has taught in Seattle for ten years.</p>",
    )
    TeachersIndexPage.objects.get().add_child(instance=profile)
    return profile


@pytest.fixture
def november():
    return SessionFactory(
        name="November 2026",
        slug="november-2026",
        key_day_date=datetime.date(2026, 11, 5),
        publish_date=datetime.date(2026, 10, 15),
    )


def test_the_teachers_page_lists_published_profiles(client, ann_profile):
    draft = TeacherPage(title="Dee Draft", slug="dee-draft", teacher=TeacherFactory(), live=False)
    TeachersIndexPage.objects.get().add_child(instance=draft)

    html = html_of(client.get("/teachers/"))

    assert '<a href="/teachers/ann-lee/">Ann Lee</a>' in html
    assert "Lindy Hopper since 2005" in html
    assert 'alt="Ann Lee"' in html
    assert "Dee Draft" not in html


def test_a_teachers_page_shows_the_profile_and_the_classes_taught_now(client, ann, ann_profile, november):
    ClassOfferFactory(subject=SubjectPageFactory(title="Swing Out Basics"), session=november, teachers=[ann])
    ClassOfferFactory(subject=SubjectPageFactory(title="Draft Drills"), session=november, teachers=[ann], live=False)
    ClassOfferFactory(subject=SubjectPageFactory(title="Someone Else's Class"), session=november)
    finished = SessionFactory(key_day_date=datetime.date(2026, 9, 3), publish_date=datetime.date(2026, 8, 1))
    ClassOfferFactory(subject=SubjectPageFactory(title="Summer Stroll"), session=finished, teachers=[ann])

    html = html_of(client.get("/teachers/ann-lee/"))

    assert "<h1>Ann Lee</h1>" in html
    assert "Ann learned to dance in Harlem" in html
    assert 'alt="Ann Lee"' in html
    assert "Teaching now" in html
    assert 'href="/classes/swing-out-basics/november-2026/thursday/">Swing Out Basics</a>' in html
    assert "Draft Drills" not in html
    assert "Someone Else" not in html
    assert "Summer Stroll" not in html


def test_a_teacher_without_classes_this_session_still_has_a_profile(client, ann_profile):
    html = html_of(client.get("/teachers/ann-lee/"))

    assert "Ann learned to dance in Harlem" in html
    assert "Teaching now" not in html


def test_the_teachers_page_says_when_there_are_no_profiles_yet(client):
    html = html_of(client.get("/teachers/"))

    assert "Our teachers' profiles are on their way." in html
