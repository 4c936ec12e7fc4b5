import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, streamfield

from accounts.models import User
from accounts.roles import ADMINS, STUDENTS, TEACHERS
from home.models import StandardPage
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_the_school_has_its_three_roles():
    assert set(Group.objects.values_list("name", flat=True)) >= {STUDENTS, TEACHERS, ADMINS}


@pytest.mark.parametrize(("role", "can_open_admin"), [(STUDENTS, False), (TEACHERS, True), (ADMINS, True)])
def test_teachers_and_admins_can_open_the_wagtail_admin(client, role, can_open_admin):
    person = UserFactory(groups=[role])
    client.force_login(person)

    response = client.get(reverse("wagtailadmin_home"))

    assert (response.status_code == 200) is can_open_admin
    if not can_open_admin:
        assert response.status_code == 302


def test_an_admin_who_is_not_a_superuser_can_do_everything(client):
    admin = UserFactory(groups=[ADMINS])
    assert not admin.is_superuser
    client.force_login(admin)
    home = Page.objects.get(depth=2)

    add_page = client.post(
        reverse("wagtailadmin_pages:add", args=["home", "standardpage", home.pk]),
        nested_form_data({"title": "Workshops", "slug": "workshops", "body": streamfield([]), "action-publish": "x"}),
    )
    assert add_page.status_code == 302, add_page.context and add_page.context["form"].errors
    assert StandardPage.objects.get(slug="workshops").live

    add_user = client.post(
        reverse("wagtailusers_users:add"),
        {
            "email": "newteacher@hepcat.example",
            "first_name": "New",
            "last_name": "Teacher",
            "password1": "a-long-enough-password",
            "password2": "a-long-enough-password",
            "groups": [Group.objects.get(name=TEACHERS).pk],
        },
    )
    assert add_user.status_code == 302
    assert User.objects.get(email="newteacher@hepcat.example").groups.filter(name=TEACHERS).exists()

    settings_page = client.get(reverse("wagtailsettings:edit", args=["home", "schoolsettings"]), follow=True)
    assert settings_page.status_code == 200
    assert "referral_program_enabled" in settings_page.context["form"].fields


def test_the_admin_refuses_an_email_that_differs_only_in_case(client):
    UserFactory(email="ann@x.org")
    client.force_login(UserFactory(groups=[ADMINS]))

    response = client.post(
        reverse("wagtailusers_users:add"),
        {
            "email": "Ann@X.org",
            "first_name": "Ann",
            "last_name": "Again",
            "password1": "a-long-enough-password",
            "password2": "a-long-enough-password",
        },
    )

    assert response.status_code == 200
    assert "already exists" in str(response.context["form"].errors)
    assert User.objects.filter(email="ann@x.org").count() == 1


def test_logging_in_to_the_admin_with_the_email(client):
    UserFactory(email="teacher@hepcat.example", groups=[TEACHERS])

    response = client.post(
        reverse("wagtailadmin_login"), {"username": "Teacher@HepCat.example", "password": PASSWORD}, follow=True
    )

    assert response.status_code == 200
    assert response.wsgi_request.user.email == "teacher@hepcat.example"
