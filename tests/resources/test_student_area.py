"""The student's own area: the Now, Upcoming, Past and Resources sections of /account/, and the page of one of
their classes (/account/classes/<registration>/), on Thu Jan 24, 2030, the day of the January class's third
meeting.

The January class meets on Thursdays, Jan 3, 10, 24, 31 and Feb 7 (no class on Jan 17, a snow week). The
student took an autumn class before it and has signed up for a February one and the waitlist of another.
"""

import datetime
import itertools
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from classes.models import Attendance
from resources.access import visible_resources
from resources.models import ResourcePage
from tests.factories import (
    ClassOfferFactory,
    LocationFactory,
    RegistrationFactory,
    ResourcePageFactory,
    SessionFactory,
    SubjectPageFactory,
    TeacherFactory,
    UserFactory,
)
from tests.pages import html_of

pytestmark = pytest.mark.django_db

SEATTLE = ZoneInfo("America/Los_Angeles")
TODAY = datetime.date(2030, 1, 24)
VIDEO, DOCUMENT, TEXT, ANNOUNCEMENT = (
    ResourcePage.Kind.VIDEO,
    ResourcePage.Kind.DOCUMENT,
    ResourcePage.Kind.TEXT,
    ResourcePage.Kind.ANNOUNCEMENT,
)


def moment(day, hour=12):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=SEATTLE)


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(moment(TODAY), tick=False)


@pytest.fixture
def teacher():
    return TeacherFactory(first_name="Frankie", last_name="Manning")


@pytest.fixture
def january(teacher):
    session = SessionFactory(
        name="January 2030",
        key_day_date=datetime.date(2030, 1, 3),
        max_day_shift=0,
        skip_dates=[(datetime.date(2030, 1, 17), "Snow week")],
    )
    location = LocationFactory(name="Hale's Ballroom", address="4301 Leary Way NW")
    return ClassOfferFactory(
        session=session,
        subject=SubjectPageFactory(title="Swing Out Basics"),
        location=location,
        teachers=[teacher],
    )


@pytest.fixture
def student():
    return UserFactory(first_name="Ann")


@pytest.fixture
def registration(student, january):
    return RegistrationFactory(attendee=student, class_offer=january, confirmed_at=moment(datetime.date(2029, 12, 20)))


@pytest.fixture
def autumn_registration(student):
    autumn = SessionFactory(name="October 2029", key_day_date=datetime.date(2029, 10, 4), max_day_shift=0)
    offer = ClassOfferFactory(session=autumn, subject=SubjectPageFactory(title="Charleston Kicks"))
    registration = RegistrationFactory(
        attendee=student, class_offer=offer, confirmed_at=moment(datetime.date(2029, 9, 20))
    )
    for meeting in offer.meetings.all():
        Attendance.objects.create(
            registration=registration, meeting=meeting, status="absent" if meeting.number == 2 else "present"
        )
    return registration


@pytest.fixture
def upcoming_registrations(student):
    february = SessionFactory(name="February 2030", key_day_date=datetime.date(2030, 2, 21))
    confirmed = RegistrationFactory(
        attendee=student, class_offer=ClassOfferFactory(session=february, subject=SubjectPageFactory(title="Balboa"))
    )
    waitlisted = RegistrationFactory(
        attendee=student,
        class_offer=ClassOfferFactory(session=february, subject=SubjectPageFactory(title="Shag"), class_day=1),
        status="waitlisted",
    )
    return confirmed, waitlisted


@pytest.fixture
def material(january, autumn_registration):
    """Released: notes after class 1 (Jan 3) and this week's video after class 3 (today). Not yet: next week's
    video. The autumn class's handout came out on its last class."""
    return {
        "notes": ResourcePageFactory(title="Swing out, counted", kind=TEXT, class_offers=[january]),
        "this week": ResourcePageFactory(
            title="Week 3 review", kind=VIDEO, release_class_number=3, subjects=[january.subject]
        ),
        "next week": ResourcePageFactory(
            title="Week 4 review", kind=VIDEO, release_class_number=4, class_offers=[january]
        ),
        "handout": ResourcePageFactory(
            title="Kicks handout",
            kind=DOCUMENT,
            release=ResourcePage.Release.COMPLETION,
            class_offers=[autumn_registration.class_offer],
        ),
        "announcement": ResourcePageFactory(
            title="Summer social on the pier", kind=ANNOUNCEMENT, audience=ResourcePage.Audience.STUDENTS
        ),
    }


def section_text(html, heading_id):
    """What a section of /account/ says, found by the id of its heading."""
    heading = BeautifulSoup(html, "html.parser").find(id=heading_id)
    assert heading is not None, f"no section #{heading_id}"
    return " ".join(heading.find_parent("section").get_text(" ").split())


def account_page(student):
    client = Client()
    client.force_login(student)
    return html_of(client.get("/account/"))


# The classes


def test_now_shows_the_running_class_with_its_week_dates_skip_date_place_and_teacher(student, registration):
    html = account_page(student)
    now = section_text(html, "classes-now")

    assert "Swing Out Basics" in now
    assert "Week 3 of 5" in now
    assert "Thursdays, 7:00 PM–8:00 PM" in now
    assert "Jan 3 Jan 10 No class Thu Jan 17: Snow week Jan 24 Jan 31 Feb 7" in now
    assert "Hale's Ballroom, 4301 Leary Way NW" in now
    assert "Frankie Manning" in now
    assert registration.class_offer.location.map_url.replace("&", "&amp;") in html
    assert f'href="/account/classes/{registration.pk}/"' in html


def test_upcoming_shows_classes_still_to_start_and_marks_the_waitlisted_one(student, upcoming_registrations):
    html = account_page(student)
    upcoming = section_text(html, "classes-upcoming")

    assert "Balboa" in upcoming
    assert "Shag On the waitlist" in upcoming
    assert upcoming.count("On the waitlist") == 1
    assert "Week" not in upcoming
    assert 'id="classes-now"' not in html  # nothing running today
    assert 'id="classes-past-classes"' not in html


def test_upcoming_offers_the_catalogue_to_a_student_with_nothing_coming(student, autumn_registration):
    upcoming = section_text(account_page(student), "classes-upcoming")

    assert "No classes coming up. Find one you'll love" in upcoming


def test_past_lists_every_class_taken_with_the_classes_the_student_came_to(student, autumn_registration):
    unrecorded = RegistrationFactory(
        attendee=student,
        class_offer=ClassOfferFactory(
            session=SessionFactory(key_day_date=datetime.date(2029, 6, 7), max_day_shift=0),
            subject=SubjectPageFactory(title="Lindy Hop 1"),
        ),
    )
    RegistrationFactory(
        attendee=student,
        class_offer=ClassOfferFactory(
            session=SessionFactory(key_day_date=datetime.date(2029, 8, 2), max_day_shift=0),
            subject=SubjectPageFactory(title="Cancelled one"),
        ),
        status="cancelled",
    )

    html = account_page(student)
    past = section_text(html, "classes-past-classes")

    assert past.index("Charleston Kicks") < past.index("Lindy Hop 1")  # the latest first
    assert "October 2029 · Thursdays · Oct 4 – Nov 1, 2029 Came to 4 of 5 classes" in past
    assert past.count("Came to") == 1  # nobody checked anyone in at the Lindy Hop class
    assert "Cancelled one" not in past
    assert f'href="/account/classes/{autumn_registration.pk}/"' in html
    assert f'href="/account/classes/{unrecorded.pk}/"' in html


# The resources


def test_the_resources_section_shows_what_each_class_released_with_this_weeks_marked(student, registration, material):
    resources = section_text(account_page(student), "your-resources")

    assert "Swing Out Basics January 2030 New this week" in resources
    assert "Week 3 review New this week Jan 24, 2030" in resources
    assert "Swing out, counted Jan 3, 2030" in resources
    assert "Swing out, counted New" not in resources
    assert "Week 4 review" not in resources
    assert "Announcements Summer social on the pier New this week" in resources
    # A class that finished long ago says what it holds; its page lists it.
    assert "Earlier classes Charleston Kicks, October 2029 1 document" in resources
    assert "Kicks handout" not in resources


def test_the_resources_section_groups_a_class_by_kind(student, registration, material):
    resources = section_text(account_page(student), "your-resources")

    assert resources.index("Video Week 3 review") < resources.index("Notes Swing out, counted")


def test_a_student_without_material_has_no_resources_section(student, upcoming_registrations):
    assert 'id="your-resources"' not in account_page(student)


def test_next_week_the_video_is_new_and_this_weeks_is_not(student, registration, material, time_machine):
    time_machine.move_to(moment(datetime.date(2030, 1, 31)), tick=False)

    resources = section_text(account_page(student), "your-resources")

    assert "Week 4 review New this week" in resources
    assert "Week 3 review Jan 24, 2030" in resources  # a week old: no longer new


# The class page


def test_the_class_page_shows_the_schedule_and_the_released_material_by_kind(client, student, registration, material):
    client.force_login(student)

    html = html_of(client.get(f"/account/classes/{registration.pk}/"))
    page = " ".join(BeautifulSoup(html, "html.parser").main.get_text(" ").split())

    assert "Swing Out Basics January 2030" in page
    assert "Week 3 of 5" in page
    assert "Class 2 Thu Jan 10, 2030 No class Thu Jan 17: Snow week Class 3 Thu Jan 24, 2030" in page
    assert "Teacher Frankie Manning" in page
    assert "Video Week 3 review New this week Jan 24, 2030" in page
    assert "Notes Swing out, counted Jan 3, 2030" in page
    assert "Week 4 review" not in page
    assert "More material comes after class 4, on Thu Jan 31." in page
    assert "Kicks handout" not in page  # another class's
    assert "Summer social" not in page


def test_a_past_class_page_says_how_many_classes_the_student_came_to(client, student, autumn_registration, material):
    client.force_login(student)

    page = html_of(client.get(f"/account/classes/{autumn_registration.pk}/"))

    assert "Finished · you came to 4 of 5 classes" in page
    assert "Kicks handout" in page
    assert "More material comes" not in page


@pytest.mark.parametrize(
    ("who", "status_code"),
    [("anonymous", 302), ("the student", 200), ("another student", 404), ("the teacher", 404), ("an admin", 404)],
)
def test_only_the_student_sees_their_class_page(client, registration, teacher, admin, who, status_code):
    visitors = {
        "the student": registration.attendee,
        "another student": RegistrationFactory(class_offer=registration.class_offer).attendee,
        "the teacher": teacher,
        "an admin": admin,
    }
    if who in visitors:
        client.force_login(visitors[who])

    response = client.get(f"/account/classes/{registration.pk}/")

    assert response.status_code == status_code
    if who == "anonymous":
        assert response.url == f"/account/login/?next=/account/classes/{registration.pk}/"


def test_a_cancelled_registration_has_no_class_page(client, student, january):
    cancelled = RegistrationFactory(attendee=student, class_offer=january, status="cancelled")
    client.force_login(student)

    assert client.get(f"/account/classes/{cancelled.pk}/").status_code == 404


def test_a_waitlisted_class_page_shows_the_class_but_no_material(client, student, upcoming_registrations):
    _, waitlisted = upcoming_registrations
    ResourcePageFactory(
        title="Shag basics", kind=TEXT, release=ResourcePage.Release.SIGNUP, class_offers=[waitlisted.class_offer]
    )
    client.force_login(student)

    page = html_of(client.get(f"/account/classes/{waitlisted.pk}/"))

    assert "You're on the waitlist for this class" in page
    assert "Shag basics" not in page
    assert "More material comes" not in page


# Query counts: a student of many years costs what a new one does


SESSIONS_BACK = itertools.count()


def take_classes(student, count, resources_per_class):
    """`count` finished classes for the student, each with resources released on its first class, half of them
    attached to the class and half to its subject."""
    for _ in range(count):
        key_day = datetime.date(2026, 1, 1) - datetime.timedelta(weeks=7 * next(SESSIONS_BACK))
        session = SessionFactory(key_day_date=key_day, publish_date=key_day - datetime.timedelta(days=21))
        offer = ClassOfferFactory(session=session)
        RegistrationFactory(attendee=student, class_offer=offer, confirmed_at=moment(datetime.date(2020, 1, 1)))
        for number in range(resources_per_class):
            attached = {"class_offers": [offer]} if number % 2 else {"subjects": [offer.subject]}
            ResourcePageFactory(kind=[VIDEO, TEXT, DOCUMENT][number % 3], **attached)


ACCOUNT_QUERY_BUDGET = 30


def test_visible_resources_is_one_query_for_a_student_of_40_classes(student, django_assert_num_queries):
    take_classes(student, 40, 10)

    with django_assert_num_queries(2):  # the student's roles, then the resources
        visible = list(visible_resources(student))

    assert len(visible) == 400


def test_the_account_page_takes_as_many_queries_for_40_classes_and_400_resources_as_for_4_and_40(
    client, student, django_assert_max_num_queries, django_assert_num_queries
):
    client.force_login(student)
    take_classes(student, 4, 10)
    client.get("/account/")
    with django_assert_max_num_queries(ACCOUNT_QUERY_BUDGET) as few:
        html = html_of(client.get("/account/"))
    # Classes long finished say what they hold (the class's page lists it): 4 videos, 3 documents and 3 notes each.
    assert html.count("4 videos · 3 documents · 3 notes") == 4

    take_classes(student, 36, 10)
    with django_assert_num_queries(len(few)):
        html = html_of(client.get("/account/"))

    assert html.count("4 videos · 3 documents · 3 notes") == 40
    assert section_text(html, "classes-past-classes").count("Lindy Hop") == 40


CLASS_PAGE_QUERY_BUDGET = 20


def test_the_class_page_takes_as_many_queries_for_many_resources_as_for_few(
    client, student, registration, django_assert_max_num_queries, django_assert_num_queries
):
    def add_resources(count):
        for number in range(count):
            attached = (
                {"class_offers": [registration.class_offer]}
                if number % 2
                else {"subjects": [registration.class_offer.subject]}
            )
            ResourcePageFactory(
                kind=[VIDEO, TEXT, DOCUMENT][number % 3], release_class_number=1 + number % 4, **attached
            )

    client.force_login(student)
    add_resources(4)
    client.get(f"/account/classes/{registration.pk}/")
    with django_assert_max_num_queries(CLASS_PAGE_QUERY_BUDGET) as few:
        client.get(f"/account/classes/{registration.pk}/")

    add_resources(16)
    with django_assert_num_queries(len(few)):
        html = html_of(client.get(f"/account/classes/{registration.pk}/"))

    assert html.count('class="material-list__item') == 15  # those after class 1, 2 and 3; not after class 4
