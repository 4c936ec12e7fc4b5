"""Guessing passwords: five failed logins for one email from one address lock that pair out for 15 minutes,
on the site's login page and the admin's; admins unlock people from the Wagtail admin."""

import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client

from accounts.roles import STUDENTS
from tests.factories import PASSWORD, TeacherFactory, UserFactory
from tests.pages import listing, refused

pytestmark = pytest.mark.django_db

LOCKED_OUT = "Too many failed logins. Try again in 15 minutes or reset your password."


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 2, 12, 0, tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def ann():
    return UserFactory(email="ann@example.com")


def log_in(client, password, email="ann@example.com", url="/account/login/"):
    return client.post(url, {"username": email, "password": password})


def fail_five_times(client, email="ann@example.com", url="/account/login/"):
    for _ in range(5):
        response = log_in(client, "a-wrong-guess", email=email, url=url)
    return response


def test_five_failed_logins_lock_the_email_out_from_that_address_even_with_the_right_password(client, ann):
    fail_five_times(client)

    response = log_in(client, PASSWORD)

    assert response.status_code == 429
    html = response.content.decode()
    assert LOCKED_OUT in re.sub(r"<[^>]+>", "", html)
    assert 'href="/account/password-reset/"' in html
    assert 'class="site-header' in html  # the school's page, not a bare message
    assert "_auth_user_id" not in client.session


def test_four_failures_lock_nobody_out_and_a_success_starts_the_count_again(client, ann):
    for _ in range(4):
        log_in(client, "a-wrong-guess")
    assert log_in(client, PASSWORD).status_code == 302
    client.post("/account/logout/")

    for _ in range(4):
        log_in(client, "a-wrong-guess")
    assert log_in(client, PASSWORD).status_code == 302


def test_the_same_email_in_other_letters_counts_as_the_same_account(client, ann):
    for email in ["ann@example.com", "Ann@Example.com", "ANN@EXAMPLE.COM", "ann@Example.com", " ann@example.com"]:
        log_in(client, "a-wrong-guess", email=email)

    assert log_in(client, PASSWORD).status_code == 429


def test_the_lockout_holds_only_for_that_email_from_that_address(ann):
    bob = UserFactory(email="bob@example.com")
    guesser = Client(REMOTE_ADDR="203.0.113.5")
    fail_five_times(guesser)

    assert log_in(Client(REMOTE_ADDR="198.51.100.7"), PASSWORD).status_code == 302
    assert log_in(guesser, PASSWORD, email=bob.email).status_code == 302


def test_behind_the_proxy_the_lockout_follows_the_clients_address(settings, ann):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    fail_five_times(Client(**proxy, HTTP_X_FORWARDED_FOR="203.0.113.5"))

    assert log_in(Client(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.7"), PASSWORD).status_code == 302
    spoofing = Client(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.5")
    assert log_in(spoofing, PASSWORD).status_code == 429


def test_after_the_cool_off_the_email_may_log_in_again(client, ann, time_machine):
    fail_five_times(client)

    time_machine.shift(datetime.timedelta(minutes=14))
    assert log_in(client, PASSWORD).status_code == 429
    time_machine.shift(datetime.timedelta(minutes=16))
    assert log_in(client, PASSWORD).status_code == 302


def test_the_admin_login_locks_out_too(client):
    admin = UserFactory(email="avery@hepcat.example", groups=["Admins"])
    fail_five_times(client, email=admin.email, url="/admin/login/")

    response = log_in(client, PASSWORD, email=admin.email, url="/admin/login/")

    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()


def test_a_new_password_by_email_ends_the_lockout(client, ann, django_capture_on_commit_callbacks):
    fail_five_times(client)

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/account/password-reset/", {"email": "ann@example.com"})
    link = re.search(r"http://testserver(/account/password-reset/\S+/\S+/)", mail.outbox[0].body)[1]
    form_page = client.get(link, follow=True)
    client.post(form_page.redirect_chain[-1][0], {"new_password1": "new-swing-77x", "new_password2": "new-swing-77x"})
    client.post("/account/logout/")

    assert log_in(client, "new-swing-77x").status_code == 302


# Unlocking in the admin


def test_an_admin_sees_who_is_locked_out_and_unlocks_them(admin_client, ann):
    guesser = Client(REMOTE_ADDR="203.0.113.5")
    fail_five_times(guesser)

    rows = listing(admin_client.get("/admin/lockouts/"))
    assert rows == [
        {
            "Email": "ann@example.com",
            "Client address": "203.0.113.5",
            "Failed logins": "5",
            "Last failed login": rows[0]["Last failed login"],
            "Status": "Locked out until 4:15 AM",
        }
    ]
    attempt = AccessAttempt.objects.get()
    confirm = admin_client.get(f"/admin/lockouts/unlock/{attempt.pk}/")
    assert "Let ann@example.com log in again from 203.0.113.5" in confirm.content.decode()

    response = admin_client.post(f"/admin/lockouts/unlock/{attempt.pk}/", follow=True)

    assert response.status_code == 200
    assert "ann@example.com can log in again from 203.0.113.5." in response.content.decode()
    assert not AccessAttempt.objects.exists()
    assert log_in(guesser, PASSWORD).status_code == 302


@pytest.mark.parametrize("who", ["anonymous", "student", "teacher"])
def test_only_admins_see_lockouts_or_unlock(client, ann, who):
    fail_five_times(Client(REMOTE_ADDR="203.0.113.5"))
    attempt = AccessAttempt.objects.get()
    if who == "student":
        client.force_login(UserFactory(groups=[STUDENTS]))
    elif who == "teacher":
        client.force_login(TeacherFactory())

    for response in [
        client.get("/admin/lockouts/"),
        client.get(f"/admin/lockouts/unlock/{attempt.pk}/"),
        client.post(f"/admin/lockouts/unlock/{attempt.pk}/"),
    ]:
        if who == "teacher":
            assert refused(response)
        else:  # no way into the admin at all
            assert response.status_code == 302
            assert response.url.startswith("/admin/login/")
    assert AccessAttempt.objects.exists()
