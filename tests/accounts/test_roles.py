import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Page, Task, Workflow
from wagtail.test.utils.form_data import nested_form_data, streamfield

from accounts.models import User
from accounts.roles import ADMINS, STUDENTS, TEACHERS
from home.models import StandardPage
from tests.factories import PASSWORD, UserFactory
from tests.pages import refused

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


# Wagtail's leftovers, and who grants the keys


def test_wagtails_generic_groups_and_unused_workflows_are_gone():
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    assert list(Workflow.objects.values_list("name", "active")) == [("Admin approval", True)]
    assert list(Task.objects.values_list("name", flat=True)) == ["Admin approval"]


@pytest.fixture
def superuser():
    return UserFactory(is_superuser=True, email="owner@hepcat.example")


def new_user_form(**fields):
    return {
        "email": "new@hepcat.example",
        "first_name": "New",
        "last_name": "Person",
        "password1": "a-long-enough-password",
        "password2": "a-long-enough-password",
        **fields,
    }


def edit_user_form(person, **fields):
    return {
        "email": person.email,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "is_active": "on",
        "groups": [group.pk for group in person.groups.all()],
        **fields,
    }


def group_pk(name):
    return Group.objects.get(name=name).pk


def test_an_admin_is_not_offered_superuser_status_or_the_admins_role(admin_client):
    for url in [reverse("wagtailusers_users:add"), reverse("wagtailusers_users:edit", args=[UserFactory().pk])]:
        form = admin_client.get(url).context["form"]

        assert "is_superuser" not in form.fields
        assert ADMINS not in [group.name for group in form.fields["groups"].queryset]
        assert TEACHERS in [group.name for group in form.fields["groups"].queryset]


def test_an_admin_cannot_make_a_superuser_or_an_admin_even_with_a_forged_form(admin_client):
    admin_client.post(reverse("wagtailusers_users:add"), new_user_form(is_superuser="on"))
    refused_role = admin_client.post(
        reverse("wagtailusers_users:add"), new_user_form(email="other@hepcat.example", groups=[group_pk(ADMINS)])
    )

    assert not User.objects.get(email="new@hepcat.example").is_superuser
    assert refused_role.status_code == 200
    assert "groups" in refused_role.context["form"].errors
    assert not User.objects.filter(email="other@hepcat.example").exists()

    teacher = UserFactory(groups=[TEACHERS])
    url = reverse("wagtailusers_users:edit", args=[teacher.pk])
    admin_client.post(url, edit_user_form(teacher, is_superuser="on"))
    admin_client.post(url, edit_user_form(teacher, groups=[group_pk(TEACHERS), group_pk(ADMINS)]))
    teacher.refresh_from_db()
    assert not teacher.is_superuser
    assert list(teacher.groups.values_list("name", flat=True)) == [TEACHERS]


def test_an_admin_editing_another_admin_leaves_them_an_admin(admin_client):
    other_admin = UserFactory(groups=[ADMINS])

    response = admin_client.post(
        reverse("wagtailusers_users:edit", args=[other_admin.pk]),
        edit_user_form(other_admin, first_name="Renamed", groups=[group_pk(TEACHERS)]),
    )

    assert response.status_code == 302
    other_admin.refresh_from_db()
    assert other_admin.first_name == "Renamed"
    assert set(other_admin.groups.values_list("name", flat=True)) == {ADMINS, TEACHERS}


def test_an_admin_cannot_change_a_superusers_account(admin_client, superuser):
    url = reverse("wagtailusers_users:edit", args=[superuser.pk])

    assert refused(admin_client.get(url))
    admin_client.post(url, edit_user_form(superuser, email="mine@example.com", password1="x" * 20, password2="x" * 20))

    superuser.refresh_from_db()
    assert superuser.email == "owner@hepcat.example"


def test_an_admin_cannot_assign_the_admins_role_to_several_users_at_once(admin_client):
    students = [UserFactory(groups=[STUDENTS]), UserFactory(groups=[STUDENTS])]
    url = reverse("wagtail_bulk_action", args=["accounts", "user", "assign_role"])
    query = "?" + "&".join(f"id={student.pk}" for student in students)

    assert admin_client.get(url + query).status_code == 200
    admin_client.post(url + query, {"role": group_pk(ADMINS)})
    admin_client.post(url + query, {"role": group_pk(TEACHERS)})

    for student in students:
        assert set(student.groups.values_list("name", flat=True)) == {STUDENTS, TEACHERS}


def test_a_superuser_grants_superuser_status_and_the_admins_role(client, superuser):
    client.force_login(superuser)

    response = client.post(
        reverse("wagtailusers_users:add"), new_user_form(is_superuser="on", groups=[group_pk(ADMINS)])
    )

    assert response.status_code == 302
    person = User.objects.get(email="new@hepcat.example")
    assert person.is_superuser
    assert person.groups.filter(name=ADMINS).exists()
