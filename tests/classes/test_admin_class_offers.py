"""Class offers, levels and locations in the Wagtail admin."""

import datetime
import re
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import ModelLogEntry
from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import querydict_from_html

from accounts.roles import ADMINS, STUDENTS
from classes.models import ClassOffer, Level, Location, SubjectPage
from tests.factories import (
    ClassOfferFactory,
    LevelFactory,
    LocationFactory,
    SessionFactory,
    SubjectPageFactory,
    TeacherFactory,
    UserFactory,
)
from tests.pages import listing, refused, shown_messages

pytestmark = pytest.mark.django_db

D = datetime.date


def url(model, name, *args):
    return reverse(f"wagtailsnippets_classes_{model}:{name}", args=args)


def form_errors(response):
    return {name: " ".join(errors) for name, errors in response.context["form"].errors.items()}


@pytest.fixture
def session():
    """Key day Thursday Jan 3 2030, classes Tuesday to Thursday, five weeks."""
    return SessionFactory(name="January 2030", slug="january-2030", key_day_date=D(2030, 1, 3), max_day_shift=-2)


def class_offer_form(session, **fields):
    values = {
        "subject": SubjectPageFactory(title="Lindy Hop 1A").pk,
        "session": session.pk,
        "location": LocationFactory().pk,
        "teachers": [TeacherFactory().pk],
        "class_day": "3",
        "start_time": "19:00",
        "capacity": "24",
        "price_override": "",
        "note": "Bring clean shoes.",
    }
    return {**values, **fields}


# The listing


def test_the_class_offers_listing_shows_when_where_who_and_how_many(admin_client, session):
    ClassOfferFactory(
        session=session,
        subject=SubjectPageFactory(title="Lindy Hop 2", level=LevelFactory(name="Lindy 2"), version="B"),
        class_day=2,
        start_time=datetime.time(20, 15),
        capacity=18,
        teachers=[TeacherFactory(first_name="Frankie", last_name="Manning")],
        live=False,
    )

    [row] = listing(admin_client.get(url("classoffer", "list")))

    assert row.pop("Subject").startswith("Lindy Hop 2")
    assert row == {
        "Session": "January 2030",
        "Level": "Lindy 2 B",
        "Day": "Wednesday",
        "Start time": "8:15 p.m.",
        "First class": "Wed Jan 2, 2030",
        "Last class": "Wed Jan 30, 2030",
        "Teachers": "Frankie Manning",
        "Seats": "Students (0/18)",
        "Status": "draft",
    }


def test_the_listing_takes_as_many_queries_for_thirty_classes_as_for_five(
    admin_client, session, django_assert_max_num_queries
):
    def add_classes(count):
        for _ in range(count):
            ClassOfferFactory(session=session, teachers=[TeacherFactory(), TeacherFactory()])

    add_classes(5)
    published, submitted = ClassOffer.objects.all()[:2]
    published.save_revision().publish()
    submitted.save_revision()
    submitted.get_workflow().start(submitted, user=None)
    admin_client.get(url("classoffer", "list"))  # warm up caches of permissions and content types
    with django_assert_max_num_queries(20) as five_classes:
        admin_client.get(url("classoffer", "list"))

    add_classes(25)
    with django_assert_max_num_queries(len(five_classes.captured_queries)):
        response = admin_client.get(url("classoffer", "list"))
    assert len(response.context["object_list"]) == 30


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"Charleston, January", "Balboa, January", "Charleston, March"}),
        ({"session": "january"}, {"Charleston, January", "Balboa, January"}),
        ({"level": "solo"}, {"Charleston, January", "Charleston, March"}),
        ({"class_day": "1"}, {"Balboa, January"}),
    ],
)
def test_the_listing_filters_by_session_level_and_day(admin_client, session, query, expected):
    march = SessionFactory(name="March 2030", key_day_date=D(2030, 3, 7))
    solo = LevelFactory(name="Solo")
    charleston = SubjectPageFactory(title="Charleston", level=solo)
    ClassOfferFactory(subject=charleston, session=session, class_day=3)
    ClassOfferFactory(subject=SubjectPageFactory(title="Balboa"), session=session, class_day=1)
    ClassOfferFactory(subject=charleston, session=march, class_day=3)
    ids = {"january": session.pk, "solo": solo.pk}
    query = {name: ids.get(value, value) for name, value in query.items()}

    response = admin_client.get(url("classoffer", "list"), query)

    shown = {f"{offer.subject.title}, {offer.session.name.split()[0]}" for offer in response.context["object_list"]}
    assert shown == expected


# Adding and editing


def test_the_class_offer_form_asks_for_a_subject_page_and_only_teachers_teach(admin_client, session):
    teacher = TeacherFactory()
    student = UserFactory(groups=[STUDENTS])

    form = admin_client.get(url("classoffer", "add")).context["form"]

    assert list(form.fields) == [
        "subject",
        "session",
        "location",
        "teachers",
        "class_day",
        "start_time",
        "capacity",
        "price_override",
        "note",
        "class_plan",
        "syllabus",
    ]
    assert form.fields["subject"].widget.target_models == [SubjectPage]
    assert set(form.fields["teachers"].queryset) == {teacher}
    assert student not in form.fields["teachers"].queryset


def test_a_new_class_offer_waits_for_approval_unless_the_school_assumes_it(admin_client, session, settings):
    settings.ASSUME_CLASS_APPROVE = False

    response = admin_client.post(url("classoffer", "add"), class_offer_form(session))

    assert response.status_code == 302, form_errors(response)
    class_offer = ClassOffer.objects.get()
    assert not class_offer.live
    assert class_offer.teachers.count() == 1
    assert class_offer.note == "Bring clean shoes."
    assert class_offer.get_latest_revision() is not None


def test_a_new_class_offer_starts_live_when_the_school_assumes_approval(admin_client, session, settings):
    settings.ASSUME_CLASS_APPROVE = True

    response = admin_client.post(url("classoffer", "add"), class_offer_form(session))

    assert response.status_code == 302, form_errors(response)
    class_offer = ClassOffer.objects.get()
    assert class_offer.live
    assert not class_offer.has_unpublished_changes
    assert class_offer.subject.title == "Lindy Hop 1A"


def test_a_class_offer_submitted_for_approval_goes_live_when_another_admin_approves(client, session, settings):
    settings.ASSUME_CLASS_APPROVE = False
    client.force_login(UserFactory(groups=[ADMINS]))
    client.post(url("classoffer", "add"), {**class_offer_form(session), "action-submit": "1"})
    class_offer = ClassOffer.objects.get()
    assert class_offer.workflow_in_progress
    assert not class_offer.live
    task_state = class_offer.current_workflow_task_state

    client.force_login(UserFactory(groups=[ADMINS]))
    response = client.post(
        url("classoffer", "workflow_action", class_offer.pk, "approve", task_state.pk), {"comment": ""}
    )

    assert response.status_code == 302
    class_offer.refresh_from_db()
    assert class_offer.live
    assert not class_offer.workflow_in_progress


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"class_day": "5"},
            "class_day",
            "Saturday is outside the days of January 2030: Tue Jan 1, 2030 to Thu Jan 3, 2030 (Tue, Wed, Thu). "
            "Pick one of those days, or change the session's day shift.",
        ),
        ({"capacity": "-3"}, "capacity", "Ensure this value is greater than or equal to 0."),
        ({"capacity": "0"}, "capacity", "Ensure this value is greater than or equal to 1."),
        ({"price_override": "-5.00"}, "price_override", "Ensure this value is greater than or equal to 0."),
    ],
)
def test_bad_class_offers_are_refused_with_a_clear_message(admin_client, session, fields, field, message):
    response = admin_client.post(url("classoffer", "add"), class_offer_form(session, **fields))

    assert response.status_code == 200
    assert message in form_errors(response)[field]
    assert "The class offer could not be created due to errors." in response.content.decode()
    assert ClassOffer.objects.count() == 0


def test_the_same_subject_cannot_run_twice_on_one_day_of_a_session(admin_client, session):
    existing = ClassOfferFactory(session=session, class_day=3)

    response = admin_client.post(url("classoffer", "add"), class_offer_form(session, subject=existing.subject.pk))

    assert "This subject already runs on that day in this session." in str(response.context["form"].errors)
    assert ClassOffer.objects.count() == 1


def test_an_admin_changes_a_draft_class_offers_time(admin_client, session):
    class_offer = ClassOfferFactory(session=session, live=False)
    edit_url = url("classoffer", "edit", class_offer.pk)
    data = querydict_from_html(admin_client.get(edit_url).content.decode(), form_id="w-editor-form")
    data["start_time"] = "20:30"

    response = admin_client.post(edit_url, data)

    assert response.status_code == 302, form_errors(response)
    assert ClassOffer.objects.get(pk=class_offer.pk).start_time == datetime.time(20, 30)


def test_an_admin_changes_the_teachers_of_a_live_class_offer(admin_client, session):
    class_offer = ClassOfferFactory(session=session, teachers=[TeacherFactory()])
    class_offer.save_revision().publish()
    substitute = TeacherFactory()
    edit_url = url("classoffer", "edit", class_offer.pk)
    data = querydict_from_html(admin_client.get(edit_url).content.decode(), form_id="w-editor-form")
    data.setlist("teachers", [str(substitute.pk)])
    data["action-publish"] = "1"

    admin_client.post(edit_url, data)

    assert list(ClassOffer.objects.get(pk=class_offer.pk).teachers.all()) == [substitute]


# Levels and locations


def test_the_levels_listing_shows_code_rank_and_completion_rule(admin_client):
    LevelFactory(name="Lindy 1", code="L1", rank=Decimal("1.00"), completion_rule="A|C,B|D")

    [row] = listing(admin_client.get(url("level", "list")))

    assert row.pop("Name").startswith("Lindy 1")
    assert row == {"Code": "L1", "Rank": "1.00", "Completion rule": "A|C,B|D"}


def test_a_malformed_completion_rule_is_refused(admin_client):
    response = admin_client.post(
        url("level", "add"), {"name": "Lindy 3", "code": "L3", "rank": "3", "completion_rule": "A|E,,B"}
    )

    assert form_errors(response)["completion_rule"] == (
        "“E” in “A|E,,B” is not a version: use A, B, C or D. Separate groups with commas and alternatives with |, "
        "for example A|C,B|D."
    )
    assert not Level.objects.filter(name="Lindy 3").exists()


def test_an_admin_adds_a_level(admin_client):
    response = admin_client.post(
        url("level", "add"), {"name": "Lindy 3", "code": "L3", "rank": "3", "completion_rule": "A,B"}
    )

    assert response.status_code == 302, form_errors(response)
    assert Level.objects.get(name="Lindy 3").times_completed({"A": 2, "B": 1}) == 1


def test_the_locations_listing_shows_names_and_addresses(admin_client):
    LocationFactory(name="Century Ballroom", address="915 E Pine St", city="Seattle", state="WA", postcode="98122")

    [row] = listing(admin_client.get(url("location", "list")))

    assert row["Name"].startswith("Century Ballroom")
    assert row["Address"] == "915 E Pine St, Seattle, WA 98122"


def test_an_admin_adds_a_location(admin_client):
    response = admin_client.post(
        url("location", "add"),
        {"name": "Russian Center", "address": "704 19th Ave E", "city": "Seattle", "state": "WA", "postcode": "98112"},
    )

    assert response.status_code == 302, form_errors(response)
    assert Location.objects.get(name="Russian Center").map_url.startswith("https://www.openstreetmap.org/search?")


# The menu and who may


def test_the_classes_menu_groups_the_schedule(admin_client):
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()

    labels = re.findall(r'"label": "([^"]+)"', html)  # the sidebar menu, as JSON
    group = labels.index("Classes")
    assert labels[group + 1 : group + 6] == ["Sessions", "Class offers", "Levels", "Levels set by hand", "Locations"]


@pytest.mark.parametrize("model", ["classoffer", "level", "location"])
def test_anonymous_visitors_and_students_cannot_reach_the_schedule(client, model):
    assert client.get(url(model, "list")).url.startswith(reverse("wagtailadmin_login"))

    client.force_login(UserFactory(groups=[STUDENTS]))
    assert client.get(url(model, "list")).url.startswith(reverse("wagtailadmin_login"))


def test_teachers_cannot_change_class_offers_levels_or_locations(client, session):
    class_offer = ClassOfferFactory(session=session)
    level, location = class_offer.subject.level, class_offer.location
    client.force_login(TeacherFactory())

    for model, instance in [("classoffer", class_offer), ("level", level), ("location", location)]:
        assert refused(client.get(url(model, "list")))
        assert refused(client.get(url(model, "add")))
        assert refused(client.post(url(model, "edit", instance.pk), {"name": "Renamed", "capacity": "99"}))
    assert ClassOffer.objects.get(pk=class_offer.pk).capacity == class_offer.capacity
    assert Level.objects.get(pk=level.pk).name == level.name
    assert Location.objects.get(pk=location.pk).name == location.name


# Approving and publishing several class offers at once


def bulk_url(*class_offers, action="approve_and_publish"):
    ids = "&".join(f"id={offer.pk}" for offer in class_offers)
    return reverse("wagtail_bulk_action", args=["classes", "classoffer", action]) + f"?{ids}"


@pytest.fixture
def awaiting_approval(session, settings):
    """Three class offers: two submitted for approval, one a draft never submitted."""
    settings.ASSUME_CLASS_APPROVE = False
    offers = [ClassOfferFactory(session=session, class_day=day, live=False) for day in (1, 2, 3)]
    for offer in offers:
        offer.save_revision()
    for offer in offers[:2]:
        offer.get_workflow().start(offer, user=None)
    return offers


def test_the_class_offer_list_offers_to_approve_and_publish_the_selected_ones(admin_client, awaiting_approval):
    html = admin_client.get(url("classoffer", "list")).content.decode()

    assert "Approve and publish" in html
    assert reverse("wagtail_bulk_action", args=["classes", "classoffer", "approve_and_publish"]) in html


def test_the_admin_confirms_and_the_selected_class_offers_go_live(admin_client, awaiting_approval, session):
    not_selected = ClassOfferFactory(session=session, class_day=2, live=False)
    not_selected.save_revision()

    confirmation = admin_client.get(bulk_url(*awaiting_approval))
    response = admin_client.post(bulk_url(*awaiting_approval), follow=True)

    items = [" ".join(item.get_text().split()) for item in WagtailTestUtils.get_soup(confirmation.content).select("li")]
    assert [item for item in items if item.endswith(("in moderation", "draft"))] == [
        f"{awaiting_approval[0]}: in moderation",
        f"{awaiting_approval[1]}: in moderation",
        f"{awaiting_approval[2]}: draft",
    ]
    for offer in awaiting_approval:
        offer.refresh_from_db()
        assert offer.live, offer
        assert not offer.workflow_in_progress
    assert not ClassOffer.objects.get(pk=not_selected.pk).live
    assert shown_messages(response) == ["Approved and published 3 class offers."]
    actions = set(ModelLogEntry.objects.filter(object_id=str(awaiting_approval[0].pk)).values_list("action", flat=True))
    assert {"wagtail.workflow.approve", "wagtail.publish"} <= actions


def test_class_offers_live_already_are_left_as_they_are_and_said_so(admin_client, awaiting_approval, session):
    live = ClassOfferFactory(session=session, class_day=1)
    live.save_revision().publish()

    response = admin_client.post(bulk_url(awaiting_approval[0], live), follow=True)

    assert shown_messages(response) == [
        f"Approved and published 1 class offer. Not published (1): {live} is live already."
    ]


def test_staff_who_may_publish_but_not_approve_publish_drafts_and_leave_what_awaits_approval(client, awaiting_approval):
    publishers = Group.objects.create(name="Publishers")
    publishers.permissions.set(
        Permission.objects.filter(
            codename__in=["access_admin", "view_classoffer", "change_classoffer", "publish_classoffer"]
        )
    )
    client.force_login(UserFactory(groups=["Publishers"]))

    response = client.post(bulk_url(*awaiting_approval), follow=True)

    assert [ClassOffer.objects.get(pk=offer.pk).live for offer in awaiting_approval] == [False, False, True]
    [message] = shown_messages(response)
    assert message.startswith("Approved and published 1 class offer. Not published (2): ")
    assert "waits for “Admin approval”, which you may not approve." in message


def test_staff_who_may_not_publish_class_offers_publish_none(client, awaiting_approval):
    editors = Group.objects.create(name="Schedule editors")
    editors.permissions.set(
        Permission.objects.filter(codename__in=["access_admin", "view_classoffer", "change_classoffer"])
    )
    client.force_login(UserFactory(groups=["Schedule editors"]))

    confirmation = client.get(bulk_url(*awaiting_approval))
    client.post(bulk_url(*awaiting_approval))

    assert "You may not publish these class offers" in confirmation.content.decode()
    assert not ClassOffer.objects.filter(live=True).exists()


def test_teachers_students_and_visitors_cannot_approve_and_publish(client, awaiting_approval):
    assert client.post(bulk_url(*awaiting_approval)).url.startswith(reverse("wagtailadmin_login"))

    client.force_login(UserFactory(groups=[STUDENTS]))
    assert client.post(bulk_url(*awaiting_approval)).url.startswith(reverse("wagtailadmin_login"))

    teacher = TeacherFactory()
    awaiting_approval[0].teachers.set([teacher])
    client.force_login(teacher)
    client.get(bulk_url(*awaiting_approval))
    client.post(bulk_url(*awaiting_approval))

    assert not ClassOffer.objects.filter(live=True).exists()


def test_the_confirmation_takes_as_many_queries_for_thirty_class_offers_as_for_three(
    admin_client, session, settings, django_assert_max_num_queries
):
    settings.ASSUME_CLASS_APPROVE = False

    def add_classes(count):
        offers = [ClassOfferFactory(session=session, live=False) for _ in range(count)]
        for offer in offers:
            offer.save_revision()
            offer.get_workflow().start(offer, user=None)
        return offers

    offers = add_classes(3)
    admin_client.get(bulk_url(*offers))  # warm up caches of permissions and content types
    with django_assert_max_num_queries(20) as three_classes:
        admin_client.get(bulk_url(*offers))

    offers += add_classes(27)
    with django_assert_max_num_queries(len(three_classes.captured_queries)):
        response = admin_client.get(bulk_url(*offers))
    assert response.content.decode().count(": in moderation") == 30


def test_a_selection_that_is_no_class_offer_selects_nothing(admin_client, awaiting_approval):
    address = reverse("wagtail_bulk_action", args=["classes", "classoffer", "approve_and_publish"])

    for query in ["?id=abc", "?id=99999", "?id=1;DROP", ""]:
        assert admin_client.get(address + query).status_code == 200, query
        admin_client.post(address + query)
    assert not ClassOffer.objects.filter(live=True).exists()


def test_selecting_all_in_a_listing_filtered_by_session_takes_that_sessions_class_offers_only(
    admin_client, awaiting_approval
):
    other_session = ClassOfferFactory(session=SessionFactory(name="March 2030"), live=False)
    other_session.save_revision()
    listing_url = url("classoffer", "list") + f"?session={awaiting_approval[0].session_id}"
    address = reverse("wagtail_bulk_action", args=["classes", "classoffer", "approve_and_publish"])
    query = {"id": "all", "next": listing_url}

    confirmation = admin_client.get(address, query)
    response = admin_client.post(f"{address}?id=all&next={quote(listing_url)}", follow=True)

    assert confirmation.content.decode().count(": in moderation") == 2
    assert other_session.session.name not in confirmation.content.decode()
    assert response.redirect_chain[-1][0] == listing_url
    assert [ClassOffer.objects.get(pk=offer.pk).live for offer in awaiting_approval] == [True, True, True]
    assert not ClassOffer.objects.get(pk=other_session.pk).live
