"""Reviews in the staff's workspace (DESIGN §6): what a teacher reads of their classes' reviews (averages and words,
never an author, never another teacher's), and the admin's reply, which reaches an anonymous author by email
without anyone at the school seeing who they are."""

import datetime

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from accounts.roles import STUDENTS
from classes.models import Review
from classes.services.reviews import ReviewError, reply_to_review
from tests.factories import (
    ClassOfferFactory,
    ReviewFactory,
    SessionFactory,
    SubjectPageFactory,
    TeacherFactory,
    UserFactory,
)
from tests.pages import html_of, refused

pytestmark = pytest.mark.django_db

TEACHER_REVIEWS = "/admin/my-reviews/"


@pytest.fixture
def ann():
    return TeacherFactory(first_name="Ann", last_name="Lee")


@pytest.fixture
def bob():
    return TeacherFactory(first_name="Bob", last_name="Ray")


@pytest.fixture
def lindy(ann, bob):
    november = SessionFactory(name="November 2026", key_day_date=datetime.date(2026, 11, 5))
    return ClassOfferFactory(session=november, subject=SubjectPageFactory(title="Lindy 1"), teachers=[ann, bob])


@pytest.fixture
def balboa(bob):
    """Bob's alone."""
    return ClassOfferFactory(subject=SubjectPageFactory(title="Balboa"), teachers=[bob])


@pytest.fixture
def ada():
    return UserFactory(first_name="Ada", last_name="Lovelace", email="ada@example.com", groups=[STUDENTS])


@pytest.fixture
def reviews(lindy, balboa, ann, bob, ada):
    mary = UserFactory(first_name="Mary", last_name="Somerville")
    return {
        "lindy class": ReviewFactory(author=ada, class_offer=lindy, rating=2, text="Too crowded"),
        "lindy class, signed": ReviewFactory(author=mary, class_offer=lindy, rating=4, text="Fun", signed=True),
        "ann": ReviewFactory(author=ada, class_offer=lindy, target="teacher", teacher=ann, rating=5, text="Ann rocks"),
        "bob in lindy": ReviewFactory(
            author=ada, class_offer=lindy, target="teacher", teacher=bob, rating=1, text="Bob mumbles", signed=True
        ),
        "school": ReviewFactory(author=ada, class_offer=lindy, target="school", rating=3, text="Nice hall"),
        "balboa": ReviewFactory(author=mary, class_offer=balboa, rating=5, text="Balboa bliss", signed=True),
    }


# What a teacher reads


def test_a_teacher_reads_their_classes_and_their_own_reviews_never_another_teachers(reviews, ann):
    assert {review.text for review in Review.objects.seen_by_teacher(ann)} == {
        "Too crowded",
        "Fun",
        "Ann rocks",
        "Nice hall",
    }


def test_the_teachers_page_shows_averages_and_words_without_any_author(client, reviews, ann):
    client.force_login(ann)

    html = html_of(client.get(TEACHER_REVIEWS))

    for words in ["Too crowded", "Fun", "Ann rocks", "Nice hall"]:
        assert words in html
    for hidden in ["Bob mumbles", "Balboa bliss", "Ada", "Lovelace", "Mary", "Somerville", "ada@example.com"]:
        assert hidden not in html
    assert "3.0 / 5" in html  # the class: (2 + 4) / 2
    assert "5.0 / 5" in html  # Ann herself


def test_another_teacher_reads_only_theirs(client, reviews, bob):
    client.force_login(bob)

    html = html_of(client.get(TEACHER_REVIEWS))

    assert "Bob mumbles" in html
    assert "Balboa bliss" in html
    assert "Ann rocks" not in html
    assert "Mary" not in html
    assert "Somerville" not in html


@pytest.mark.parametrize("who", ["student", "admin", "anonymous"])
def test_only_teachers_have_the_teachers_page(client, reviews, admin, who):
    if who != "anonymous":
        client.force_login({"student": UserFactory(groups=[STUDENTS]), "admin": admin}[who])

    response = client.get(TEACHER_REVIEWS)

    if who == "student" or who == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("wagtailadmin_login"))
    else:
        assert refused(response)


def test_the_teachers_page_keeps_its_query_count_as_reviews_grow(client, ann, lindy, django_assert_max_num_queries):
    client.force_login(ann)

    def grow(count):
        for _ in range(count):
            offer = ClassOfferFactory(teachers=[ann])
            ReviewFactory(class_offer=offer)
            ReviewFactory(class_offer=offer, target="teacher", teacher=ann)

    grow(3)
    with django_assert_max_num_queries(20) as few:
        client.get(TEACHER_REVIEWS)
    grow(27)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html_of(client.get(TEACHER_REVIEWS))


# The admin's reply


def reply_page(review):
    return reverse("reviews:reply", args=[review.pk])


def test_a_reply_reaches_the_anonymous_author_and_the_admin_never_sees_who(
    admin_client, reviews, mailoutbox, django_capture_on_commit_callbacks
):
    review = reviews["lindy class"]

    form = html_of(admin_client.get(reply_page(review)))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reply_page(review), {"reply": "We're opening a second room."})
    after = html_of(admin_client.get(response.url))

    for page in (form, after):
        assert "ada@example.com" not in page
        assert "Lovelace" not in page
        assert "Ada" not in page
    assert "whose name and address stay hidden" in form
    assert "We're opening a second room." in after
    [mail] = mailoutbox
    assert mail.to == ["ada@example.com"]
    assert "We're opening a second room." in mail.body
    assert "stays anonymous" in mail.body


def test_a_reply_is_written_in_the_reviews_history_without_the_author(admin_client, admin, reviews):
    review = reviews["lindy class"]

    admin_client.post(reply_page(review), {"reply": "Thank you."})

    entry = ModelLogEntry.objects.get(action="classes.review.replied")
    assert entry.user == admin
    assert "ada" not in str(entry.data).lower()
    history = html_of(admin_client.get(reverse("reviews:history", args=[review.pk])))
    assert "The school replied to a review of the class" in history
    assert "Lovelace" not in history


def test_the_author_reads_the_reply_with_their_reviews(client, reviews, ada, admin):
    reply_to_review(reviews["lindy class"], "We hear you.", by=admin)
    client.force_login(ada)

    html = html_of(client.get(reverse("account_reviews")))

    assert "We hear you." in html
    assert "Avery" not in html  # the school replies, not a named admin


def test_an_empty_reply_is_refused_with_a_message(admin_client, reviews, mailoutbox):
    review = reviews["lindy class"]

    html = html_of(admin_client.post(reply_page(review), {"reply": "   "}))

    assert "This field is required" in html
    with pytest.raises(ReviewError):
        reply_to_review(review, " ", by=None)
    assert not mailoutbox
    review.refresh_from_db()
    assert review.reply == ""


@pytest.mark.parametrize("who", ["teacher", "student"])
def test_only_admins_reply(client, reviews, ann, who, mailoutbox):
    client.force_login(ann if who == "teacher" else UserFactory(groups=[STUDENTS]))
    review = reviews["ann"]

    response = client.post(reply_page(review), {"reply": "Hi"})

    assert response.status_code == 302
    assert response.url != reverse("reviews:inspect", args=[review.pk])
    review.refresh_from_db()
    assert review.reply == ""
    assert not mailoutbox


def test_the_admin_sees_the_author_of_a_signed_review_only(admin_client, reviews):
    signed = html_of(admin_client.get(reply_page(reviews["lindy class, signed"])))
    anonymous = html_of(admin_client.get(reverse("reviews:inspect", args=[reviews["lindy class"].pk])))

    assert "Mary Somerville, who signed it" in signed
    assert "Anonymous" in anonymous
    assert "Ada" not in anonymous
