"""Writing resources in the page editor: the dates each class gets one, what a class resource must be attached to,
and what teachers may do — add resources to the classes they teach, published at once when they are the class's
own material, through the admins' approval when everyone or every student would see them."""

import datetime

import pytest
from django.urls import reverse
from django.utils.text import slugify
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from resources.models import ResourcePage
from tests.factories import (
    ClassOfferFactory,
    ResourcePageFactory,
    SessionFactory,
    TeacherFactory,
    resources_index,
)

pytestmark = pytest.mark.django_db

FIRST_CLASS = datetime.date(2030, 1, 3)


@pytest.fixture
def teacher():
    return TeacherFactory()


@pytest.fixture
def their_class(teacher):
    session = SessionFactory(key_day_date=FIRST_CLASS, max_day_shift=0, skip_dates=[datetime.date(2030, 1, 17)])
    return ClassOfferFactory(session=session, teachers=[teacher])


@pytest.fixture
def someone_elses_class():
    return ClassOfferFactory(teachers=[TeacherFactory()])


def resource_form(title="Week 3 review", audience="class", class_offers=(), subjects=(), action=None):
    data = nested_form_data(
        {
            "title": title,
            "slug": slugify(title),
            "kind": "video",
            "audience": audience,
            "summary": "",
            "body": streamfield([]),
            "release": "after_class",
            "release_class_number": 3,
            "expire_after_weeks": 2,
            "comments": inline_formset([]),
        }
    )
    data["class_offers"] = [offer.pk for offer in class_offers]
    data["subjects"] = [subject.pk for subject in subjects]
    if action:
        data[action] = "on"
    return data


def add_url():
    return reverse("wagtailadmin_pages:add", args=["resources", "resourcepage", resources_index().pk])


def test_the_editor_shows_when_each_class_gets_the_resource(admin_client, their_class):
    past_run = ClassOfferFactory(
        subject=their_class.subject, session=SessionFactory(key_day_date=datetime.date(2025, 1, 2))
    )
    resource = ResourcePageFactory(
        subjects=[their_class.subject], release="after_class", release_class_number=3, expire_after_weeks=2
    )

    page = admin_client.get(reverse("wagtailadmin_pages:edit", args=[resource.pk])).content.decode()
    panel = page.split('class="release-dates"')[1].split("</table>")[0]

    assert "When each class gets it" in page
    assert str(their_class) in panel
    # Class 3 falls a week late for the skip date on Jan 17; it expires two weeks later.
    assert "Thu Jan 24, 2030" in panel
    assert "Thu Feb 7, 2030" in panel
    assert str(past_run) not in panel  # the subject's runs that are over are not what the editor plans for


def test_a_class_resource_needs_a_class(admin_client):
    response = admin_client.post(add_url(), resource_form(audience="class"))

    assert response.status_code == 200
    assert "Choose the subjects or class offers whose students get it." in response.content.decode()
    assert not ResourcePage.objects.exists()


def test_a_teachers_class_material_goes_live_when_they_save_it(client, teacher, their_class):
    client.force_login(teacher)

    response = client.post(add_url(), resource_form(class_offers=[their_class]))

    assert response.status_code == 302
    resource = ResourcePage.objects.get()
    assert resource.live
    assert resource.owner == teacher
    assert list(resource.class_offers.all()) == [their_class]


def test_a_teachers_public_resource_waits_for_an_admins_approval(client, teacher):
    client.force_login(teacher)

    client.post(add_url(), resource_form(title="Our new practice night", audience="public", action="action-submit"))

    resource = ResourcePage.objects.get()
    assert not resource.live
    assert resource.workflow_in_progress


def test_a_teacher_may_not_attach_a_class_they_do_not_teach(client, teacher, their_class, someone_elses_class):
    client.force_login(teacher)

    form_page = client.get(add_url()).content.decode()
    response = client.post(add_url(), resource_form(class_offers=[their_class, someone_elses_class]))
    subject_response = client.post(add_url(), resource_form(subjects=[someone_elses_class.subject]))

    assert str(their_class) in form_page
    assert str(someone_elses_class) not in form_page
    for refused in [response, subject_response]:
        assert refused.status_code == 200
        assert "Select a valid choice" in refused.content.decode()
    assert not ResourcePage.objects.exists()


def test_a_teacher_edits_only_their_own_resources(client, teacher, their_class):
    others = ResourcePageFactory(class_offers=[their_class])  # an admin's, for the teacher's class
    own = ResourcePageFactory(class_offers=[their_class])
    Page.objects.filter(pk=own.pk).update(owner=teacher)
    client.force_login(teacher)

    assert client.get(reverse("wagtailadmin_pages:edit", args=[own.pk])).status_code == 200
    assert client.get(reverse("wagtailadmin_pages:edit", args=[others.pk])).status_code in (302, 403)


def test_an_admin_attaches_any_class(admin_client, someone_elses_class):
    response = admin_client.post(add_url(), resource_form(class_offers=[someone_elses_class], action="action-publish"))

    assert response.status_code == 302
    assert ResourcePage.objects.get().live
