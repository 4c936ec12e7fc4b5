"""Copying a session's classes into the next session: the rule, then the admin action."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from wagtail.test.utils import WagtailTestUtils

from accounts.roles import ADMINS, STUDENTS
from classes.models import ClassOffer
from classes.services.schedule import NoNextSession, copy_class_offers, next_versions, plan_class_copy
from tests.factories import (
    ClassOfferFactory,
    LevelFactory,
    LocationFactory,
    SessionFactory,
    SubjectPageFactory,
    TeacherFactory,
    UserFactory,
)
from tests.pages import shown_messages

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def _school_settings(settings):
    settings.SESSION_MINIMUM_WEEKS = 3
    settings.ASSUME_CLASS_APPROVE = False


@pytest.fixture
def january():
    """Key day Thursday Jan 8 2026, classes Tuesday to Thursday."""
    return SessionFactory(name="January 2026", key_day_date=D(2026, 1, 8), max_day_shift=-2)


@pytest.fixture
def february():
    """Key day Thursday Feb 19 2026, classes on Thursdays only."""
    return SessionFactory(name="February 2026", key_day_date=D(2026, 2, 19), max_day_shift=0)


@pytest.fixture
def school_admin():
    return UserFactory(groups=[ADMINS])


def copy_url(session):
    return reverse("wagtailsnippets_classes_session:copy_classes", args=[session.pk])


# The rule


def test_a_copy_keeps_everything_but_the_session_and_waits_for_approval(january, february, school_admin):
    teachers = [TeacherFactory(), TeacherFactory()]
    original = ClassOfferFactory(
        session=january,
        class_day=3,
        start_time=datetime.time(19, 30),
        location=LocationFactory(name="Century Ballroom"),
        capacity=30,
        price_override=Decimal("80.00"),
        note="Partner rotation.",
        teachers=teachers,
    )

    result = copy_class_offers(january, user=school_admin)

    assert result.to_session == february
    assert result.skipped == []
    [copy] = result.copied
    assert copy.pk != original.pk
    assert copy.session == february
    for field in ["subject", "location", "class_day", "start_time", "capacity", "price_override", "note"]:
        assert getattr(copy, field) == getattr(original, field), field
    assert set(copy.teachers.all()) == set(teachers)
    assert not copy.live
    assert copy.get_latest_revision().user == school_admin
    assert copy.workflow_in_progress
    assert copy.current_workflow_state.workflow.name == "Admin approval"
    assert copy.meeting_dates()[0] == D(2026, 2, 19)


def test_copies_go_live_at_once_when_the_school_assumes_approval(january, february, settings):
    settings.ASSUME_CLASS_APPROVE = True
    ClassOfferFactory(session=january, class_day=3)

    [copy] = copy_class_offers(january).copied

    copy.refresh_from_db()
    assert copy.live
    assert not copy.workflow_in_progress
    assert ClassOffer.objects.filter(session=february).public(on=february.publish_date).count() == 1


def test_classes_already_in_the_next_session_or_outside_its_days_are_skipped_with_a_reason(january, february):
    thursday = ClassOfferFactory(session=january, class_day=3)
    ClassOfferFactory(session=february, subject=thursday.subject, class_day=3)
    tuesday = ClassOfferFactory(session=january, class_day=1)
    wednesday = ClassOfferFactory(session=january, class_day=2, subject=thursday.subject)
    other_thursday = ClassOfferFactory(session=january, class_day=3)

    result = copy_class_offers(january)

    assert [copy.subject for copy in result.copied] == [other_thursday.subject]
    assert [(skipped.class_offer, skipped.reason) for skipped in result.skipped] == [
        (tuesday, "Tuesday is outside the days of February 2026: Thu Feb 19, 2026 only (Thu)."),
        (wednesday, "Wednesday is outside the days of February 2026: Thu Feb 19, 2026 only (Thu)."),
        (thursday, f"{thursday.subject.title} already runs on Thursdays in February 2026."),
    ]
    assert ClassOffer.objects.filter(session=february).count() == 2


def test_the_next_session_is_the_next_regular_one(january, february):
    SessionFactory(name="Balboa weekend", key_day_date=D(2026, 2, 14), max_day_shift=1, num_weeks=1)
    ClassOfferFactory(session=january, class_day=3)

    assert plan_class_copy(january).to_session == february


def test_copying_into_a_chosen_session(january, february):
    march = SessionFactory(name="March 2026", key_day_date=D(2026, 4, 2), max_day_shift=-2)
    ClassOfferFactory(session=january, class_day=1)

    result = copy_class_offers(january, march)

    assert [copy.session for copy in result.copied] == [march]


def test_without_a_next_session_there_is_nothing_to_copy_into(february):
    ClassOfferFactory(session=february, class_day=3)

    with pytest.raises(NoNextSession, match="There is no regular session after February 2026"):
        copy_class_offers(february)
    assert ClassOffer.objects.count() == 1


def test_other_admins_are_asked_to_approve_the_copies(
    january, february, school_admin, mailoutbox, django_capture_on_commit_callbacks
):
    reviewer = UserFactory(groups=[ADMINS])
    ClassOfferFactory(session=january, class_day=3)

    with django_capture_on_commit_callbacks(execute=True):
        copy_class_offers(january, user=school_admin)

    assert [message.to for message in mailoutbox] == [[reviewer.email]]


# Each copy teaches the next version


@pytest.fixture
def beginning():
    """Beginning A, B, C and D, each a live subject page."""
    level = LevelFactory(name="Beginning")
    return {v: SubjectPageFactory(title=f"Beginning {v}", level=level, version=v) for v in "ABCD"}


def test_each_version_is_followed_by_the_next_and_d_by_a(beginning):
    following = next_versions(list(beginning.values()))

    assert {beginning[v].pk: following[beginning[v].pk].title for v in "ABCD"} == {
        beginning["A"].pk: "Beginning B",
        beginning["B"].pk: "Beginning C",
        beginning["C"].pk: "Beginning D",
        beginning["D"].pk: "Beginning A",
    }


def test_a_level_without_some_versions_rotates_through_those_it_has():
    level = LevelFactory(name="Lindy 2")
    lindy_a = SubjectPageFactory(title="Lindy 2 A", level=level, version="A")
    lindy_c = SubjectPageFactory(title="Lindy 2 C", level=level, version="C")

    following = next_versions([lindy_a, lindy_c])

    assert following == {lindy_a.pk: lindy_c, lindy_c.pk: lindy_a}


def test_one_off_subjects_and_levels_with_one_version_keep_their_subject(beginning):
    shim_sham = SubjectPageFactory(title="Shim Sham", level=LevelFactory(name="Workshops"), version="NA")
    only_one = SubjectPageFactory(title="Balboa 1 A", level=LevelFactory(name="Balboa 1"), version="A")

    assert next_versions([shim_sham, only_one]) == {shim_sham.pk: shim_sham, only_one.pk: only_one}


def test_a_next_version_not_yet_published_is_passed_over(beginning):
    beginning["B"].unpublish()

    assert next_versions([beginning["A"]])[beginning["A"].pk] == beginning["C"]


def test_the_copies_teach_the_next_version_unless_another_subject_is_chosen(january, february, beginning):
    thursday = ClassOfferFactory(session=january, class_day=3, subject=beginning["D"])
    tuesday = ClassOfferFactory(session=january, class_day=1, subject=beginning["A"])
    march = SessionFactory(name="March 2026", key_day_date=D(2026, 4, 2), max_day_shift=-2)

    assert [planned.subject for planned in plan_class_copy(january, march).to_copy] == [
        beginning["B"],
        beginning["A"],
    ]
    result = copy_class_offers(january, march, subjects={thursday.pk: beginning["C"]})

    assert {(copy.class_day, copy.subject.title) for copy in result.copied} == {(1, "Beginning B"), (3, "Beginning C")}
    assert tuesday.subject == beginning["A"]  # the original is left alone


def test_a_next_version_already_running_that_day_is_skipped_with_a_reason(january, february, beginning):
    ClassOfferFactory(session=january, class_day=3, subject=beginning["A"])
    ClassOfferFactory(session=february, class_day=3, subject=beginning["B"])

    result = copy_class_offers(january)

    assert result.copied == []
    assert [skipped.reason for skipped in result.skipped] == ["Beginning B already runs on Thursdays in February 2026."]


def test_two_classes_chosen_to_teach_one_subject_on_one_day_copy_once(january, february, beginning):
    first = ClassOfferFactory(session=january, class_day=3, subject=beginning["A"], start_time=datetime.time(19))
    second = ClassOfferFactory(session=january, class_day=3, subject=beginning["C"], start_time=datetime.time(20))

    result = copy_class_offers(january, subjects={first.pk: beginning["B"], second.pk: beginning["B"]})

    assert [copy.subject for copy in result.copied] == [beginning["B"]]
    assert [(skipped.class_offer, skipped.reason) for skipped in result.skipped] == [
        (second, "Beginning B already runs on Thursdays in February 2026.")
    ]


# Publishing the copies at once


def test_copies_published_at_once_are_live_and_nobody_is_asked_to_approve_them(
    january, february, school_admin, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(groups=[ADMINS])  # another admin, who would be asked
    ClassOfferFactory(session=january, class_day=3)

    with django_capture_on_commit_callbacks(execute=True):
        result = copy_class_offers(january, user=school_admin, publish=True)

    [copy] = result.copied
    copy.refresh_from_db()
    assert copy.live
    assert not copy.workflow_in_progress
    assert result.published.published == [copy]
    assert mailoutbox == []


def test_copies_stay_waiting_for_approval_when_their_copier_may_not_publish(january, february):
    ClassOfferFactory(session=january, class_day=3)
    planners = Group.objects.create(name="Planners")
    planners.permissions.set(Permission.objects.filter(codename__in=["access_admin", "add_classoffer"]))
    planner = UserFactory(groups=["Planners"])

    [copy] = copy_class_offers(january, user=planner, publish=True).copied

    copy.refresh_from_db()
    assert not copy.live
    assert copy.workflow_in_progress


# The admin action


def test_the_sessions_listing_and_edit_page_offer_to_copy_classes(client, january, school_admin):
    client.force_login(school_admin)

    listing = client.get(reverse("wagtailsnippets_classes_session:list")).content.decode()
    edit_page = client.get(reverse("wagtailsnippets_classes_session:edit", args=[january.pk])).content.decode()

    for html in [listing, edit_page]:
        assert "Copy classes to next session" in html
        assert copy_url(january) in html


def test_the_admin_sees_what_will_be_copied_before_copying(client, january, february, school_admin):
    ClassOfferFactory(session=january, class_day=3, subject__title="Lindy Hop 1A")
    ClassOfferFactory(session=january, class_day=1, subject__title="Balboa 1")
    client.force_login(school_admin)

    response = client.get(copy_url(january))

    html = response.content.decode()
    assert "To be copied (1)" in html
    assert "Lindy Hop 1A, Thursdays at 7 p.m." in html
    assert "Not copied (1)" in html
    assert "Balboa 1, Tuesdays: Tuesday is outside the days of February 2026" in html
    assert "waits for an admin's approval" in html
    assert ClassOffer.objects.filter(session=february).count() == 0


def test_the_admin_copies_the_classes_and_sees_them_in_the_next_session(client, january, february, school_admin):
    ClassOfferFactory(session=january, class_day=3, subject__title="Lindy Hop 1A")
    ClassOfferFactory(session=january, class_day=1, subject__title="Balboa 1")
    client.force_login(school_admin)

    response = client.post(copy_url(january), follow=True)

    class_offers_url = reverse("wagtailsnippets_classes_classoffer:list")
    assert response.redirect_chain == [(f"{class_offers_url}?session={february.pk}", 302)]
    assert [str(offer) for offer in response.context["object_list"]] == ["Lindy Hop 1A, February 2026 (Thursdays)"]
    messages = [str(message).strip() for message in response.context["messages"]]
    assert messages == [
        "Copied 1 class from January 2026 into February 2026. Skipped 1: Tuesday is outside the days of "
        "February 2026: Thu Feb 19, 2026 only (Thu)."
    ]


def test_without_a_next_session_the_admin_is_told_to_add_one(client, february, school_admin):
    client.force_login(school_admin)

    response = client.get(copy_url(february), follow=True)

    assert response.redirect_chain == [(reverse("wagtailsnippets_classes_session:list"), 302)]
    messages = [str(message).strip() for message in response.context["messages"]]
    assert messages == [
        "There is no regular session after February 2026 to copy its classes into. Add the next session first."
    ]


def test_copying_needs_the_csrf_token(january, february, school_admin):
    ClassOfferFactory(session=january, class_day=3)
    client = Client(enforce_csrf_checks=True)
    client.force_login(school_admin)

    assert client.post(copy_url(january)).status_code == 403
    assert ClassOffer.objects.filter(session=february).count() == 0


def test_only_those_who_may_add_class_offers_can_copy_them(client, january, february):
    ClassOfferFactory(session=january, class_day=3)

    assert client.post(copy_url(january)).url.startswith(reverse("wagtailadmin_login"))

    client.force_login(UserFactory(groups=[STUDENTS]))
    assert client.post(copy_url(january)).url.startswith(reverse("wagtailadmin_login"))

    client.force_login(TeacherFactory())
    response = client.post(copy_url(january))
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")

    assert ClassOffer.objects.filter(session=february).count() == 0


def test_copying_classes_of_a_session_that_does_not_exist_is_not_found(client, school_admin):
    client.force_login(school_admin)

    assert client.get(reverse("wagtailsnippets_classes_session:copy_classes", args=[999])).status_code == 404


def copy_page(client, session):
    return WagtailTestUtils.get_soup(client.get(copy_url(session)).content)


def test_the_copy_page_proposes_the_next_version_on_each_line_with_a_subject_picker(
    client, january, february, school_admin, beginning
):
    thursday = ClassOfferFactory(session=january, class_day=3, subject=beginning["D"])
    client.force_login(school_admin)

    page = copy_page(client, january)

    picker = page.select_one(f"select[name=subject_{thursday.pk}]")
    assert picker.select_one("option[selected]").get_text(strip=True) == "Beginning A"
    assert {option.get_text(strip=True) for option in picker.select("option")} >= {f"Beginning {v}" for v in "ABCD"}
    assert page.select_one("input[name=publish]") is not None


def test_the_admin_picks_another_subject_and_publishes_the_copies_now(
    client, january, february, school_admin, beginning
):
    thursday = ClassOfferFactory(session=january, class_day=3, subject=beginning["A"])
    client.force_login(school_admin)

    response = client.post(copy_url(january), {f"subject_{thursday.pk}": beginning["D"].pk, "publish": "on"})

    [copy] = ClassOffer.objects.filter(session=february)
    assert copy.subject == beginning["D"]
    assert copy.live
    assert shown_messages(response) == [
        "Copied 1 class from January 2026 into February 2026. Approved and published 1 class offer."
    ]


def test_a_subject_that_is_not_offered_is_refused_with_a_message_and_nothing_is_copied(
    client, january, february, school_admin
):
    thursday = ClassOfferFactory(session=january, class_day=3)
    client.force_login(school_admin)

    response = client.post(copy_url(january), {f"subject_{thursday.pk}": "99999"})

    assert response.status_code == 200
    assert shown_messages(response) == ["Choose one of the listed subjects for each copy."]
    assert ClassOffer.objects.filter(session=february).count() == 0


def test_there_is_no_publishing_choice_when_the_school_assumes_approval_or_for_those_who_may_not_publish(
    client, january, february, school_admin, settings
):
    ClassOfferFactory(session=january, class_day=3)
    planners = Group.objects.create(name="Planners")
    planners.permissions.set(Permission.objects.filter(codename__in=["access_admin", "add_classoffer"]))

    client.force_login(UserFactory(groups=["Planners"]))
    assert copy_page(client, january).select_one("input[name=publish]") is None

    settings.ASSUME_CLASS_APPROVE = True
    client.force_login(school_admin)
    assert copy_page(client, january).select_one("input[name=publish]") is None


def test_the_copy_page_takes_as_many_queries_for_thirty_classes_as_for_three(
    client, january, february, school_admin, beginning, django_assert_max_num_queries
):
    def add_classes(count, start):
        for number in range(start, start + count):
            subject = beginning["ABCD"[number % 4]] if number < 4 else SubjectPageFactory(version="B")
            ClassOfferFactory(
                session=january,
                class_day=3,
                subject=subject,
                start_time=datetime.time(8 + number // 4, 15 * (number % 4)),
                teachers=[TeacherFactory()],
            )

    add_classes(3, start=0)
    client.force_login(school_admin)
    client.get(copy_url(january))  # warm up caches of permissions and content types
    with django_assert_max_num_queries(20) as three_classes:
        client.get(copy_url(january))

    add_classes(27, start=3)
    with django_assert_max_num_queries(len(three_classes.captured_queries)):
        page = copy_page(client, january)
    assert len(page.select("select[name^=subject_]")) == 30
