import builtins
import io

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.management import call_command
from django.db import IntegrityError
from django.test import RequestFactory

from accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_email_is_stored_without_case():
    person = User.objects.create_user("Ann@X.org", password=PASSWORD)

    person.refresh_from_db()
    assert person.email == "ann@x.org"
    assert User.objects.get(email="ANN@x.ORG") == person


def test_the_same_email_in_other_letters_is_the_same_account():
    User.objects.create_user("ann@x.org")

    with pytest.raises(ValidationError, match="already exists"):
        User(email="Ann@X.org").full_clean()
    with pytest.raises(IntegrityError):
        User.objects.create_user("Ann@X.org")


def a_login_request():
    """Logins come with their request: the login lockout counts failures per client address."""
    return RequestFactory().post("/account/login/")


def test_login_accepts_the_email_in_any_case():
    person = UserFactory(email="ann@x.org")

    assert authenticate(a_login_request(), username="Ann@X.Org", password=PASSWORD) == person
    assert authenticate(a_login_request(), username="ann@x.org", password="wrong") is None


def test_a_user_has_no_username_to_invent():
    person = User.objects.create_user("ann@x.org", first_name="Ann", last_name="Lee")

    with pytest.raises(FieldDoesNotExist):
        User._meta.get_field("username")
    assert User.USERNAME_FIELD == "email"
    assert str(person) == "Ann Lee"


def test_a_new_account_without_a_password_cannot_log_in_until_activated():
    person = User.objects.create_user("new@x.org")

    assert not person.has_usable_password()
    assert authenticate(a_login_request(), username="new@x.org", password="") is None


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_createsuperuser_asks_for_an_email(monkeypatch):
    prompts = []

    def answer(prompt=""):
        prompts.append(prompt)
        return "Boss@HepCat.example"

    monkeypatch.setattr(builtins, "input", answer)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": PASSWORD)

    call_command("createsuperuser", interactive=True, stdin=Terminal(), stdout=io.StringIO())

    assert prompts == ["Email address: "]
    boss = User.objects.get(email="boss@hepcat.example")
    assert boss.is_superuser
    assert boss.check_password(PASSWORD)
