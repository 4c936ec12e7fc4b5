"""What the order confirmation says about each class: what, when and where."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core import mail

from classes.services.checkout import place_order
from tests.factories import ANN, ClassOfferFactory, LevelFactory, SessionFactory, SubjectPageFactory

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
