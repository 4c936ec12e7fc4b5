"""Copying a session's classes into the next session: the rule, then the admin action."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from accounts.roles import ADMINS, STUDENTS
from classes.models import ClassOffer
from classes.services.schedule import NoNextSession, copy_class_offers, plan_class_copy
from tests.factories import ClassOfferFactory, LocationFactory, SessionFactory, TeacherFactory, UserFactory

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
