"""The class pages a visitor browses: the class list, a class, a subject and the locations."""

import datetime
from decimal import Decimal

import pytest

from accounts.models import TeacherPage, TeachersIndexPage
from classes.models import Session
from tests.factories import (
    ClassOfferFactory,
    LevelFactory,
    LocationFactory,
    SessionFactory,
    SubjectPageFactory,
    TeacherFactory,
)
from tests.pages import html_of

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 11, 10, 12, 0)  # a Tuesday: the November session has begun


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def january():
    """Upcoming: published already, starts Tue Jan 5."""
    return SessionFactory(
        name="January 2027",
        slug="january-2027",
        key_day_date=datetime.date(2027, 1, 7),
        publish_date=datetime.date(2026, 11, 1),
    )


@pytest.fixture
def beginning():
    return LevelFactory(name="Beginning", code="Beg", rank=Decimal("1"))


@pytest.fixture
def lindy_2():
    return LevelFactory(name="Lindy 2", code="LH2", rank=Decimal("2"))


@pytest.fixture
def swing_out(beginning):
    return SubjectPageFactory(
        title="Swing Out Basics",
        level=beginning,
        version="A",
        short_description="Your first steps in Lindy Hop.",
        tagline_1="No partner needed",
        syllabus="<p>Secret syllabus: rock step drills</p>",
        class_plan="<p>Secret plan: warm up with the Shim Sham</p>",
        description=[{"type": "paragraph", "value": "<p>Learn the swing out, the heart of Lindy Hop.</p>"}],
    )


@pytest.fixture
def charleston(lindy_2):
    return SubjectPageFactory(title="Charleston Kicks", level=lindy_2, version="B")


@pytest.fixture
def studio():
    return LocationFactory(name="Century Ballroom", address="915 E Pine St", city="Seattle", state="WA")


@pytest.fixture
def swing_out_thursdays(swing_out, november, studio):
    return ClassOfferFactory(subject=swing_out, session=november, location=studio, class_day=3)


# The class list


def test_class_list_shows_only_live_offers_of_current_sessions(client, swing_out_thursdays, charleston, november):
    ClassOfferFactory(subject=SubjectPageFactory(title="Draft Drills"), session=november, live=False)
    not_yet_published = SessionFactory(
        key_day_date=datetime.date(2027, 3, 4), publish_date=datetime.date(2027, 2, 1), name="March 2027"
    )
    ClassOfferFactory(subject=SubjectPageFactory(title="Spring Shim Sham"), session=not_yet_published)
    expired = SessionFactory(
        key_day_date=datetime.date(2026, 9, 3), publish_date=datetime.date(2026, 8, 1), name="September 2026"
    )
    ClassOfferFactory(subject=SubjectPageFactory(title="Summer Stroll"), session=expired)

    html = html_of(client.get("/classes/"))

    assert "Swing Out Basics" in html
    assert "Draft Drills" not in html
    assert "Spring Shim Sham" not in html
    assert "Summer Stroll" not in html


def test_the_latest_published_session_is_listed_when_no_session_is_open(client):
    ended = SessionFactory(
        key_day_date=datetime.date(2026, 9, 3), publish_date=datetime.date(2026, 8, 1), name="September 2026"
    )
    ClassOfferFactory(subject=SubjectPageFactory(title="Summer Stroll"), session=ended)

    html = html_of(client.get("/classes/"))

    assert "Summer Stroll" in html
    assert "Recent session" in html
    assert "Registration closed" in html
    assert 'action="/register/add/"' not in html


def test_classes_are_grouped_by_session_then_day_with_the_upcoming_session_after(
    client, swing_out_thursdays, swing_out, charleston, november, january
):
    ClassOfferFactory(subject=charleston, session=november, class_day=1)
    ClassOfferFactory(subject=swing_out, session=january, class_day=1)

    html = html_of(client.get("/classes/"))

    running, upcoming = html.split("Upcoming session")
    assert "Now in session" in running
    assert "November 2026" in running
    assert running.index("Tuesdays") < running.index("Charleston Kicks") < running.index("Thursdays")
    assert running.index("Thursdays") < running.index("Swing Out Basics")
    assert "January 2027" in upcoming
    assert "Starts Tuesday, January 5" in upcoming
    assert "Swing Out Basics" in upcoming
    assert "Charleston Kicks" not in upcoming


def test_a_class_card_tells_when_where_who_and_how_much(client, swing_out_thursdays, studio):
    with_profile = TeacherFactory(first_name="Ann", last_name="Lee")
    without_profile = TeacherFactory(first_name="Bob", last_name="Ray")
    teachers_index = TeachersIndexPage.objects.get()
    teachers_index.add_child(instance=TeacherPage(title="Ann Lee", slug="ann-lee", teacher=with_profile))
    teachers_index.add_child(instance=TeacherPage(title="Bob Ray", slug="bob-ray", teacher=without_profile, live=False))
    swing_out_thursdays.teachers.set([with_profile, without_profile])
    swing_out_thursdays.save()

    html = html_of(client.get("/classes/"))

    assert 'href="/classes/swing-out-basics/november-2026/thursday/">Swing Out Basics</a>' in html
    assert "Beginning A" in html
    assert "Thursdays, 7:00 PM–8:00 PM" in html
    assert "Nov 5 – Dec 10, 2026" in html
    assert f'<a href="/classes/locations/#location-{studio.pk}">Century Ballroom</a>' in html
    assert '<a href="/teachers/ann-lee/">Ann Lee</a> and Bob Ray' in html
    assert "<dd>$95</dd>" in html  # the pre-pay deadline, Wed Nov 4, is past
    assert "20 seats left" in html
    assert 'Register<span class="visually-hidden"> for Swing Out Basics, Thursdays</span>' in html


@pytest.mark.parametrize(
    ("today", "price", "progress"),
    [
        (datetime.datetime(2026, 10, 20, 12, 0), "$95, or $85 paid online by Mon Nov 2", None),
        (datetime.datetime(2026, 11, 3, 12, 0), "$95", None),  # the pre-pay deadline is past; no class yet
        (datetime.datetime(2026, 11, 5, 21, 0), "$95", "Started Thu Nov 5 · week 1 of 5"),
        (datetime.datetime(2026, 11, 25, 12, 0), "$95", "Started Thu Nov 5 · week 3 of 5"),
        (datetime.datetime(2026, 12, 11, 12, 0), "$95", "Finished"),
    ],
)
@pytest.mark.parametrize("address", ["/classes/", "/classes/swing-out-basics/november-2026/thursday/"])
def test_the_card_and_the_class_page_say_only_what_is_still_true(
    client, time_machine, settings, swing_out_thursdays, address, today, price, progress
):
    settings.PRE_PAY_DEADLINE_DAYS = 3
    time_machine.move_to(today, tick=False)

    html = html_of(client.get(address))

    assert f"<dd>{price}</dd>" in html
    if progress:
        assert f'<span class="class-progress">{progress}</span>' in html
    else:
        assert "class-progress" not in html


def test_the_price_without_a_pre_pay_discount_is_just_the_price(client, november):
    subject = SubjectPageFactory(full_price=Decimal("120.00"), pre_pay_discount=Decimal("0"))
    ClassOfferFactory(subject=subject, session=november, price_override=Decimal("62.50"))

    html = html_of(client.get("/classes/"))

    assert "$62.50" in html
    assert "paid online by" not in html


def test_a_class_without_seats_left_is_full(client, swing_out, november):
    ClassOfferFactory(subject=swing_out, session=november, capacity=0)

    html = html_of(client.get("/classes/"))

    assert ">Full<" in html
    assert "seats left" not in html
    assert "Join the waitlist" in html


def test_a_class_that_meets_once_shows_its_one_date(client):
    weekend = SessionFactory(
        name="Balboa Weekend", key_day_date=datetime.date(2026, 11, 21), max_day_shift=0, num_weeks=1
    )
    weekend.publish_date = datetime.date(2026, 11, 1)
    weekend.save()
    ClassOfferFactory(subject=SubjectPageFactory(title="Balboa Basics", num_weeks=1), session=weekend)

    html = html_of(client.get("/classes/"))

    assert "Nov 21, 2026" in html
    assert "Nov 21 –" not in html


def test_a_subject_named_for_its_level_is_not_labelled_twice(client, swing_out_thursdays, lindy_2, november):
    lindy_2_a = SubjectPageFactory(title="Lindy 2 A", level=lindy_2, version="A")
    ClassOfferFactory(subject=lindy_2_a, session=november, class_day=1)

    class_list = html_of(client.get("/classes/"))
    subject_page = html_of(client.get("/classes/lindy-2-a/"))

    assert 'class="class-card__level">Beginning A<' in class_list
    assert 'class="class-card__level">Lindy 2 A<' not in class_list
    assert 'class="class-card__level"' not in subject_page


def test_skipped_days_are_noted_on_the_class_list(client, swing_out_thursdays):
    html = html_of(client.get("/classes/"))

    assert "No class Thu Nov 26: Thanksgiving" in html


def test_visitors_filter_classes_by_level(client, swing_out_thursdays, charleston, november):
    ClassOfferFactory(subject=charleston, session=november, class_day=1)

    html = html_of(client.get("/classes/", {"level": "LH2"}))

    assert "Charleston Kicks" in html
    assert "Swing Out Basics</a>" not in html
    assert "Showing 1 of 2 classes" in html
    assert '<option value="Beg">Beginning</option>' in html
    assert '<option value="LH2" selected>Lindy 2</option>' in html


def test_visitors_filter_classes_by_day(client, swing_out_thursdays, charleston, november):
    ClassOfferFactory(subject=charleston, session=november, class_day=1)

    html = html_of(client.get("/classes/", {"day": "3"}))

    assert "Swing Out Basics" in html
    assert "Charleston Kicks</a>" not in html
    assert '<option value="1">Tuesday</option>' in html
    assert '<option value="3" selected>Thursday</option>' in html
    assert "Monday" not in html


@pytest.mark.parametrize(
    "query", [{"level": "Nope"}, {"day": "9"}, {"day": "monday"}, {"day": "-1"}, {"level": "<script>", "day": ""}]
)
def test_filter_values_that_are_not_choices_are_ignored(client, swing_out_thursdays, charleston, november, query):
    ClassOfferFactory(subject=charleston, session=november, class_day=1)

    html = html_of(client.get("/classes/", query))

    assert "Swing Out Basics" in html
    assert "Charleston Kicks" in html
    assert "Showing" not in html
    assert "aria-invalid" not in html


def test_choices_that_match_no_class_say_so(client, swing_out_thursdays, charleston, november):
    ClassOfferFactory(subject=charleston, session=november, class_day=1)

    html = html_of(client.get("/classes/", {"level": "LH2", "day": "3"}))

    assert "No classes match your choices" in html


def test_the_class_list_says_when_no_classes_are_open(client):
    html = html_of(client.get("/classes/"))

    assert "No classes are open for registration right now" in html
    assert "<form" not in html.split("main-content")[1].split("site-footer")[0]


CLASS_LIST_QUERY_BUDGET = 14


def schedule(count, sessions, subjects, locations, teachers):
    """`count` class offers spread over the sessions, subjects, days and locations, two teachers each."""
    for number in range(count):
        ClassOfferFactory(
            session=sessions[number % 2],
            subject=subjects[number // 2],
            class_day=[1, 2, 3][number % 3],
            location=locations[number % len(locations)],
            teachers=[teachers[number % len(teachers)], teachers[(number + 1) % len(teachers)]],
        )


def test_the_class_list_takes_as_many_queries_for_fifty_classes_as_for_five(
    client, november, january, django_assert_max_num_queries, django_assert_num_queries
):
    levels = [LevelFactory() for _ in range(4)]
    subjects = [SubjectPageFactory(level=levels[number % 4], version="ABCD"[number % 4]) for number in range(26)]
    locations = [LocationFactory() for _ in range(3)]
    teachers = [TeacherFactory() for _ in range(6)]
    teachers_index = TeachersIndexPage.objects.get()
    for teacher in teachers[:4]:
        teachers_index.add_child(
            instance=TeacherPage(title=teacher.get_full_name(), slug=f"teacher-{teacher.pk}", teacher=teacher)
        )
    sessions = [november, january]
    schedule(5, sessions, subjects[:3], locations, teachers)
    client.get("/classes/")  # the first view caches the site's root paths

    with django_assert_max_num_queries(CLASS_LIST_QUERY_BUDGET) as five_classes:
        html = html_of(client.get("/classes/"))
    assert html.count('class="class-card"') == 5

    schedule(45, sessions, subjects[3:], locations, teachers)
    with django_assert_num_queries(len(five_classes)):
        html = html_of(client.get("/classes/"))
    assert html.count('class="class-card"') == 50
    assert html.count('href="/teachers/') > 50


def test_the_class_list_works_out_each_class_offers_meetings_once(client, november, january, monkeypatch):
    subjects = [SubjectPageFactory() for _ in range(6)]
    schedule(12, [november, january], subjects, [LocationFactory()], [TeacherFactory(), TeacherFactory()])
    client.get("/classes/")  # the first view caches the site's root paths
    calls = []
    class_meetings = Session.class_meetings

    def counted(session, *args, **kwargs):
        calls.append(session.pk)
        return class_meetings(session, *args, **kwargs)

    monkeypatch.setattr(Session, "class_meetings", counted)
    html = html_of(client.get("/classes/"))

    assert html.count('class="class-card"') == 12
    # Each card's meetings, and each session's last day (over the three days of its window) for its heading.
    assert len(calls) <= 12 + 2 * 3


# A class offer's page


def test_a_class_page_lists_every_meeting_and_the_days_without_class(client, swing_out_thursdays):
    html = html_of(client.get("/classes/swing-out-basics/november-2026/thursday/"))

    meetings = ["Thu Nov 5, 2026", "Thu Nov 12, 2026", "Thu Nov 19, 2026", "Thu Dec 3, 2026", "Thu Dec 10, 2026"]
    positions = [html.index(meeting) for meeting in meetings]
    assert positions == sorted(positions)
    assert "Class 5" in html
    assert "Class 6" not in html
    skip = html.index("No class Thu Nov 26: Thanksgiving")
    assert html.index("Thu Nov 19, 2026") < skip < html.index("Thu Dec 3, 2026")


def test_a_class_page_has_what_a_student_needs_to_sign_up(client, swing_out_thursdays, studio):
    swing_out_thursdays.note = "Bring clean shoes"
    swing_out_thursdays.save()

    html = html_of(client.get("/classes/swing-out-basics/november-2026/thursday/"))

    assert "<title>Swing Out Basics, Thursdays (November 2026)" in html
    assert "Beginning A" in html
    assert "915 E Pine St, Seattle, WA" in html
    assert f'href="{studio.map_url}"' in html.replace("&amp;", "&")
    assert "<dd>$95</dd>" in html  # the pre-pay deadline, Wed Nov 4, is past
    assert "Bring clean shoes" in html
    assert "Learn the swing out, the heart of Lindy Hop." in html
    assert "5 weeks, 60 minutes a class" in html
    assert f'<a class="button button--large" href="/register/add/?class={swing_out_thursdays.pk}">Register</a>' in html
    assert "Secret" not in html


@pytest.mark.parametrize(
    "address",
    [
        "/classes/swing-out-basics/december-2026/thursday/",  # no such session
        "/classes/swing-out-basics/november-2026/tuesday/",  # no class that day
        "/classes/swing-out-basics/november-2026/funday/",  # not a day
        "/classes/swing-out-basics/november-2026/",  # no day
        "/classes/no-such-subject/november-2026/thursday/",
    ],
)
def test_an_address_that_names_no_class_is_not_found(client, swing_out_thursdays, address):
    assert client.get(address).status_code == 404


def test_a_draft_class_is_not_found(client, swing_out_thursdays):
    swing_out_thursdays.live = False
    swing_out_thursdays.save()

    assert client.get("/classes/swing-out-basics/november-2026/thursday/").status_code == 404


def test_a_class_of_a_session_not_yet_published_is_not_found(client, swing_out):
    ClassOfferFactory(
        subject=swing_out,
        session=SessionFactory(
            slug="march-2027", key_day_date=datetime.date(2027, 3, 4), publish_date=datetime.date(2027, 2, 1)
        ),
    )

    assert client.get("/classes/swing-out-basics/march-2027/thursday/").status_code == 404


# A subject's page


def test_a_subject_page_describes_the_subject_and_links_its_classes(client, swing_out_thursdays, swing_out, january):
    ClassOfferFactory(subject=swing_out, session=january, class_day=1)

    html = html_of(client.get("/classes/swing-out-basics/"))

    assert "<h1>Swing Out Basics</h1>" in html
    assert "Beginning A" in html
    assert "No partner needed" in html
    assert "Learn the swing out, the heart of Lindy Hop." in html
    assert "5 weeks, 60 minutes a class" in html
    assert "$95, or $85 paid online" in html
    assert 'href="/classes/swing-out-basics/november-2026/thursday/">Thursdays, November 2026</a>' in html
    assert 'href="/classes/swing-out-basics/january-2027/tuesday/">Tuesdays, January 2027</a>' in html


def test_a_subject_page_never_shows_the_syllabus_or_class_plan(client, swing_out_thursdays):
    html = html_of(client.get("/classes/swing-out-basics/"))

    assert "Secret syllabus" not in html
    assert "Secret plan" not in html


def test_a_subject_not_on_the_schedule_says_so(client, charleston):
    html = html_of(client.get("/classes/charleston-kicks/"))

    assert "isn't on the schedule right now" in html


# Locations


def test_the_locations_page_lists_every_location_with_its_classes(client, swing_out_thursdays, studio):
    quiet_hall = LocationFactory(name="Quiet Hall", address="1 Main St")

    html = html_of(client.get("/classes/locations/"))

    assert "Century Ballroom" in html
    assert "915 E Pine St, Seattle, WA 98101" in html
    assert f'id="location-{studio.pk}"' in html
    assert "https://www.openstreetmap.org/search?query=915+E+Pine+St" in html
    assert 'href="/classes/swing-out-basics/november-2026/thursday/">Swing Out Basics</a>' in html
    assert f'id="location-{quiet_hall.pk}"' in html
    assert "No classes meet here this session." in html
