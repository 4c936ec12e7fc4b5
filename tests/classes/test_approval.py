"""The "Admin approval" workflow: teachers propose subjects and keep their profiles, admins approve.

Teachers may add pages under /classes/ and /teachers/; Wagtail lets them edit the pages they own and
submit them for approval, but not publish. The Admins group approves (home migration 0003).
"""

import re

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from accounts.models import TeacherPage, TeachersIndexPage
from accounts.roles import ADMINS
from classes.models import ClassesIndexPage, SubjectPage
from home.models import SchoolSettings
from tests.factories import LevelFactory, SubjectPageFactory, TeacherFactory, UserFactory
from tests.pages import refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def classes_index():
    return ClassesIndexPage.objects.get()


@pytest.fixture
def teacher():
    return TeacherFactory(first_name="Frankie", last_name="Manning")


@pytest.fixture
def admins():
    return [UserFactory(groups=[ADMINS]), UserFactory(groups=[ADMINS])]


def subject_form(level, **fields):
    values = {
        "title": "Shim Sham",
        "slug": "shim-sham",
        "level": level.pk,
        "version": "NA",
        "tagline_1": "The swing dancer's anthem",
        "tagline_2": "",
        "tagline_3": "",
        "short_description": "Learn the line dance everyone joins in on.",
        "image": "",
        "description": streamfield([("paragraph", rich_text("<p>Twelve bars at a time.</p>"))]),
        "num_weeks": "2",
        "num_minutes": "60",
        "full_price": "40.00",
        "pre_pay_discount": "5.00",
        "multi_class_discount": "0.00",
        "qualifies_for_multi_discount": "on",
        "syllabus": rich_text(""),
        "class_plan": rich_text(""),
        "seo_title": "",
        "search_description": "",
    }
    return nested_form_data({**values, **fields})


def propose_subject(client, classes_index, level, **fields):
    return client.post(
        reverse("wagtailadmin_pages:add", args=["classes", "subjectpage", classes_index.pk]),
        subject_form(level, **fields),
    )


def edit(client, page, **data):
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


def approve(client, page):
    task_state = page.current_workflow_task_state
    return client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]), {"comment": ""}
    )


# A teacher's subject proposal


def test_a_teacher_proposes_a_subject_as_a_draft(client, classes_index, teacher):
    client.force_login(teacher)

    response = propose_subject(client, classes_index, LevelFactory())

    assert response.status_code == 302, response.context and response.context["form"].errors
    subject = SubjectPage.objects.get(slug="shim-sham")
    assert subject.get_parent().specific == classes_index
    assert subject.owner == teacher
    assert not subject.live


def test_a_teacher_cannot_publish_their_proposal(client, classes_index, teacher):
    client.force_login(teacher)

    propose_subject(client, classes_index, LevelFactory(), **{"action-publish": "1"})

    subject = SubjectPage.objects.get(slug="shim-sham")
    assert not subject.live
    assert not subject.get_latest_revision().approved_go_live_at


def test_an_admin_approves_a_submitted_proposal_and_it_goes_live(client, classes_index, teacher, admins):
    client.force_login(teacher)
    propose_subject(client, classes_index, LevelFactory(), **{"action-submit": "1"})
    subject = SubjectPage.objects.get(slug="shim-sham")
    assert subject.workflow_in_progress
    assert subject.current_workflow_state.workflow.name == "Admin approval"
    assert not subject.live

    client.force_login(admins[0])
    response = approve(client, subject)

    assert response.status_code == 302
    subject.refresh_from_db()
    assert subject.live
    assert not subject.workflow_in_progress
    assert subject.owner == teacher


def test_admins_are_emailed_with_working_links_to_review_the_proposal(
    client, classes_index, teacher, admins, mailoutbox, settings, django_capture_on_commit_callbacks
):
    client.force_login(teacher)
    with django_capture_on_commit_callbacks(execute=True):
        propose_subject(client, classes_index, LevelFactory(), **{"action-submit": "1"})

    assert sorted(message.to[0] for message in mailoutbox) == sorted(admin.email for admin in admins)
    message = mailoutbox[0]
    assert "Shim Sham" in message.subject
    links = re.findall(r"https?://\S+", message.body)
    review_links = [link for link in links if "/admin/pages/" in link]
    assert review_links
    client.force_login(admins[0])
    for link in review_links:
        assert link.startswith(settings.WAGTAILADMIN_BASE_URL)
        assert client.get(link.removeprefix(settings.WAGTAILADMIN_BASE_URL)).status_code == 200, link


def test_moderation_emails_speak_the_schools_words_with_links_to_the_public_address(
    client, classes_index, teacher, admins, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILADMIN_BASE_URL = "https://classes.hepcat.example"
    client.force_login(teacher)
    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        propose_subject(client, classes_index, LevelFactory(), **{"action-submit": "1"})
    assert mailoutbox == []  # the submission doesn't wait for the mail server
    with django_capture_on_commit_callbacks(execute=True):
        for callback in after_commit:
            callback()
    subject = SubjectPage.objects.get(slug="shim-sham")
    edit_link = f"https://classes.hepcat.example/admin/pages/{subject.pk}/edit/"

    to_admin = next(message for message in mailoutbox if message.to == [admins[0].email])
    assert to_admin.subject == "Shim Sham is waiting for your approval"
    assert f"Hello {admins[0].first_name}," in to_admin.body
    assert "approve it to publish it, or send it back with a comment" in to_admin.body
    assert edit_link in to_admin.body
    assert f'href="{edit_link}"' in to_admin.alternatives[0][0]
    assert "localhost" not in to_admin.body + to_admin.alternatives[0][0]
    assert "moderation stage" not in to_admin.body
    html = to_admin.alternatives[0][0]  # the school's email layout, with Wagtail's message inside it
    assert f'font-weight:800;">{SchoolSettings.load().business_name}</td>' in html
    assert f"Hello {admins[0].first_name}," in html
    assert "Shim Sham is waiting for your approval" in html

    mailoutbox.clear()
    client.force_login(admins[0])
    with django_capture_on_commit_callbacks(execute=True):
        approve(client, subject)
    (to_teacher,) = [message for message in mailoutbox if message.to == [teacher.email]]
    assert to_teacher.subject == "Shim Sham is approved"
    assert "Shim Sham is approved and live on the site" in to_teacher.body
    assert edit_link in to_teacher.body
    assert "localhost" not in to_teacher.body + to_teacher.alternatives[0][0]


def test_the_teacher_keeps_editing_their_approved_subject_without_publishing(client, classes_index, teacher, admins):
    client.force_login(teacher)
    propose_subject(client, classes_index, LevelFactory(), **{"action-submit": "1"})
    subject = SubjectPage.objects.get(slug="shim-sham")
    client.force_login(admins[0])
    approve(client, subject)

    client.force_login(teacher)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[subject.pk])).status_code == 200
    response = edit(client, subject, **subject_form(subject.level, title="Shim Sham and Tranky Doo"))

    assert response.status_code == 302, response.context and response.context["form"].errors
    subject.refresh_from_db()
    assert subject.live
    assert subject.title == "Shim Sham"  # the live page waits for approval of the change
    assert subject.has_unpublished_changes
    assert subject.get_latest_revision_as_object().title == "Shim Sham and Tranky Doo"


def test_a_teacher_cannot_edit_another_teachers_subject(client, classes_index, teacher):
    client.force_login(teacher)
    propose_subject(client, classes_index, LevelFactory())
    subject = SubjectPage.objects.get(slug="shim-sham")

    client.force_login(TeacherFactory())

    assert refused(client.get(reverse("wagtailadmin_pages:edit", args=[subject.pk])))
    assert refused(edit(client, subject, **subject_form(subject.level, title="Taken over")))
    assert SubjectPage.objects.get(pk=subject.pk).get_latest_revision_as_object().title == "Shim Sham"


def test_a_teacher_cannot_edit_a_subject_the_school_made(client, classes_index, teacher):
    subject = SubjectPageFactory(title="Lindy Hop 1A")
    client.force_login(teacher)

    assert refused(client.get(reverse("wagtailadmin_pages:edit", args=[subject.pk])))


# A teacher's profile


def test_a_teacher_edits_their_profile_and_submits_it_but_cannot_publish_it(client, teacher, admins):
    teachers_index = TeachersIndexPage.objects.get()
    profile = teachers_index.add_child(instance=TeacherPage(title="Frankie Manning", slug="frankie", teacher=teacher))
    profile.save_revision().publish()
    assert profile.owner == teacher
    client.force_login(teacher)
    data = nested_form_data(
        {
            "title": "Frankie Manning",
            "slug": "frankie",
            "teacher": teacher.pk,
            "photo": "",
            "short_bio": "Ambassador of Lindy Hop.",
            "bio": rich_text("<p>Danced at the Savoy.</p>"),
            "seo_title": "",
            "search_description": "",
        }
    )

    assert client.get(reverse("wagtailadmin_pages:edit", args=[profile.pk])).status_code == 200
    publish = edit(client, profile, **data, **{"action-publish": "1"})
    submit = edit(client, profile, **data, **{"action-submit": "1"})

    assert publish.status_code == submit.status_code == 302
    profile.refresh_from_db()
    assert profile.short_bio == ""  # the live profile is unchanged until an admin approves
    assert profile.workflow_in_progress
    assert profile.get_latest_revision_as_object().short_bio == "Ambassador of Lindy Hop."

    client.force_login(admins[0])
    approve(client, profile)
    profile.refresh_from_db()
    assert profile.short_bio == "Ambassador of Lindy Hop."


def test_a_teacher_cannot_edit_another_teachers_profile(client, teacher):
    other = TeacherFactory()
    profile = TeachersIndexPage.objects.get().add_child(
        instance=TeacherPage(title="Norma Miller", slug="norma", teacher=other)
    )
    client.force_login(teacher)

    assert refused(client.get(reverse("wagtailadmin_pages:edit", args=[profile.pk])))


# The site's structure


@pytest.mark.parametrize(("app", "model"), [("classes", "classesindexpage"), ("accounts", "teachersindexpage")])
def test_there_is_only_ever_one_classes_index_and_one_teachers_index(client, app, model):
    home = Page.objects.get(depth=2)
    client.force_login(UserFactory(groups=[ADMINS]))

    response = client.get(reverse("wagtailadmin_pages:add", args=[app, model, home.pk]))

    assert refused(response)
    choices = client.get(reverse("wagtailadmin_pages:add_subpage", args=[home.pk])).content.decode()
    assert f"/{app}/{model}/" not in choices
