"""What the order confirmation says about each class (what, when and where) and about the money (what was paid,
how, and what is still owed); and the mail of a cancellation and of credit given."""

import datetime
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from payments import PaymentStatus

from accounts.credits import grant_credit
from classes.services.checkout import place_order
from classes.services.orders import cancel_registration, record_door_payment
from classes.services.payments import start_online_payment
from tests.factories import ANN, ClassOfferFactory, LevelFactory, SessionFactory, SubjectPageFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_nov_2")]


def confirmation(offer, django_capture_on_commit_callbacks):
    """The text of the confirmation Ann gets for the class, and what its HTML copy reads as (one line)."""
    with django_capture_on_commit_callbacks(execute=True):
        place_order(offers=[offer], attendee=ANN, method="door")
    message = next(message for message in mail.outbox if "Registration confirmed" in message.subject)
    html_text = BeautifulSoup(message.alternatives[0].content, "html.parser").get_text(" ")
    return message.body, " ".join(html_text.split())


def test_a_class_gives_its_weekday_and_its_first_and_last_dates(listed_november, django_capture_on_commit_callbacks):
    offer = ClassOfferFactory(session=listed_november, subject=SubjectPageFactory(num_weeks=5))

    text, html = confirmation(offer, django_capture_on_commit_callbacks)

    assert "Thursdays at 7:00 PM, Thu Nov 12 to Thu Dec 10, 2026" in text
    assert "Thursdays at 7:00 PM, Thu Nov 12 to Thu Dec 10, 2026" in html


def test_a_class_that_meets_once_gives_its_one_date(django_capture_on_commit_callbacks):
    weekend = SessionFactory(
        name="Balboa Weekend",
        key_day_date=datetime.date(2026, 12, 5),
        max_day_shift=0,
        num_weeks=1,
        publish_date=datetime.date(2026, 10, 20),
    )
    offer = ClassOfferFactory(session=weekend, subject=SubjectPageFactory(num_weeks=1), start_time=datetime.time(13))

    text, html = confirmation(offer, django_capture_on_commit_callbacks)

    assert "Sat Dec 5, 2026 at 1:00 PM" in text
    assert "Sat Dec 5, 2026 at 1:00 PM" in html
    assert " to Sat" not in text + html
    assert "Saturdays" not in text + html


@pytest.mark.parametrize(
    ("title", "named_in_text", "named_in_html"),
    [
        ("Lindy 2 A", "* Lindy 2 A\n", "Lindy 2 A Thursdays at"),
        (
            "Swing Outs with Style",
            "* Swing Outs with Style (Lindy 2 A)\n",
            "Swing Outs with Style · Lindy 2 A Thursdays at",
        ),
    ],
)
def test_a_subject_named_for_its_level_is_named_once(
    listed_november, django_capture_on_commit_callbacks, title, named_in_text, named_in_html
):
    subject = SubjectPageFactory(title=title, level=LevelFactory(name="Lindy 2"), version="A")

    text, html = confirmation(
        ClassOfferFactory(session=listed_november, subject=subject), django_capture_on_commit_callbacks
    )

    assert named_in_text in text
    assert named_in_html in html


def test_the_plain_text_copy_is_not_html_escaped(listed_november, django_capture_on_commit_callbacks):
    subject = SubjectPageFactory(title="Rock 'n' Roll & Swing", level=LevelFactory(name="Lindy 2"), version="A")

    text, html = confirmation(
        ClassOfferFactory(session=listed_november, subject=subject), django_capture_on_commit_callbacks
    )

    assert "Rock 'n' Roll & Swing" in text
    assert "&#x27;" not in text
    assert "&amp;" not in text
    assert "Rock 'n' Roll & Swing" in html  # as the HTML copy reads, escaped in its source


# What was paid, how, and what is still owed; cancellations and credit


def test_a_confirmation_says_what_is_still_to_pay_at_the_door(listed_november, django_capture_on_commit_callbacks):
    text, html = confirmation(ClassOfferFactory(session=listed_november), django_capture_on_commit_callbacks)

    assert "Still to pay: $95, at the door at your first class." in text
    assert "Still to pay: $95, at the door at your first class." in html


def test_a_confirmation_of_a_payment_online_says_what_was_paid_and_how(
    listed_november, django_capture_on_commit_callbacks
):
    order = place_order(offers=[ClassOfferFactory(session=listed_november)], attendee=ANN, method="dummy")
    with django_capture_on_commit_callbacks(execute=True):
        start_online_payment(order).change_status(PaymentStatus.CONFIRMED)

    message = next(message for message in mail.outbox if "Registration confirmed" in message.subject)
    assert "Paid: $85 (Online (test payments))" in message.body
    assert "Nothing more to pay. Thank you!" in message.body


def test_the_dancer_and_payer_are_told_of_a_cancellation_and_of_the_credit_it_gave(
    listed_november, django_capture_on_commit_callbacks
):
    payer = UserFactory(email="pat@example.com")
    order = place_order(offers=[ClassOfferFactory(session=listed_november)], attendee=ANN, payer=payer, method="door")
    record_door_payment(order, order.total)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        cancel_registration(order.registrations.get(), refund_as_credit=True, reason="The class was moved")

    cancelled = [message for message in mail.outbox if message.subject.startswith("Cancelled:")]
    assert sorted(message.to[0] for message in cancelled) == ["ann@example.com", "pat@example.com"]
    assert "was cancelled: The class was moved." in cancelled[0].body
    assert "The $95 paid for it is now credit for a later class" in cancelled[0].body
    credit = next(message for message in mail.outbox if "of credit for your classes" in message.subject)
    assert credit.to == ["ann@example.com"]
    assert "Your credit is now $95." in credit.body


def test_credit_spent_on_an_order_sends_no_credit_email(listed_november, django_capture_on_commit_callbacks):
    student = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        grant_credit(student, Decimal("20.00"), "Snow day")
        place_order(offers=[ClassOfferFactory(session=listed_november)], attendee=student, method="door")

    assert sum("of credit" in message.subject for message in mail.outbox) == 1


def test_a_payment_taken_at_the_door_gets_a_receipt_of_what_was_paid_and_is_still_owed(
    listed_november, django_capture_on_commit_callbacks
):
    order = place_order(offers=[ClassOfferFactory(session=listed_november)], attendee=ANN, method="door")

    with django_capture_on_commit_callbacks(execute=True):
        record_door_payment(order, Decimal("50.00"))

    receipt = next(message for message in mail.outbox if message.subject.startswith("Receipt: $50"))
    assert receipt.to == ["ann@example.com"]
    assert "Paid: $50" in receipt.body
    assert "Still to pay: $45" in receipt.body
