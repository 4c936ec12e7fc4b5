"""The school's mail leaves the request: rendered there, delivered by a Celery task after the commit, retried."""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from accounts.models import User
from messaging.email import send_templated_email, without_mail
from messaging.tasks import deliver_email

pytestmark = pytest.mark.django_db

MESSAGE = {
    "subject": "Registration confirmed | HepCat Productions",
    "text": "See you in class.",
    "html": "<p>See you in class.</p>",
    "to": ["ann@example.com"],
    "reply_to": ["office@hepcat.example"],
}


@pytest.fixture
def mail_server(monkeypatch):
    """The outbox's mail server, told to fail the first `failures` deliveries."""

    class Server:
        failures = 0
        attempts = 0

    def send_messages(backend, messages):
        Server.attempts += 1
        if Server.attempts <= Server.failures:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return original(backend, messages)

    original = EmailBackend.send_messages
    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)
    return Server


@pytest.fixture
def worker(monkeypatch):
    """Run tasks as a worker would: a failure is retried (at once, here) rather than raised to the caller."""
    monkeypatch.setitem(deliver_email.app.conf, "task_eager_propagates", False)


def test_mail_is_sent_only_after_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        send_templated_email("accounts/email/activate", {"activation_url": "http://testserver/x/"}, "ann@example.com")

    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        for callback in after_commit:
            callback()
    (message,) = mail.outbox
    assert message.subject == "Activate your account | HepCat Productions"
    assert message.to == ["ann@example.com"]
    assert "http://testserver/x/" in message.body
    assert "http://testserver/x/" in message.alternatives[0][0]


def test_mail_for_made_up_people_is_not_sent_but_mail_after_it_is(django_capture_on_commit_callbacks):
    activation = ("accounts/email/activate", {"activation_url": "http://testserver/x/"})
    with without_mail(), django_capture_on_commit_callbacks(execute=True):
        send_templated_email(*activation, "made.up@example.com")
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        send_templated_email(*activation, "ann@example.com")
    assert [message.to for message in mail.outbox] == [["ann@example.com"]]


def test_a_mail_server_outage_is_retried_until_the_mail_goes(worker, mail_server, caplog):
    mail_server.failures = 2

    result = deliver_email.apply(kwargs=MESSAGE)

    assert result.successful()
    assert mail_server.attempts == 3
    (message,) = mail.outbox
    assert (message.subject, message.to, message.reply_to) == (MESSAGE["subject"], MESSAGE["to"], MESSAGE["reply_to"])
    assert message.alternatives[0][0] == MESSAGE["html"]
    retries = [record for record in caplog.records if record.name == "messaging.tasks"]
    assert [record.levelname for record in retries] == ["WARNING", "WARNING"]
    assert "trying again" in retries[0].getMessage()


def test_a_long_outage_gives_up_after_a_few_tries_and_logs_it(worker, mail_server, caplog):
    mail_server.failures = 100

    result = deliver_email.apply(kwargs=MESSAGE)

    assert result.failed()
    assert mail_server.attempts == 1 + deliver_email.max_retries
    assert mail.outbox == []
    assert any(
        record.levelname == "ERROR" and "Registration confirmed" in record.getMessage() for record in caplog.records
    )


def test_with_the_mail_server_down_asking_for_a_link_still_answers(
    client, mail_server, caplog, django_capture_on_commit_callbacks
):
    User.objects.create_user("new@example.com")
    mail_server.failures = 100

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/account/activate/", {"email": "new@example.com"})

    assert response.status_code == 200
    assert "Check your email" in response.content.decode()
    assert mail.outbox == []
    assert any(
        record.levelname == "ERROR" and "Activate your account" in record.getMessage() for record in caplog.records
    )
