"""Students' levels set by hand in the Wagtail admin (DESIGN §3.1)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from classes.models import LevelOverride
from classes.progress import ready_for
from tests.factories import LevelFactory, TeacherFactory, UserFactory
from tests.pages import listing, refused

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"wagtailsnippets_classes_leveloverride:{name}", args=args)


@pytest.fixture
def levels():
    return [
        LevelFactory(name="Beginning", rank=Decimal(1)),
        LevelFactory(name="Lindy 2", rank=Decimal(2)),
        LevelFactory(name="Lindy 3", rank=Decimal(3)),
    ]


@pytest.fixture
def student():
    return UserFactory(first_name="Grace", last_name="Hopper", email="grace@example.com")


def test_an_admin_sets_a_students_level_with_a_reason(admin_client, admin, levels, student):
    response = admin_client.post(
        url("add"), {"student": student.pk, "level": levels[1].pk, "reason": "Danced five years in Stockholm"}
    )

    assert response.status_code == 302
    override = LevelOverride.objects.get()
    assert (override.student, override.level, override.set_by) == (student, levels[1], admin)
    assert ready_for(student) == levels[2]
    assert ModelLogEntry.objects.for_instance(override).get().action == "wagtail.create"


def test_the_student_is_picked_with_the_searchable_chooser_and_comes_filled_in_from_the_users_list(
    admin_client, levels, student
):
    UserFactory(first_name="Alan", last_name="Turing")

    html = admin_client.get(url("add"), {"student": student.pk}).content.decode()

    assert reverse("student_chooser:choose") in html
    assert "Grace Hopper (grace@example.com)" in html
    assert "Alan Turing" not in html  # a search, not a list of everyone


def test_the_list_shows_student_level_reason_and_who_set_it_and_finds_a_student_by_name_or_email(
    admin_client, admin, levels, student
):
    LevelOverride.objects.create(student=student, level=levels[0], reason="Took classes in Portland", set_by=admin)
    LevelOverride.objects.create(
        student=UserFactory(first_name="Alan"), level=levels[1], reason="Teacher", set_by=admin
    )

    rows = listing(admin_client.get(url("list"), {"q": "grace hopper"}))

    assert len(rows) == 1
    assert rows[0]["Student"] == "Grace Hopper"
    assert rows[0]["Level"] == "Beginning"
    assert rows[0]["Reason"] == "Took classes in Portland"
    assert rows[0]["Set by"] == "Avery Admin"
    assert len(listing(admin_client.get(url("list"), {"q": "grace@example"}))) == 1


def test_changing_a_level_records_who_changed_it_and_logs_the_change(admin_client, levels, student):
    first_admin = UserFactory(groups=["Admins"])
    override = LevelOverride.objects.create(student=student, level=levels[0], reason="Portland", set_by=first_admin)

    response = admin_client.post(
        url("edit", override.pk), {"student": student.pk, "level": levels[2].pk, "reason": "Seen at the social"}
    )

    assert response.status_code == 302
    override.refresh_from_db()
    assert override.level == levels[2]
    assert override.set_by.last_name == "Admin"
    assert ModelLogEntry.objects.for_instance(override).get().action == "wagtail.edit"
    assert ready_for(student) is None


def test_a_reason_and_a_level_of_the_progression_are_needed(admin_client, student):
    workshop = LevelFactory(name="Workshop", rank=None, completion_rule="")

    response = admin_client.post(url("add"), {"student": student.pk, "level": workshop.pk, "reason": ""})

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "This field is required." in errors["reason"]
    assert "Select a valid choice" in errors["level"][0]
    assert not LevelOverride.objects.exists()


def test_a_students_level_is_set_once(admin_client, admin, levels, student):
    LevelOverride.objects.create(student=student, level=levels[0], reason="Portland", set_by=admin)

    response = admin_client.post(url("add"), {"student": student.pk, "level": levels[1].pk, "reason": "Again"})

    assert response.context["form"].errors["student"] == [
        "This student's level is set by hand already: change that one instead."
    ]


def test_set_their_level_from_the_users_list_opens_the_form_for_that_student_or_their_level_set_before(
    admin_client, admin, levels, student
):
    users = admin_client.get(reverse("wagtailusers_users:index")).content.decode()
    assert f"{url('add')}?student={student.pk}" in users

    form = admin_client.get(url("add"), {"student": student.pk})
    assert form.context["form"]["student"].value() == student.pk

    override = LevelOverride.objects.create(student=student, level=levels[0], reason="Portland", set_by=admin)
    response = admin_client.get(url("add"), {"student": student.pk})
    assert response.url == url("edit", override.pk)

    assert admin_client.get(url("add"), {"student": "nobody"}).status_code == 200


def refused_or_sent_to_log_in(response):
    """A teacher is refused in the admin; a student, who may not use the admin at all, is asked to log in."""
    return refused(response) or (response.status_code == 302 and response.url.startswith(reverse("wagtailadmin_login")))


@pytest.mark.parametrize("role", ["Teachers", "Students"])
def test_only_admins_see_or_set_levels(client, admin, levels, student, role):
    override = LevelOverride.objects.create(student=student, level=levels[0], reason="Portland", set_by=admin)
    person = TeacherFactory() if role == "Teachers" else UserFactory(groups=[role])
    client.force_login(person)

    assert refused_or_sent_to_log_in(client.get(url("list")))
    assert refused_or_sent_to_log_in(client.get(url("add"), {"student": student.pk}))
    assert refused_or_sent_to_log_in(client.get(url("history", override.pk)))
    assert refused_or_sent_to_log_in(
        client.post(url("add"), {"student": person.pk, "level": levels[2].pk, "reason": "Me"})
    )
    assert refused_or_sent_to_log_in(
        client.post(url("edit", override.pk), {"student": student.pk, "level": levels[2].pk, "reason": "Me"})
    )
    assert refused_or_sent_to_log_in(client.post(url("delete", override.pk)))
    assert LevelOverride.objects.get().level == levels[0]
    assert f"{url('add')}?student=" not in client.get(reverse("wagtailusers_users:index")).content.decode()


def test_removing_a_level_set_by_hand_is_logged(admin_client, admin, levels, student):
    override = LevelOverride.objects.create(student=student, level=levels[2], reason="Portland", set_by=admin)

    admin_client.post(url("delete", override.pk))

    assert not LevelOverride.objects.exists()
    assert ModelLogEntry.objects.get().action == "wagtail.delete"
    assert ready_for(student) == levels[0]


def test_anonymous_is_sent_to_log_in(client, levels):
    response = client.get(url("list"))

    assert response.status_code == 302
    assert "login" in response.url
