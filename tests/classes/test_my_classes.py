"""My classes (DESIGN §6): a teacher's classes now and next, each class's roster with the students' experience,
a student's class history, the plan and syllabus with the levels below, and the running notes with every version
kept; for every role, another teacher's class is a 404."""

import datetime
import itertools
import json
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.models import ModelLogEntry
from wagtail.test.utils import WagtailTestUtils

from accounts.roles import FRONT_DESK, STUDENTS
from classes.models import Attendance, ClassNotes, Registration
from classes.services.notes import save_class_notes, versions_of
from tests.factories import (
    ClassOfferFactory,
    LevelFactory,
    RegistrationFactory,
    SessionFactory,
    SubjectPageFactory,
    TeacherFactory,
    UserFactory,
)
from tests.pages import html_of, listing, refused

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = datetime.datetime(2026, 11, 18, 20, 0, tzinfo=datetime.UTC)  # Wednesday Nov 18, at noon in Seattle


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def frankie():
    return TeacherFactory(first_name="Frankie", last_name="Manning")


@pytest.fixture
def norma():
    """Another teacher."""
    return TeacherFactory(first_name="Norma", last_name="Miller")


@pytest.fixture
def levels():
    return {
        "Beginning": LevelFactory(name="Beginning", rank=Decimal("1")),
        "Lindy 2": LevelFactory(name="Lindy 2", rank=Decimal("2")),
        "Lindy 3": LevelFactory(name="Lindy 3", rank=Decimal("3")),
        "Workshop": LevelFactory(name="Workshop", rank=None),
    }


@pytest.fixture
def sessions():
    return {
        "September": SessionFactory(name="September 2026", key_day_date=D(2026, 9, 24)),
        "November": SessionFactory(name="November 2026", key_day_date=D(2026, 11, 5)),  # Thursdays Nov 5 to Dec 3
        "December": SessionFactory(name="December 2026", key_day_date=D(2026, 12, 10)),
    }


@pytest.fixture
def lindy_2(frankie, levels, sessions):
    """Frankie's Lindy 2 on Thursdays from Nov 5: two classes held by today."""
    subject = SubjectPageFactory(
        title="Lindy 2 A",
        level=levels["Lindy 2"],
        class_plan="<p>Warm up with the Shim Sham.</p><p>Swing outs with style.</p>",
        syllabus="<p>Swing outs, Lindy circles, and the Texas Tommy.</p>",
    )
    return ClassOfferFactory(subject=subject, session=sessions["November"], teachers=[frankie], capacity=16)


@pytest.fixture
def normas_class(norma, levels, sessions):
    subject = SubjectPageFactory(title="Lindy 3 B", level=levels["Lindy 3"], syllabus="<p>Swing out variations.</p>")
    return ClassOfferFactory(subject=subject, session=sessions["November"], teachers=[norma])


@pytest.fixture
def ann(lindy_2, levels, sessions):
    """A lead in Frankie's Lindy 2 who took Beginning in September; came late to the first class, missed the
    second."""
    ann = UserFactory(first_name="Ann", last_name="Lee", groups=[STUDENTS])
    beginning = ClassOfferFactory(
        subject=SubjectPageFactory(title="Beginning A", level=levels["Beginning"]), session=sessions["September"]
    )
    RegistrationFactory(attendee=ann, class_offer=beginning)
    registration = RegistrationFactory(attendee=ann, class_offer=lindy_2, dance_role="lead")
    came(registration, 1, Attendance.Status.LATE)
    came(registration, 2, Attendance.Status.ABSENT)
    return ann


@pytest.fixture
def bob(lindy_2):
    """A follow in his first class at the school."""
    bob = UserFactory(first_name="Bob", last_name="Ray", groups=[STUDENTS])
    RegistrationFactory(attendee=bob, class_offer=lindy_2, dance_role="follow")
    return bob


@pytest.fixture
def cara(lindy_2):
    """Waiting for a seat."""
    cara = UserFactory(first_name="Cara", last_name="Diaz", groups=[STUDENTS])
    RegistrationFactory(attendee=cara, class_offer=lindy_2, status=Registration.Status.WAITLISTED)
    return cara


def came(registration, number, status=Attendance.Status.PRESENT):
    """The teacher marked the student at meeting `number`."""
    meeting = registration.class_offer.meetings.get(number=number)
    Attendance.objects.create(registration=registration, meeting=meeting, status=status)


def signed_in(client, person):
    client.force_login(person)
    return client


def url(name, *args):
    return reverse(f"my_classes:{name}", args=args)


# The list


def test_a_teacher_sees_the_classes_they_teach_running_now_and_coming_up(
    client, frankie, norma, lindy_2, ann, bob, sessions
):
    ClassOfferFactory(session=sessions["December"], subject=SubjectPageFactory(title="Lindy 2 B"), teachers=[frankie])
    ClassOfferFactory(session=sessions["September"], subject=SubjectPageFactory(title="Lindy 2 D"), teachers=[frankie])
    ClassOfferFactory(session=sessions["November"], subject=SubjectPageFactory(title="Balboa"), teachers=[norma])

    response = signed_in(client, frankie).get(url("index"))

    running, coming_up = listing_of(response, "Running now"), listing_of(response, "Coming up")
    assert [(row["Class"], row["Students"], row["Now"]) for row in running] == [("Lindy 2 A", "2/16", "Week 2 of 5")]
    assert [(row["Class"], row["Now"]) for row in coming_up] == [("Lindy 2 B", "Starts Thu Dec 10, 2026")]


def test_an_admin_sees_every_class_running_or_coming_up(admin_client, lindy_2, normas_class):
    rows = listing_of(admin_client.get(url("index")), "Running now")
    assert {row["Class"] for row in rows} == {"Lindy 2 A", "Lindy 3 B"}


def test_the_admin_menu_has_my_classes_for_teachers(client, frankie):
    assert "My classes" in html_of(signed_in(client, frankie).get(reverse("wagtailadmin_home")))


def test_an_admin_opens_any_class_from_its_class_offer(admin_client, normas_class):
    response = admin_client.get(reverse("wagtailsnippets_classes_classoffer:list"))
    assert url("class", normas_class.pk) in html_of(response)


# A class


def test_the_roster_shows_each_student_with_their_experience_and_attendance_but_no_money(
    client, frankie, lindy_2, ann, bob, cara
):
    response = signed_in(client, frankie).get(url("class", lindy_2.pk))

    page = html_of(response)
    students = listing_of(response, "Students")
    assert [row["Student"] for row in students] == ["Ann Lee", "Bob Ray"]
    assert students[0] == {
        "Student": "Ann Lee",
        "Dances": "Lead",
        "Experience": "Beginning: A · Lindy 2: A · 2 classes since 2026",
        "New here": "",
        "Came": "1 of 2",
    }
    assert students[1]["New here"] == "First class"
    assert students[1]["Experience"] == "Lindy 2: A · 1 class since 2026"
    assert students[1]["Came"] == "Not checked in yet"
    assert "1 lead · 1 follow · 0 either" in page
    assert [(row["Position"], row["Student"]) for row in listing_of(response, "Waitlist")] == [("1", "Cara Diaz")]
    assert "$" not in page
    assert "95" not in page
    assert "paid" not in page.casefold()


def test_a_running_class_s_page_leads_to_its_check_in(client, frankie, lindy_2):
    page = html_of(signed_in(client, frankie).get(url("class", lindy_2.pk)))
    assert f'href="{reverse("check_in_class", args=[lindy_2.pk])}"' in page


def test_before_a_class_starts_its_roster_says_nothing_of_attendance(client, frankie, sessions):
    december = ClassOfferFactory(session=sessions["December"], teachers=[frankie])
    RegistrationFactory(class_offer=december)

    students = listing_of(signed_in(client, frankie).get(url("class", december.pk)), "Students")

    assert students[0]["Came"] == ""


def listing_of(response, heading):
    """The rows of the table in the section headed `heading` (Running now, Students, Waitlist...)."""
    soup = WagtailTestUtils.get_soup(response.content)
    section = soup.find("h2", string=lambda text: text and text.strip().startswith(heading)).find_parent("section")
    headings = [cell.get_text(" ", strip=True) for cell in section.select("thead th")]
    return [
        dict(zip(headings, [cell.get_text(" ", strip=True) for cell in row.select("td")], strict=True))
        for row in section.select("tbody tr")
    ]


def test_the_roster_takes_as_many_queries_for_30_students_as_for_3(
    client, frankie, lindy_2, levels, sessions, django_assert_max_num_queries
):
    earlier = ClassOfferFactory(
        subject=SubjectPageFactory(title="Beginning B", level=levels["Beginning"]), session=sessions["September"]
    )

    def register(count):
        for number in range(count):
            registration = RegistrationFactory(class_offer=lindy_2, dance_role=["lead", "follow"][number % 2])
            RegistrationFactory(attendee=registration.attendee, class_offer=earlier)
            came(registration, 1)
        RegistrationFactory(class_offer=lindy_2, status=Registration.Status.WAITLISTED)

    client = signed_in(client, frankie)
    register(3)
    client.get(url("class", lindy_2.pk))  # warm up caches of permissions and content types
    with django_assert_max_num_queries(25) as three:
        client.get(url("class", lindy_2.pk))

    register(27)
    with django_assert_max_num_queries(len(three.captured_queries)):
        response = client.get(url("class", lindy_2.pk))
    assert len(listing_of(response, "Students")) == 30


def test_the_list_takes_as_many_queries_for_30_classes_as_for_3(
    admin_client, frankie, sessions, django_assert_max_num_queries
):
    def add_classes(count):
        for _ in range(count):
            offer = ClassOfferFactory(session=sessions["November"], teachers=[frankie, TeacherFactory()])
            RegistrationFactory(class_offer=offer)

    add_classes(3)
    admin_client.get(url("index"))  # warm up caches of permissions and content types
    with django_assert_max_num_queries(25) as three:
        admin_client.get(url("index"))

    add_classes(27)
    with django_assert_max_num_queries(len(three.captured_queries)):
        response = admin_client.get(url("index"))
    assert len(listing_of(response, "Running now")) == 30


def test_a_student_s_history_takes_as_many_queries_for_30_classes_as_for_3(
    client, frankie, lindy_2, ann, django_assert_max_num_queries
):
    weeks = itertools.count(start=10, step=7)

    def add_classes(count):
        """Classes in sessions seven weeks apart, the latest ten weeks ago."""
        for _ in range(count):
            session = SessionFactory(key_day_date=D(2026, 11, 5) - datetime.timedelta(weeks=next(weeks)))
            offer = ClassOfferFactory(session=session, teachers=[TeacherFactory()])
            RegistrationFactory(attendee=ann, class_offer=offer)

    client = signed_in(client, frankie)
    client.get(url("student", lindy_2.pk, ann.pk))
    with django_assert_max_num_queries(25) as few:
        client.get(url("student", lindy_2.pk, ann.pk))

    add_classes(28)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url("student", lindy_2.pk, ann.pk))
    assert len(listing(response)) == 30


def test_the_class_shows_its_plan_and_syllabus_and_the_syllabi_of_the_levels_below(
    client, frankie, lindy_2, levels, normas_class
):
    SubjectPageFactory(title="Beginning C", level=levels["Beginning"], syllabus="<p>Six-count turns.</p>")
    SubjectPageFactory(title="Shim Sham", level=levels["Workshop"], syllabus="<p>The whole routine.</p>")

    page = html_of(signed_in(client, frankie).get(url("class", lindy_2.pk)))

    assert "Swing outs with style." in page  # the plan
    assert "the Texas Tommy" in page  # the syllabus
    assert "Six-count turns." in page  # Beginning's, below Lindy 2
    assert "Swing out variations." not in page  # Lindy 3's is above it
    assert "The whole routine." not in page  # a workshop is outside the progression


def test_a_class_offer_s_own_plan_and_syllabus_win_for_that_run(client, frankie, lindy_2):
    lindy_2.class_plan = "<p>This run: more Charleston.</p>"
    lindy_2.syllabus = "<p>This run: tandem Charleston.</p>"
    lindy_2.save()

    page = html_of(signed_in(client, frankie).get(url("class", lindy_2.pk)))

    assert "This run: more Charleston." in page
    assert "This run: tandem Charleston." in page
    assert "Swing outs with style." not in page
    assert "the Texas Tommy" not in page


def test_an_admin_gives_a_class_offer_its_own_plan_in_the_class_offer_form(admin_client, lindy_2):
    response = admin_client.get(reverse("wagtailsnippets_classes_classoffer:edit", args=[lindy_2.pk]))
    assert 'name="class_plan"' in html_of(response)
    assert 'name="syllabus"' in html_of(response)


def test_a_teacher_reads_the_plan_here_but_still_may_not_edit_the_subject(client, frankie, lindy_2):
    client = signed_in(client, frankie)
    assert refused(client.get(reverse("wagtailadmin_pages:edit", args=[lindy_2.subject.pk])))
    assert "Swing outs with style." in html_of(client.get(url("class", lindy_2.pk)))


# A student's class history


def test_a_student_s_history_lists_every_class_they_took_with_attendance(client, frankie, lindy_2, ann, sessions):
    RegistrationFactory(attendee=ann, class_offer=ClassOfferFactory(session=sessions["December"]))  # not started
    RegistrationFactory(attendee=ann, class_offer=ClassOfferFactory(session=sessions["September"]), status="cancelled")

    response = signed_in(client, frankie).get(url("student", lindy_2.pk, ann.pk))

    rows = listing(response)
    assert [(row["Class"], row["Came"]) for row in rows] == [("Lindy 2 A", "1 of 2"), ("Beginning A", "Not checked in")]
    assert rows[0]["Teachers"] == "Frankie Manning"
    assert "Beginning: A · Lindy 2: A · 2 classes since 2026" in html_of(response)


def test_a_teacher_can_t_read_the_history_of_someone_not_in_the_class(client, frankie, lindy_2, normas_class):
    elsewhere = RegistrationFactory(class_offer=normas_class).attendee
    cancelled = RegistrationFactory(class_offer=lindy_2, status=Registration.Status.CANCELLED).attendee
    client = signed_in(client, frankie)
    assert client.get(url("student", lindy_2.pk, elsewhere.pk)).status_code == 404
    assert client.get(url("student", lindy_2.pk, cancelled.pk)).status_code == 404


def test_an_admin_reads_anyone_s_history(admin_client, lindy_2, normas_class):
    elsewhere = RegistrationFactory(class_offer=normas_class).attendee
    assert admin_client.get(url("student", lindy_2.pk, elsewhere.pk)).status_code == 200


# Notes


def test_each_saved_version_of_the_notes_is_kept_with_its_author_and_time(client, frankie, lindy_2, time_machine):
    client = signed_in(client, frankie)
    client.post(url("notes", lindy_2.pk), {"body": rich_text("Warm up with the Shim Sham.", "Swing outs.")})
    time_machine.move_to(TODAY + datetime.timedelta(days=7), tick=False)
    response = client.post(url("notes", lindy_2.pk), {"body": rich_text("Swing outs.", "Bob needs a hand.")})

    assert response.status_code == 302
    assert response.url == url("class", lindy_2.pk)
    versions = versions_of(ClassNotes.objects.get(class_offer=lindy_2))
    assert [version.user for version in versions] == [frankie, frankie]
    assert versions[0].created_at - versions[1].created_at == datetime.timedelta(days=7)
    assert "Bob needs a hand." in html_of(client.get(url("class", lindy_2.pk)))
    rows = listing(client.get(url("versions", lindy_2.pk)))
    assert [(row["Version"], row["Written by"]) for row in rows] == [
        ("Version 2", "Frankie Manning"),
        ("Version 1", "Frankie Manning"),
    ]
    assert ModelLogEntry.objects.filter(action="wagtail.edit", user=frankie).count() == 2


def test_a_version_is_compared_with_the_plan_and_with_the_version_before(client, frankie, lindy_2):
    save_class_notes(lindy_2, "<p>Warm up with the Shim Sham.</p><p>Swing outs.</p>", by=frankie)
    latest = save_class_notes(lindy_2, "<p>Swing outs with style.</p><p>Bob needs a hand.</p>", by=frankie)

    response = signed_in(client, frankie).get(url("version", lindy_2.pk, latest.pk))

    with_plan, with_previous = WagtailTestUtils.get_soup(response.content).select(".comparison")
    assert marked(with_plan, "deletion") == ["Warm up with the Shim Sham."]  # in the plan, not in the notes
    assert marked(with_plan, "addition") == ["Bob needs a hand."]
    assert "with style" in " ".join(marked(with_previous, "addition"))
    assert "Warm up" in " ".join(marked(with_previous, "deletion"))


def marked(comparison, kind):
    """The words a comparison marks as added or taken out."""
    return [span.get_text().strip() for span in comparison.select(f"span.{kind}")]


def test_saving_the_same_notes_again_keeps_no_new_version(frankie, lindy_2):
    assert save_class_notes(lindy_2, "<p>Swing outs.</p>", by=frankie) is not None
    assert save_class_notes(lindy_2, "<p>Swing outs.</p>", by=frankie) is None
    assert len(versions_of(ClassNotes.objects.get(class_offer=lindy_2))) == 1


def test_a_version_of_another_class_s_notes_is_not_found(client, frankie, norma, lindy_2, normas_class):
    theirs = save_class_notes(normas_class, "<p>Secret plans.</p>", by=norma)
    assert signed_in(client, frankie).get(url("version", lindy_2.pk, theirs.pk)).status_code == 404


def rich_text(*paragraphs):
    """What Wagtail's rich text editor posts for these paragraphs (its contentstate JSON)."""
    blocks = [
        {"key": f"k{n}", "type": "unstyled", "depth": 0, "text": text, "inlineStyleRanges": [], "entityRanges": []}
        for n, text in enumerate(paragraphs)
    ]
    return json.dumps({"blocks": blocks, "entityMap": {}})


# Who may see what


VIEWS = ["index", "class", "student", "notes", "versions", "version"]


def view_url(name, class_offer, student, version):
    return {
        "index": url("index"),
        "class": url("class", class_offer.pk),
        "student": url("student", class_offer.pk, student.pk),
        "notes": url("notes", class_offer.pk),
        "versions": url("versions", class_offer.pk),
        "version": url("version", class_offer.pk, version.pk),
    }[name]


@pytest.fixture
def a_notes_version(lindy_2, frankie):
    return save_class_notes(lindy_2, "<p>Swing outs.</p>", by=frankie)


@pytest.mark.parametrize("view", VIEWS)
def test_anonymous_visitors_are_sent_to_log_in(client, view, lindy_2, ann, a_notes_version):
    response = client.get(view_url(view, lindy_2, ann, a_notes_version))
    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))


@pytest.mark.parametrize("view", VIEWS)
def test_students_can_t_enter(client, view, lindy_2, ann, a_notes_version):
    response = signed_in(client, ann).get(view_url(view, lindy_2, ann, a_notes_version))
    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))


@pytest.mark.parametrize("view", VIEWS)
def test_the_teacher_of_the_class_sees_it(client, view, frankie, lindy_2, ann, a_notes_version):
    assert signed_in(client, frankie).get(view_url(view, lindy_2, ann, a_notes_version)).status_code == 200


@pytest.mark.parametrize("view", VIEWS)
def test_an_admin_sees_every_class(admin_client, view, lindy_2, ann, a_notes_version):
    assert admin_client.get(view_url(view, lindy_2, ann, a_notes_version)).status_code == 200


@pytest.mark.parametrize("view", VIEWS[1:])
def test_another_teacher_finds_nothing(client, view, norma, normas_class, lindy_2, ann, a_notes_version):
    response = signed_in(client, norma).get(view_url(view, lindy_2, ann, a_notes_version))
    assert response.status_code == 404


def test_another_teacher_s_list_leaves_the_class_out(client, norma, normas_class, lindy_2):
    rows = listing_of(signed_in(client, norma).get(url("index")), "Running now")
    assert [row["Class"] for row in rows] == ["Lindy 3 B"]


def test_another_teacher_can_t_write_in_the_notes(client, norma, normas_class, lindy_2):
    response = signed_in(client, norma).post(url("notes", lindy_2.pk), {"body": rich_text("Mine now.")})
    assert response.status_code == 404
    assert not ClassNotes.objects.filter(class_offer=lindy_2).exists()


@pytest.mark.parametrize("view", VIEWS[1:])
def test_a_teacher_who_left_the_teachers_role_finds_their_old_class_no_more(
    client, view, frankie, lindy_2, ann, a_notes_version
):
    frankie.groups.clear()
    frankie.user_permissions.add(Permission.objects.get(codename="access_admin"))
    response = signed_in(client, frankie).get(view_url(view, lindy_2, ann, a_notes_version))
    assert response.status_code == 404


@pytest.mark.parametrize("view", VIEWS)
def test_the_front_desk_finds_no_class(client, view, lindy_2, ann, a_notes_version):
    front_desk = UserFactory(groups=[FRONT_DESK])
    response = signed_in(client, front_desk).get(view_url(view, lindy_2, ann, a_notes_version))
    assert refused(response) if view == "index" else response.status_code == 404


# The site's header and account page


def test_the_site_header_links_a_signed_in_teacher_to_my_classes(client, frankie, ann):
    assert signed_in(client, frankie).get("/register/visitor.json").json()["my_classes_url"] == url("index")
    assert "my_classes_url" not in signed_in(client, ann).get("/register/visitor.json").json()


def test_a_teacher_s_account_page_links_to_my_classes(client, frankie):
    page = html_of(signed_in(client, frankie).get("/account/"))
    assert f'href="{url("index")}"' in page


def test_a_student_s_account_page_has_no_teaching_section(client, ann):
    assert "Your teaching" not in html_of(signed_in(client, ann).get("/account/"))


def test_notes_that_didn_t_come_from_the_editor_are_refused_with_a_message(client, frankie, lindy_2):
    response = signed_in(client, frankie).post(url("notes", lindy_2.pk), {"body": "<p>not the editor's</p>"})

    assert "The notes didn't come through from the editor" in html_of(response)
    assert not ClassNotes.objects.exists()


def test_an_admin_reading_a_teacher_s_account_page_gets_no_link_to_my_classes(admin_client, frankie):
    page = html_of(admin_client.get(reverse("view_as_home", args=[frankie.pk])))
    assert "Your teaching" not in page


def test_the_dashboard_links_a_teacher_s_classes_of_the_week_to_my_classes(client, frankie, lindy_2):
    page = html_of(signed_in(client, frankie).get(reverse("wagtailadmin_home")))
    assert f'href="{url("class", lindy_2.pk)}"' in page
