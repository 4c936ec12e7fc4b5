"""A student's account pages: logging in and out, /account/, and activating an account made at registration."""

import datetime
import re
from decimal import Decimal
from html import unescape

import pytest
from django.core import mail
from django.test import Client

from accounts.activation import send_activation_email
from accounts.models import User
from classes.services.checkout import place_order
from tests.factories import PASSWORD, ClassOfferFactory, SessionFactory, SubjectPageFactory, UserFactory
from tests.pages import html_of

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "swing-out-all-night-42"


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 2, 12, 0, tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def november():
    return SessionFactory(
        name="November 2026", key_day_date=datetime.date(2026, 11, 12), publish_date=datetime.date(2026, 10, 20)
    )


@pytest.fixture
def newcomer():
    """Made at registration: no password yet."""
    return User.objects.create_user("new@example.com", first_name="Nia", last_name="New")


def activation_link():
    body = next(message for message in mail.outbox if "Activate your account" in message.subject).body
    return re.search(r"http://testserver(/account/activate/\S+/\S+/)", body)[1]


# Logging in and out


def test_the_account_page_asks_visitors_to_log_in(client):
    response = client.get("/account/")

    assert response.status_code == 302
    assert response.url == "/account/login/?next=/account/"


def test_a_student_logs_in_with_their_email_and_out_again(client):
    UserFactory(email="ann@example.com", first_name="Ann")

    html = html_of(client.get("/account/login/"))
    assert ">Email</label>" in html
    assert "Activate your account" in html

    response = client.post("/account/login/", {"username": "Ann@Example.com", "password": PASSWORD}, follow=True)
    html = html_of(response)
    assert response.redirect_chain[-1][0] == "/account/"
    assert "Hello, Ann" in html
    assert client.get("/register/visitor.json").json()["signed_in"] is True  # the header says "My account"

    assert client.get("/account/logout/").status_code == 405
    response = client.post("/account/logout/", follow=True)
    assert ">Log in</a>" in html_of(response)
    assert client.get("/register/visitor.json").json()["signed_in"] is False
    assert client.get("/account/").status_code == 302


def test_a_wrong_password_is_refused(client):
    UserFactory(email="ann@example.com")

    html = html_of(client.post("/account/login/", {"username": "ann@example.com", "password": "nope"}))

    assert "Please enter a correct email address and password" in html


def test_the_admin_keeps_its_own_login_page(client):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


# /account/


def test_the_account_page_lists_the_students_classes_and_the_orders_they_paid_or_dance_in(client, november):
    ann = UserFactory(email="ann@example.com")
    swing_out = ClassOfferFactory(session=november, subject=SubjectPageFactory(title="Swing Out Basics"))
    charleston = ClassOfferFactory(session=november, subject=SubjectPageFactory(title="Charleston"), class_day=1)
    own = place_order(offers=[swing_out], attendee=ann, method="door")
    for_bob = place_order(
        offers=[charleston],
        attendee={"first_name": "Bob", "last_name": "Ray", "email": "bob@example.com"},
        payer=ann,
        method="door",
    )
    paid_for_ann = place_order(
        offers=[charleston], attendee=ann, payer=UserFactory(email="cy@example.com"), method="door"
    )
    client.force_login(ann)

    html = html_of(client.get("/account/"))

    classes = html[html.index('id="classes-upcoming"') : html.index("Payments")]
    assert "Swing Out Basics" in classes
    assert "Charleston" in classes  # paid for by Cy
    assert f'href="/register/order/{own.reference}/"' in classes
    assert f'href="/register/order/{paid_for_ann.reference}/"' in classes
    orders = html[html.index("Payments") :]
    assert own.reference in orders
    assert for_bob.reference in orders
    assert "bob@example.com" in orders
    assert paid_for_ann.reference in orders  # Ann dances in it
    assert "paid by cy@example.com" in orders
    assert "$95" in orders
    assert client.get(f"/register/order/{for_bob.reference}/").status_code == 200
    assert client.get(f"/register/order/{paid_for_ann.reference}/").status_code == 200


ACCOUNT_PAGE_QUERY_BUDGET = 25  # the Reviews section (classes) reads the classes attended in one query


def test_the_account_page_takes_as_many_queries_for_many_orders_as_for_one(
    client, november, django_assert_max_num_queries, django_assert_num_queries
):
    ann = UserFactory()
    client.force_login(ann)

    def register_someone(number):
        class_offer = ClassOfferFactory(session=november, class_day=[1, 2, 3][number % 3])
        dancer = {"first_name": "Dancer", "last_name": f"No{number}", "email": f"dancer{number}@example.com"}
        place_order(offers=[class_offer], attendee=ann if number == 0 else dancer, payer=ann, method="door")

    register_someone(0)
    client.get("/account/")
    with django_assert_max_num_queries(ACCOUNT_PAGE_QUERY_BUDGET) as one_order:
        client.get("/account/")

    for number in range(1, 7):
        register_someone(number)
    with django_assert_num_queries(len(one_order)):
        html = html_of(client.get("/account/"))

    assert html.count('class="order-reference"') == 7


def test_the_account_page_shows_the_students_credit(client):
    ann = UserFactory()
    ann.credit_entries.create(amount=Decimal("15.00"), reason="Referral")
    client.force_login(ann)

    assert "You have $15 of credit" in html_of(client.get("/account/"))


# Activation


def test_the_activation_link_sets_a_password_once(client, newcomer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_activation_email(newcomer)
    link = activation_link()

    form_page = client.get(link, follow=True)
    assert "Set your password" in html_of(form_page)
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0] == "/account/"
    assert "Your password is set and you're logged in" in html_of(response)
    newcomer.refresh_from_db()
    assert newcomer.check_password(NEW_PASSWORD)

    second_use = html_of(Client().get(link, follow=True))
    assert "This link has expired" in second_use
    assert 'href="/account/activate/"' in second_use


def test_an_activation_link_expires_after_three_days(
    client, newcomer, time_machine, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_activation_email(newcomer)
    time_machine.shift(datetime.timedelta(days=4))

    html = html_of(client.get(activation_link(), follow=True))

    assert "This link has expired" in html
    assert "Set your password" not in html
    newcomer.refresh_from_db()
    assert not newcomer.has_usable_password()


def test_a_made_up_activation_link_is_refused(client, newcomer):
    assert "This link has expired" in html_of(client.get("/account/activate/MTIz/not-a-token/"))


def test_asking_for_a_new_link_answers_the_same_whatever_the_email(
    client, newcomer, django_capture_on_commit_callbacks
):
    UserFactory(email="has-a-password@example.com")

    answers = {}
    for email in ["nobody@example.com", "has-a-password@example.com", "NEW@example.com"]:
        with django_capture_on_commit_callbacks(execute=True):
            answers[email] = client.post("/account/activate/", {"email": email}).content

    assert len(set(answers.values())) == 1
    assert "If that email has an account, we've sent it a link to set your password" in unescape(
        answers["nobody@example.com"].decode()
    )
    sent = {message.to[0]: message.subject.split(" | ")[0] for message in mail.outbox}
    assert sent == {"new@example.com": "Activate your account", "has-a-password@example.com": "Set a new password"}


def test_asking_for_a_new_link_needs_an_email_address(client):
    html = html_of(client.post("/account/activate/", {"email": "not an email"}))

    assert "Enter a valid email address." in html
    assert mail.outbox == []
