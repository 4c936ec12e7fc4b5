"""A forgotten password, and the activation form: each emails the link the account needs, says nothing about
who has an account, and sends no more than one mail to an address in a while."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client

from accounts.models import User
from tests.factories import PASSWORD, UserFactory
from tests.pages import html_of

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "lindy-hop-till-dawn-77"


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    """Post a form, then deliver the mail the request queued for after its commit, as production does."""

    def post(client, url, data, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data, **kwargs)

    return post


@pytest.fixture
def ann():
    return UserFactory(email="ann@example.com", first_name="Ann")


def reset_link(message):
    return re.search(r"http://testserver(/account/password-reset/\S+/\S+/)", message.body)[1]


def test_the_login_page_links_to_a_forgotten_password(client):
    html = html_of(client.get("/account/login/"))

    assert '<a href="/account/password-reset/">Forgot your password?</a>' in html


def test_a_student_who_forgot_their_password_sets_a_new_one_from_the_emailed_link(client, ann, post):
    response = post(client, "/account/password-reset/", {"email": "Ann@Example.com"}, follow=True)

    assert response.redirect_chain == [("/account/password-reset/sent/", 302)]
    assert "Check your email" in html_of(response)
    (message,) = mail.outbox
    assert message.to == ["ann@example.com"]
    assert message.subject == "Set a new password | HepCat Productions"
    assert message.body.startswith("Hello,\n")
    assert "Ann" not in message.body
    link = reset_link(message)
    assert f'href="http://testserver{link}"' in message.alternatives[0][0]

    form_page = client.get(link, follow=True)
    assert "Choose a new password" in html_of(form_page)
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    assert done.redirect_chain[-1][0] == "/account/password-reset/done/"
    assert "Your new password is set" in html_of(done)
    assert done.wsgi_request.user == ann

    ann.refresh_from_db()
    assert ann.check_password(NEW_PASSWORD)
    assert "This link has expired" in html_of(Client().get(link, follow=True))


def test_forgot_password_answers_the_same_whatever_the_email(client, ann, post):
    User.objects.create_user("new@example.com", first_name="Nia")  # registered, never activated
    UserFactory(email="left@example.com", is_active=False)

    answers = {}
    for email in ["nobody@example.com", "ann@example.com", "new@example.com", "left@example.com"]:
        response = post(client, "/account/password-reset/", {"email": email}, follow=True)
        answers[email] = (response.redirect_chain, response.status_code, response.content)

    assert len(set(map(repr, answers.values()))) == 1
    sent = {message.to[0]: message.subject.split(" | ")[0] for message in mail.outbox}
    assert sent == {"ann@example.com": "Set a new password", "new@example.com": "Activate your account"}


def test_the_activation_form_sends_an_account_with_a_password_a_new_password_link(client, ann, post):
    html = html_of(post(client, "/account/activate/", {"email": "ann@example.com"}))

    assert "If that email has an account, we've sent it a link to set your password" in html
    (message,) = mail.outbox
    assert message.subject == "Set a new password | HepCat Productions"
    assert reset_link(message).startswith("/account/password-reset/")


def test_the_activation_mail_does_not_repeat_the_name_typed_at_registration(client, post):
    User.objects.create_user("new@example.com", first_name="Visit evil.example now")

    post(client, "/account/activate/", {"email": "new@example.com"})

    (message,) = mail.outbox
    assert message.body.startswith("Hello,\n")
    assert "evil.example" not in message.body + message.alternatives[0][0]


def test_the_answer_does_not_wait_for_the_mail_server(client, ann, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        client.post("/account/password-reset/", {"email": "ann@example.com"})
        client.post("/account/activate/", {"email": "ann@example.com"})

        assert mail.outbox == []
    for callback in after_commit:
        callback()
    assert len(mail.outbox) == 1  # the second request, for the same address, sent nothing


def test_a_second_request_for_the_same_email_sends_no_second_mail(client, ann, time_machine, post):
    time_machine.move_to(datetime.datetime(2026, 11, 2, 12, 0, tzinfo=datetime.UTC), tick=False)
    first = post(client, "/account/password-reset/", {"email": "ann@example.com"}, follow=True)
    second = post(client, "/account/password-reset/", {"email": "ANN@example.com"}, follow=True)
    by_activation = post(client, "/account/activate/", {"email": "ann@example.com"})

    assert second.content == first.content
    assert by_activation.status_code == 200
    assert len(mail.outbox) == 1

    time_machine.shift(datetime.timedelta(minutes=16))
    post(client, "/account/password-reset/", {"email": "ann@example.com"})
    assert len(mail.outbox) == 2


def test_one_client_address_cannot_ask_for_links_without_end(client, settings, post):
    settings.RATELIMITS = {**settings.RATELIMITS, "account_link": "3/h"}
    for number in range(6):
        User.objects.create_user(f"dancer{number}@example.com")

    answers = {
        post(client, "/account/activate/", {"email": f"dancer{number}@example.com"}).content for number in range(5)
    }

    assert len(answers) == 1
    assert len(mail.outbox) == 3
    from_elsewhere = Client(REMOTE_ADDR="198.51.100.7")
    post(from_elsewhere, "/account/activate/", {"email": "dancer5@example.com"})
    assert len(mail.outbox) == 4


def test_behind_the_proxy_each_client_is_counted_by_its_own_address(settings, post):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.RATELIMITS = {**settings.RATELIMITS, "account_link": "1/h"}
    UserFactory(email="ann@example.com")
    UserFactory(email="bob@example.com")
    proxy = {"REMOTE_ADDR": "10.0.0.2"}

    post(Client(**proxy, HTTP_X_FORWARDED_FOR="203.0.113.5"), "/account/activate/", {"email": "ann@example.com"})
    post(Client(**proxy, HTTP_X_FORWARDED_FOR="203.0.113.9"), "/account/activate/", {"email": "bob@example.com"})
    assert len(mail.outbox) == 2

    # A made-up address on the left changes nothing: the proxy appended the real one.
    spoofed = Client(**proxy, HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.5")
    post(spoofed, "/account/password-reset/", {"email": "bob@example.com"})
    assert len(mail.outbox) == 2


def test_asking_needs_an_email_address(client, post):
    html = html_of(post(client, "/account/password-reset/", {"email": "not an email"}))

    assert "Enter a valid email address." in html
    assert mail.outbox == []


def test_an_old_password_still_works_until_the_new_one_is_set(client, ann, post):
    post(client, "/account/password-reset/", {"email": "ann@example.com"})

    response = client.post("/account/login/", {"username": "ann@example.com", "password": PASSWORD})

    assert response.status_code == 302


def test_the_admin_has_no_second_password_reset_of_its_own(client, post):
    UserFactory(email="avery@hepcat.example", groups=["Admins"])

    assert client.get("/admin/password_reset/").status_code == 404
    assert post(client, "/admin/password_reset/", {"email": "avery@hepcat.example"}).status_code == 404
    assert "password_reset" not in client.get("/admin/login/").content.decode()
    assert mail.outbox == []
