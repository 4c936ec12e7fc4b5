import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text

from accounts.models import TeacherPage, TeachersIndexPage
from tests.factories import TeacherFactory, UserFactory

pytestmark = pytest.mark.django_db


def profile_form(title, **fields):
    return nested_form_data(
        {"title": title, "slug": "", "short_bio": "Swing!", "bio": rich_text("<p>Hi</p>"), **fields}
    )


def add_profile_url():
    index = TeachersIndexPage.objects.get()
    return reverse("wagtailadmin_pages:add", args=["accounts", "teacherpage", index.pk])


def test_a_teacher_writes_their_own_profile_and_cannot_name_another_teacher(client):
    teacher, other = TeacherFactory(), TeacherFactory()
    client.force_login(teacher)

    form_page = client.get(add_profile_url())
    assert "teacher" not in form_page.context["form"].fields

    response = client.post(add_profile_url(), profile_form("Me", teacher=other.pk, slug="me"))

    assert response.status_code == 302
    profile = TeacherPage.objects.get(slug="me")
    assert (profile.teacher, profile.owner) == (teacher, teacher)
    assert not profile.live


def test_a_second_profile_for_the_same_teacher_is_refused_with_a_message(client):
    teacher = TeacherFactory()
    client.force_login(teacher)
    client.post(add_profile_url(), profile_form("Me", slug="me"))

    response = client.post(add_profile_url(), profile_form("Me again", slug="me-again"))

    assert response.status_code == 200
    assert "You already have a profile page" in str(response.context["form"].non_field_errors())
    assert TeacherPage.objects.filter(teacher=teacher).count() == 1


def test_an_admin_chooses_whose_profile_it_is(client):
    teacher = TeacherFactory()
    client.force_login(UserFactory(groups=["Admins"]))

    response = client.post(add_profile_url(), profile_form("Rosa", slug="rosa", teacher=teacher.pk))

    assert response.status_code == 302
    assert TeacherPage.objects.get(slug="rosa").owner == teacher
