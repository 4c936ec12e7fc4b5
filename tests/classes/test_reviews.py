"""Reviews (DESIGN §5): who may review which class, one review per target, 30 days to change it, anonymity, the
student's pages and the admin's list, per role."""

import datetime

import pytest
from django.db import IntegrityError
from django.urls import NoReverseMatch, reverse

from accounts.roles import STUDENTS
from classes.models import Attendance, Registration, Review
from classes.services.reviews import ReviewError, classes_attended, may_review, write_review
from tests.factories import (
    ClassOfferFactory,
    RegistrationFactory,
    ReviewFactory,
    SessionFactory,
    SubjectPageFactory,
    TeacherFactory,
    UserFactory,
)
from tests.pages import html_of, listing, refused

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 11, 18, 20, 0, tzinfo=datetime.UTC)  # a Wednesday


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def ann():
    return TeacherFactory(first_name="Ann", last_name="Lee")


@pytest.fixture
def bob():
    return TeacherFactory(first_name="Bob", last_name="Ray")


@pytest.fixture
def lindy(ann, bob):
    """Thursdays from Nov 5: two classes held by today (Nov 5 and 12), taught by Ann and Bob."""
    november = SessionFactory(name="November 2026", key_day_date=datetime.date(2026, 11, 5))
    return ClassOfferFactory(session=november, subject=SubjectPageFactory(title="Lindy 1"), teachers=[ann, bob])


@pytest.fixture
def december():
    """Thursdays from Dec 10: not started."""
    session = SessionFactory(name="December 2026", key_day_date=datetime.date(2026, 12, 10))
    return ClassOfferFactory(session=session, subject=SubjectPageFactory(title="Charleston"))


@pytest.fixture
def ada(lindy):
    """A student of Lindy 1."""
    student = UserFactory(first_name="Ada", last_name="Lovelace", groups=[STUDENTS])
    RegistrationFactory(attendee=student, class_offer=lindy)
    return student


def checked_in(registration, *presences):
    """Attendance recorded for the class's first meetings, in order: True for present, False for absent."""
    for number, present in enumerate(presences, start=1):
        Attendance.objects.create(
            registration=registration,
            meeting=registration.class_offer.meetings.get(number=number),
            status=Attendance.Status.PRESENT if present else Attendance.Status.ABSENT,
        )


def review_page(class_offer):
    return reverse("account_review", args=[class_offer.pk])


# Who may review


def test_a_student_who_attended_may_review_the_class(ada, lindy):
    assert may_review(ada, lindy)
    assert list(classes_attended(ada)) == [lindy]


def test_a_student_counts_as_there_when_no_attendance_was_recorded_or_they_came_once(ada, lindy):
    registration = ada.registrations.get()
    checked_in(registration, False, True)

    assert may_review(ada, lindy)


def test_a_student_recorded_absent_at_every_class_may_not_review(ada, lindy):
    checked_in(ada.registrations.get(), False, False)

    assert not may_review(ada, lindy)
    assert not classes_attended(ada).exists()


@pytest.mark.parametrize("status", [Registration.Status.CANCELLED, Registration.Status.WAITLISTED])
def test_a_cancelled_or_waitlisted_student_may_not_review(lindy, status):
    student = UserFactory()
    RegistrationFactory(attendee=student, class_offer=lindy, status=status)

    assert not may_review(student, lindy)


def test_nobody_reviews_a_class_that_has_not_met_yet(december):
    student = UserFactory()
    RegistrationFactory(attendee=student, class_offer=december)

    assert not may_review(student, december)


def test_a_class_may_be_reviewed_from_the_day_of_its_first_meeting(time_machine, december):
    student = UserFactory()
    RegistrationFactory(attendee=student, class_offer=december)
    time_machine.move_to(datetime.datetime(2026, 12, 10, 20, 0, tzinfo=datetime.UTC), tick=False)

    assert may_review(student, december)


def test_a_student_of_another_class_may_not_review_it(lindy, december):
    student = UserFactory()
    RegistrationFactory(attendee=student, class_offer=december)

    assert not may_review(student, lindy)
    with pytest.raises(ReviewError):
        write_review(author=student, class_offer=lindy, target=Review.Target.CLASS, rating=5)
    assert not Review.objects.exists()


# One review per target


def test_a_student_reviews_the_class_each_teacher_and_the_school_once_each(ada, lindy, ann, bob):
    for target, teacher in [("class", None), ("teacher", ann), ("teacher", bob), ("school", None)]:
        write_review(author=ada, class_offer=lindy, target=target, teacher=teacher, rating=4)
    write_review(author=ada, class_offer=lindy, target="teacher", teacher=ann, rating=2, text="Too fast.")

    assert Review.objects.count() == 4
    assert Review.objects.get(teacher=ann).rating == 2


def test_a_teacher_who_doesnt_teach_the_class_is_not_reviewed_in_it(ada, lindy):
    with pytest.raises(ReviewError, match="doesn't teach Lindy 1"):
        write_review(author=ada, class_offer=lindy, target="teacher", teacher=TeacherFactory(), rating=3)
    with pytest.raises(ReviewError, match="Nobody doesn't teach Lindy 1"):
        write_review(author=ada, class_offer=lindy, target="teacher", rating=3)
    assert not Review.objects.exists()


@pytest.mark.parametrize(
    "second",
    [{"target": "class"}, {"target": "school"}, {"target": "teacher", "teacher": "ann"}],
    ids=["class", "school", "teacher"],
)
def test_the_database_keeps_one_review_per_class_target_and_author(lindy, ann, second):
    """Also for the class and the school, whose reviews name no teacher (NULL)."""
    author = UserFactory()
    second = {**second, "teacher": ann} if "teacher" in second else second
    ReviewFactory(author=author, class_offer=lindy, **second)

    with pytest.raises(IntegrityError):
        ReviewFactory(author=author, class_offer=lindy, **second)


@pytest.mark.parametrize(
    "fields",
    [{"rating": 0}, {"rating": 6}, {"target": "teacher"}, {"target": "class", "teacher": "ann"}],
    ids=["rating-0", "rating-6", "teacher-review-without-teacher", "class-review-naming-a-teacher"],
)
def test_the_database_refuses_a_review_that_makes_no_sense(lindy, ann, fields):
    fields = {**fields, "teacher": ann} if "teacher" in fields else fields

    with pytest.raises(IntegrityError):
        ReviewFactory(class_offer=lindy, **fields)


@pytest.mark.parametrize("rating", [0, 6])
def test_a_rating_outside_1_to_5_is_refused_with_a_message(client, ada, lindy, rating):
    client.force_login(ada)

    html = html_of(client.post(review_page(lindy), {"class-rating": rating}))

    assert "Select a valid choice" in html
    assert not Review.objects.exists()


# Changing a review


def test_a_review_may_be_changed_for_30_days_then_no_more(time_machine, ada, lindy):
    write_review(author=ada, class_offer=lindy, target="class", rating=3)

    time_machine.move_to(TODAY + datetime.timedelta(days=29, hours=23), tick=False)
    write_review(author=ada, class_offer=lindy, target="class", rating=4)

    time_machine.move_to(TODAY + datetime.timedelta(days=30), tick=False)
    with pytest.raises(ReviewError, match="can no longer be changed"):
        write_review(author=ada, class_offer=lindy, target="class", rating=1)
    assert Review.objects.get().rating == 4


def test_after_30_days_the_page_shows_the_review_and_a_post_leaves_it_alone(client, time_machine, ada, lindy):
    write_review(author=ada, class_offer=lindy, target="class", rating=3, text="Fun.")
    time_machine.move_to(TODAY + datetime.timedelta(days=31), tick=False)
    client.force_login(ada)

    page = client.get(review_page(lindy))
    assert "no longer open to changes" in html_of(page)
    assert 'name="class-rating"' not in html_of(page)
    client.post(review_page(lindy), {"class-rating": "1", "class-text": "Changed my mind", "school-rating": "5"})

    assert Review.objects.get(target="class").text == "Fun."
    assert Review.objects.get(target="school").rating == 5  # a new review of the school may still be written
    listed = html_of(client.get(reverse("account_reviews")))
    assert "No longer open to changes." in listed


# The student's pages


def test_only_what_the_student_fills_in_is_saved_anonymous_unless_signed(client, ada, lindy, ann):
    client.force_login(ada)

    response = client.post(
        review_page(lindy),
        {
            "class-rating": "5",
            "class-text": "  Loved the swing-outs.  ",
            f"teacher-{ann.pk}-rating": "4",
            f"teacher-{ann.pk}-signed": "on",
        },
    )

    assert response.status_code == 302
    assert response.url == reverse("account_reviews")
    class_review, ann_review = Review.objects.get(target="class"), Review.objects.get(teacher=ann)
    assert (class_review.rating, class_review.text, class_review.signed) == (5, "Loved the swing-outs.", False)
    assert (ann_review.rating, ann_review.signed) == (4, True)
    assert Review.objects.count() == 2


def test_the_review_page_asks_about_the_class_each_teacher_and_the_school(client, ada, lindy):
    client.force_login(ada)

    html = html_of(client.get(review_page(lindy)))

    assert html.index("The class") < html.index("Ann Lee, your teacher") < html.index("Bob Ray, your teacher")
    assert html.index("Bob Ray, your teacher") < html.index("The school")
    assert 'name="csrfmiddlewaretoken"' in html


def test_words_without_a_rating_are_refused_with_a_message(client, ada, lindy):
    client.force_login(ada)

    html = html_of(client.post(review_page(lindy), {"school-text": "Nice floor"}))

    assert "Choose a rating from 1 to 5 to save this review." in html
    assert not Review.objects.exists()


def test_an_empty_form_says_what_to_fill_in(client, ada, lindy):
    client.force_login(ada)

    html = html_of(client.post(review_page(lindy), {}))

    assert "Choose a rating for the class, a teacher or the school" in html


def test_the_reviews_page_lists_classes_to_review_and_reviews_with_edit_while_editable(client, ada, lindy):
    client.force_login(ada)
    assert "Review Lindy 1" in html_of(client.get(reverse("account_reviews")))

    write_review(author=ada, class_offer=lindy, target="school", rating=5, text="Friendly crowd")
    html = html_of(client.get(reverse("account_reviews")))

    assert "Review Lindy 1" not in html
    assert "Friendly crowd" in html
    assert "5 out of 5 · anonymous" in html
    assert f'href="{review_page(lindy)}">Edit</a>' in html


def test_the_account_page_lists_classes_waiting_for_a_review(client, ada, lindy, december):
    RegistrationFactory(attendee=ada, class_offer=december)
    client.force_login(ada)

    html = html_of(client.get("/account/"))
    assert f'href="{review_page(lindy)}">Review Lindy 1' in html
    assert "Review Charleston" not in html  # not started

    write_review(author=ada, class_offer=lindy, target="class", rating=5)
    assert "You've reviewed every class you took" in html_of(client.get("/account/"))


def test_the_account_page_has_no_reviews_section_before_a_first_class(client):
    client.force_login(UserFactory())

    assert "Reviews</h2>" not in html_of(client.get("/account/"))


def test_the_reviews_page_takes_as_many_queries_for_ten_classes_as_for_two(
    client, django_assert_max_num_queries, ada, lindy, ann
):
    def reviewed_classes(count):
        for _ in range(count):
            offer = ClassOfferFactory(session=lindy.session, teachers=[ann], class_day=lindy.class_day)
            RegistrationFactory(attendee=ada, class_offer=offer)
            ReviewFactory(author=ada, class_offer=offer, target="teacher", teacher=ann)
            RegistrationFactory(attendee=ada, class_offer=ClassOfferFactory(session=lindy.session))

    client.force_login(ada)
    reviewed_classes(2)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("account_reviews")).status_code == 200
    reviewed_classes(8)
    with django_assert_max_num_queries(12):
        html = html_of(client.get(reverse("account_reviews")))
    assert html.count(": Ann Lee</h3>") == 10


# Who sees the student's pages


def test_visitors_are_asked_to_log_in(client, lindy):
    for page in [reverse("account_reviews"), review_page(lindy)]:
        response = client.get(page)
        assert response.status_code == 302
        assert response.url.startswith("/account/login/")


@pytest.mark.parametrize("who", ["another student", "teacher of the class", "admin"])
def test_anyone_who_did_not_attend_gets_a_404_and_never_sees_the_students_review(client, admin, ada, lindy, ann, who):
    ReviewFactory(author=ada, class_offer=lindy, text="Ada's own words")
    person = {"another student": UserFactory(groups=[STUDENTS]), "teacher of the class": ann, "admin": admin}[who]
    client.force_login(person)

    assert client.get(review_page(lindy)).status_code == 404
    assert client.post(review_page(lindy), {"class-rating": "1"}).status_code == 404
    assert "Ada's own words" not in html_of(client.get(reverse("account_reviews")))
    assert Review.objects.get().rating == 5


def test_a_review_of_an_unknown_class_is_a_404(client, ada):
    client.force_login(ada)

    assert client.get(reverse("account_review", args=[999999])).status_code == 404


# The admin's list


@pytest.fixture
def reviews(lindy, ann):
    ReviewFactory(
        author=UserFactory(first_name="Ada", last_name="Lovelace"), class_offer=lindy, rating=2, text="Too crowded"
    )
    ReviewFactory(
        author=UserFactory(first_name="Mary", last_name="Somerville"),
        class_offer=lindy,
        target="teacher",
        teacher=ann,
        rating=5,
        text="Ann explains well",
        signed=True,
    )


def test_the_admin_lists_reviews_showing_the_author_only_when_signed(admin_client, reviews):
    rows = listing(admin_client.get(reverse("reviews:index")))

    by_text = {row["Review"]: row for row in rows}
    assert by_text["Too crowded"]["Signed by"] == "Anonymous"
    assert by_text["Ann explains well"]["Signed by"] == "Mary Somerville"
    assert by_text["Ann explains well"]["Of"] == "Ann Lee"
    assert "Lovelace" not in html_of(admin_client.get(reverse("reviews:index")))


def test_an_anonymous_review_on_its_own_page_names_nobody(admin_client, reviews):
    review = Review.objects.get(text="Too crowded")

    html = html_of(admin_client.get(reverse("reviews:inspect", args=[review.pk])))

    assert "Too crowded" in html
    assert "Anonymous" in html
    assert "Ada" not in html
    assert "Lovelace" not in html


@pytest.mark.parametrize(
    ("query", "texts"),
    [
        ("rating=2", {"Too crowded"}),
        ("teacher={ann}", {"Ann explains well"}),
        ("target=class", {"Too crowded"}),
        ("class_offer={lindy}", {"Too crowded", "Ann explains well"}),
    ],
)
def test_the_admin_filters_reviews_by_class_teacher_and_rating(admin_client, reviews, lindy, ann, query, texts):
    url = reverse("reviews:index") + "?" + query.format(ann=ann.pk, lindy=lindy.pk)

    assert {row["Review"] for row in listing(admin_client.get(url))} == texts


def test_reviews_are_not_edited_in_the_admin(admin_client, reviews):
    review = Review.objects.first()

    for name, args in [("edit", [review.pk]), ("delete", [review.pk]), ("add", [])]:
        with pytest.raises(NoReverseMatch):
            reverse(f"reviews:{name}", args=args)


@pytest.mark.parametrize("who", ["teacher of the class", "student"])
def test_teachers_and_students_do_not_get_the_admins_list(client, reviews, ann, who):
    client.force_login(ann if who == "teacher of the class" else UserFactory(groups=[STUDENTS]))
    review = Review.objects.first()

    for page in [reverse("reviews:index"), reverse("reviews:inspect", args=[review.pk])]:
        response = client.get(page)
        if who == "student":
            assert response.status_code == 302
            assert response.url.startswith(reverse("wagtailadmin_login"))
        else:
            assert refused(response)
