"""What search engines and link previews learn about the classes: sitemap entries, descriptions and JSON-LD."""

import datetime

import pytest

from tests.factories import ClassOfferFactory, SessionFactory, SubjectPageFactory
from tests.home.test_seo import sitemap_locations

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 10, 12, 0), tick=False)  # a Tuesday in the November session


def test_the_sitemap_lists_each_subject_and_its_classes_open_for_sign_up(client, november):
    swing_out = SubjectPageFactory(title="Swing Out Basics")
    ClassOfferFactory(subject=swing_out, session=november, class_day=3)
    ClassOfferFactory(subject=swing_out, session=november, class_day=1, live=False)
    march = SessionFactory(name="March 2027", key_day_date=datetime.date(2027, 3, 4))  # not yet published
    ClassOfferFactory(subject=swing_out, session=march)

    locations = sitemap_locations(client)

    subject_pages = [location for location in locations if "/classes/swing-out-basics/" in location]
    assert subject_pages == [
        "http://localhost/classes/swing-out-basics/",
        "http://localhost/classes/swing-out-basics/november-2026/thursday/",
    ]
