"""What search engines and link previews learn about the classes: sitemap entries, descriptions and JSON-LD."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup

from tests.factories import (
    ClassOfferFactory,
    LevelFactory,
    LocationFactory,
    SessionFactory,
    SubjectPageFactory,
    TeacherFactory,
)
from tests.home.test_seo import sitemap_locations
from tests.pages import metadata_of

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


@pytest.fixture
def swing_out_thursdays(november):
    subject = SubjectPageFactory(
        title="Swing Out Basics",
        level=LevelFactory(name="Beginning"),
        version="A",
        short_description="Your first steps in Lindy Hop.",
    )
    studio = LocationFactory(name="Century Ballroom", address="915 E Pine St", postcode="98122")
    return ClassOfferFactory(subject=subject, session=november, location=studio, class_day=3)


def test_a_class_page_is_described_by_what_when_and_where(client, swing_out_thursdays):
    metadata = metadata_of(client.get("/classes/swing-out-basics/november-2026/thursday/"))

    assert metadata["description"] == (
        "Swing Out Basics (Beginning A): Thursdays, 7:00 PM–8:00 PM, Nov 5 – Dec 10, 2026, "
        "at Century Ballroom, 915 E Pine St, Seattle, WA 98122."
    )
    assert metadata["og:description"] == metadata["description"]
    assert metadata["og:title"] == "Swing Out Basics"
    assert metadata["canonical"] == "http://testserver/classes/swing-out-basics/november-2026/thursday/"
    assert metadata["og:url"] == metadata["canonical"]


def test_a_class_that_meets_once_is_described_by_its_day(client):
    weekend = SessionFactory(
        name="Balboa Weekend",
        key_day_date=datetime.date(2026, 11, 21),
        max_day_shift=0,
        num_weeks=1,
        publish_date=datetime.date(2026, 11, 1),
    )
    subject = SubjectPageFactory(
        title="Balboa Basics", level=LevelFactory(name="Balboa Basics"), version="NA", num_weeks=1
    )
    ClassOfferFactory(subject=subject, session=weekend, location=LocationFactory(name="Ballard Loft"))

    metadata = metadata_of(client.get("/classes/balboa-basics/balboa-weekend/saturday/"))

    assert metadata["description"].startswith("Balboa Basics: Saturday, Nov 21, 2026, 7:00 PM–8:00 PM, at Ballard Loft")


def test_a_subject_page_is_described_by_its_short_description(client, swing_out_thursdays):
    metadata = metadata_of(client.get("/classes/swing-out-basics/"))

    assert metadata["description"] == "Your first steps in Lindy Hop."
    assert metadata["og:title"] == "Swing Out Basics"


def test_the_locations_page_describes_itself(client, swing_out_thursdays):
    metadata = metadata_of(client.get("/classes/locations/"))

    assert metadata["og:title"] == "Where we dance"
    assert metadata["canonical"] == "http://testserver/classes/locations/"
    assert "where our classes meet" in metadata["description"]


def json_ld_of(response):
    """The schema.org data of a page, read as a search engine reads it."""
    [script] = BeautifulSoup(response.content, "html.parser").select('script[type="application/ld+json"]')
    return json.loads(script.string)


def test_a_class_page_tells_search_engines_it_is_a_course_with_its_dates_place_teachers_and_price(
    client, swing_out_thursdays
):
    swing_out_thursdays.teachers.set([TeacherFactory(first_name="Ann", last_name="Lee")])
    swing_out_thursdays.save()

    course = json_ld_of(client.get("/classes/swing-out-basics/november-2026/thursday/"))

    assert course["@context"] == "https://schema.org"
    assert course["@type"] == "Course"
    assert course["name"] == "Swing Out Basics"
    assert course["description"] == "Your first steps in Lindy Hop."
    assert course["provider"]["name"] == "HepCat Productions"
    run = course["hasCourseInstance"]
    assert run["@type"] == "CourseInstance"
    assert run["courseMode"] == "onsite"
    assert (run["startDate"], run["endDate"]) == ("2026-11-05", "2026-12-10")
    assert run["courseSchedule"]["repeatFrequency"] == "P1W"
    assert run["courseSchedule"]["repeatCount"] == 5
    assert run["courseSchedule"]["exceptDate"] == ["2026-11-26"]  # Thanksgiving
    assert (run["courseSchedule"]["startTime"], run["courseSchedule"]["endTime"]) == ("19:00", "20:00")
    assert run["location"]["@type"] == "Place"
    assert run["location"]["name"] == "Century Ballroom"
    assert run["location"]["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "915 E Pine St",
        "addressLocality": "Seattle",
        "addressRegion": "WA",
        "postalCode": "98122",
        "addressCountry": "US",
    }
    assert run["instructor"] == [{"@type": "Person", "name": "Ann Lee"}]
    assert run["offers"]["price"] == "95.00"
    assert run["offers"]["priceCurrency"] == "USD"
    assert run["offers"]["url"] == "http://testserver/classes/swing-out-basics/november-2026/thursday/"


def test_a_title_cannot_break_out_of_the_schema_org_script(client, november):
    title = 'Swing </script><script>alert("hi")</script> & Jive'
    ClassOfferFactory(subject=SubjectPageFactory(title=title, slug="swing-and-jive"), session=november, class_day=3)

    response = client.get("/classes/swing-and-jive/november-2026/thursday/")

    assert json_ld_of(response)["name"] == title
    assert json_ld_of(response)["description"].startswith(f"{title} (Level ")  # described by its dates and place
    assert metadata_of(response)["description"].startswith(f"{title} (Level ")
    assert "<script>alert" not in response.content.decode()
