import datetime
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from wagtail.images import get_image_model
from wagtail.models import Page

from accounts.demo import ADMIN_EMAIL
from accounts.models import CreditEntry, TeacherPage, User
from accounts.roles import ADMINS, FRONT_DESK, STUDENTS, TEACHERS
from classes.models import (
    ONLINE_METHODS,
    Attendance,
    ClassNotes,
    ClassOffer,
    Level,
    LevelOverride,
    Location,
    Order,
    Registration,
    Session,
    SubjectPage,
)
from classes.progress import roster_progress
from home.models import HomePage, SchoolSettings
from tests.pages import meetings_in

pytestmark = pytest.mark.django_db

DEMO_PASSWORD = "swingout-demo"  # the default of DEMO_PASSWORD


def load_demo():
    output = io.StringIO()
    call_command("load_demo_school", stdout=output)
    return output.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo school, loaded once for this module's tests (each runs in its own savepoint) and then rolled back.

    Loading it takes seconds: the tests only look at it, apart from loading it again and moving the clock.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo()
        transaction.set_rollback(True)


DEMO_MODELS = [
    Page,
    User,
    get_image_model(),
    Level,
    Location,
    Session,
    ClassOffer,
    Order,
    Registration,
    CreditEntry,
    Attendance,
    LevelOverride,
]


def test_the_demo_school_can_be_loaded_twice_without_duplicates(demo):
    counts = [model.objects.count() for model in DEMO_MODELS]

    load_demo()

    assert [model.objects.count() for model in DEMO_MODELS] == counts


def test_the_demo_school_is_believable(demo):
    home = HomePage.objects.get()
    assert home.hero_image is not None
    assert {"About us", "Class policies", "FAQ"} <= set(home.get_children().live().values_list("title", flat=True))
    assert SchoolSettings.load().business_name == "HepCat Productions"
    assert User.objects.filter(groups__name=TEACHERS).count() == 5
    assert TeacherPage.objects.live().filter(photo__isnull=False).count() == 5


def test_the_demo_schedule_has_past_current_and_next_sessions(demo):
    regular = list(Session.objects.regular())
    assert len(regular) == 4
    today = regular[2].key_day_date
    assert [session.end_date < today for session in regular] == [True, True, False, False]
    assert regular[3].skip_dates.count() == 1
    assert all(9 <= session.class_offers.count() <= 12 for session in regular)
    assert SubjectPage.objects.live().count() >= 12
    assert {level.name for level in Level.objects.all()} == {
        "Beginning",
        "Lindy 2",
        "Lindy 3",
        "Workshop",
        "Special Focus",
    }
    assert Level.objects.get(name="Beginning").completion_rule == "A|C,B|D"
    assert Location.objects.count() == 3
    assert set(Session.objects.current()) >= {regular[2], regular[3]}


def test_the_demo_students_registered_in_every_session_and_paid_online_or_at_the_door(demo):
    students = User.objects.filter(groups__name=STUDENTS)
    assert 140 <= students.count() <= 160
    assert all(email.endswith("@example.com") for email in students.values_list("email", flat=True))
    assert len({student.get_full_name() for student in students}) == students.count()
    for session in Session.objects.all():
        assert Registration.objects.filter(class_offer__session=session).exists(), session

    orders = list(Order.objects.all())
    paid_online = [order for order in orders if order.method in ONLINE_METHODS and order.paid_at]
    paid_at_the_door = [order for order in orders if order.method == "door" and order.paid_at]
    owing = [order for order in orders if order.method == "door" and order.amount_owed > 0]
    assert len(paid_online) >= 100
    assert len(paid_at_the_door) >= 30
    assert len(owing) >= 10
    assert all(payment.recorded_by for order in paid_at_the_door for payment in order.payments.all())
    assert Order.objects.filter(multi_class_discount__gt=0).count() >= 10
    assert Order.objects.exclude(payer=F("attendee")).count() >= 5  # someone paid for their partner
    assert Order.objects.filter(pre_pay_discount__gt=0).exists()
    assert Order.objects.filter(method__in=ONLINE_METHODS, status="confirmed", pre_pay_discount=0).exists()
    assert Order.objects.filter(credit_applied__gt=0).exists()


def test_the_demo_beginners_of_the_first_session_moved_up_to_lindy_2(demo):
    first = Session.objects.regular().first()
    beginners = User.objects.filter(
        registrations__class_offer__session=first, registrations__class_offer__subject__level__name="Beginning"
    )

    moved_up = beginners.filter(
        registrations__class_offer__session__key_day_date__gt=first.key_day_date,
        registrations__class_offer__subject__level__name="Lindy 2",
    )

    assert moved_up.distinct().count() >= 10


def test_the_demo_students_moved_up_to_lindy_2_have_mostly_completed_beginning(demo):
    """They move up once their Beginning versions complete the level's rule, or after a third session anyway: the
    synopsis a teacher reads of a Lindy 2 student rarely says they still need Beginning."""
    in_lindy_2 = User.objects.filter(
        registrations__status="confirmed", registrations__class_offer__subject__level__name="Lindy 2"
    ).distinct()

    progress = roster_progress(in_lindy_2)

    completed = [student for student in progress.values() if student.levels[0].completed]
    assert len(progress) >= 20
    assert len(completed) >= 0.8 * len(progress)


def test_the_demo_students_who_came_already_dancing_have_their_level_set_by_hand(demo):
    first = Session.objects.regular().first()
    came_dancing = User.objects.filter(
        registrations__class_offer__session=first, registrations__class_offer__subject__level__name="Lindy 3"
    ).exclude(registrations__class_offer__subject__level__name__in=["Beginning", "Lindy 2"])

    overrides = LevelOverride.objects.filter(student__in=came_dancing).select_related("level", "set_by")

    assert overrides.count() == came_dancing.distinct().count() > 0
    assert {override.level.name for override in overrides} == {"Lindy 2"}
    assert all(override.reason and override.set_by.email == ADMIN_EMAIL for override in overrides)
    progress = roster_progress(came_dancing.distinct())
    assert {student.ready_for.name for student in progress.values()} == {"Lindy 3"}
    assert all(student.synopsis.startswith("Beginning ✓ · Lindy 2 ✓ · Lindy 3: ") for student in progress.values())
    beginners = User.objects.filter(registrations__class_offer__subject__level__name="Beginning")
    assert not LevelOverride.objects.filter(student__in=beginners).exists()


def test_the_current_session_has_one_full_class_with_people_waiting(demo):
    current = list(Session.objects.regular())[2]

    full = [offer for offer in ClassOffer.objects.filter(session=current).with_seats_left() if offer.seats_left <= 0]

    assert len(full) == 1
    assert full[0].registrations.filter(status=Registration.Status.WAITLISTED).count() in (2, 3)
    assert not ClassOffer.objects.exclude(pk=full[0].pk).with_seats_left().filter(seats_left__lte=0).exists()


def test_the_printed_admin_login_opens_the_admin(demo, client):
    login_line = next(line for line in demo.splitlines() if line.startswith("Admin login"))
    email, password = login_line.split(": ", 1)[1].split(" / ")
    response = client.post("/admin/login/", {"username": email, "password": password}, follow=True)

    assert response.status_code == 200
    assert response.wsgi_request.user.groups.filter(name=ADMINS).exists()
    assert response.wsgi_request.path == "/admin/"


def printed_login(demo, role):
    line = next(line for line in demo.splitlines() if line.startswith(f"{role} login"))
    return line.split(": ", 1)[1].split(" / ")


def test_the_printed_student_login_shows_their_classes(demo, client):
    email, password = printed_login(demo, "Student")

    response = client.post("/account/login/", {"username": email, "password": password}, follow=True)

    assert response.wsgi_request.user.email == email
    assert response.wsgi_request.path == "/account/"
    assert "You haven't registered for a class yet" not in response.content.decode()


def test_the_printed_teacher_login_opens_the_admin(demo, client):
    email, password = printed_login(demo, "Teacher")

    response = client.post("/admin/login/", {"username": email, "password": password}, follow=True)

    assert response.wsgi_request.user.groups.filter(name=TEACHERS).exists()
    assert response.wsgi_request.path == "/admin/"


def test_the_printed_front_desk_login_opens_check_in(demo, client):
    email, password = printed_login(demo, "Front desk")

    client.post("/admin/login/", {"username": email, "password": password})
    check_in = client.get("/admin/check-in/")

    assert check_in.wsgi_request.user.groups.filter(name=FRONT_DESK).exists()
    assert check_in.status_code == 200
    assert check_in.context["class_offers"]  # the current session's classes


def test_the_demo_students_came_to_most_past_classes_with_realistic_gaps(demo):
    today = timezone.localdate()
    past = Registration.objects.filter(
        status=Registration.Status.CONFIRMED, class_offer__meetings__date__lt=today
    ).distinct()
    marks = Counter(Attendance.objects.values_list("status", flat=True))
    came = (marks["present"] + marks["late"]) / sum(marks.values())

    # A mark for every confirmed student at every meeting before today, none for today's or later ones.
    assert sum(marks.values()) == sum(
        registration.class_offer.meetings.filter(date__lt=today).count() for registration in past
    )
    assert not Attendance.objects.filter(meeting__date__gte=today).exists()
    assert 0.8 < came < 0.95
    assert all(marks[status] > 0 for status in ("late", "excused", "absent"))
    assert Attendance.objects.filter(recorded_by__groups__name=TEACHERS).count() == sum(marks.values())


def test_every_demo_student_can_log_in_with_the_demo_password(demo):
    students = User.objects.filter(groups__name=STUDENTS)
    assert students.count() >= 150
    assert all(student.check_password(DEMO_PASSWORD) for student in students[:5])
    assert students.filter(password__startswith="!").count() == 0


# The class calendar over two months of the demo school: no running class ever leaves it early, and each shows
# exactly its meetings. Here rather than beside the calendar's other tests, whose classes are built with
# factories, to share the loaded demo.


def running_classes(day):
    """Every class running on a day, by UID, with its meetings: approved, its session published, its last
    meeting not yet past."""
    school_time = timezone.get_current_timezone()
    offers = ClassOffer.objects.filter(live=True, session__publish_date__lte=day)
    # Sessions, subjects and skip dates fetched with the offers: a query or three per offer, over sixty days,
    # took most of this test's time.
    offers = offers.select_related("session", "subject").prefetch_related("session__skip_dates")
    return {
        f"classoffer-{offer.pk}@localhost": [
            datetime.datetime.combine(date, offer.start_time, tzinfo=school_time) for date in offer.meeting_dates()
        ]
        for offer in offers
        if offer.end_date >= day
    }


def test_every_running_class_is_in_the_calendar_with_all_its_meetings_on_each_of_the_next_sixty_days(
    demo, client, time_machine
):
    first_day = timezone.localdate()
    skipping_classes = set()
    for days_ahead in range(60):
        day = first_day + datetime.timedelta(days=days_ahead)
        time_machine.move_to(
            datetime.datetime.combine(day, datetime.time(12, 0), tzinfo=timezone.get_current_timezone())
        )

        feed = Calendar.from_ical(client.get("/classes/calendar.ics").content)

        shown = {str(event["UID"]): meetings_in(event) for event in feed.events}
        expected = running_classes(day)
        assert expected, day
        assert {uid: shown.get(uid) for uid in expected} == expected, day
        skipping_classes |= {str(event["UID"]) for event in feed.events if event.exdates}
    assert skipping_classes  # the demo school's studio holiday moves some classes a week on


def test_the_printed_teacher_finds_notes_with_two_versions_in_my_classes(demo, client):
    email, password = printed_login(demo, "Teacher")
    client.post("/admin/login/", {"username": email, "password": password})
    notes = ClassNotes.objects.get()

    running = client.get(reverse("my_classes:index")).content.decode()
    versions = client.get(reverse("my_classes:versions", args=[notes.class_offer_id]))

    assert notes.class_offer.subject.title in running
    assert versions.status_code == 200
    assert [revision.user.email for revision in notes.revisions.all()] == [email, email]
