import datetime
import re

import pytest
from django.template.loader import render_to_string
from wagtail.models import Page, PageViewRestriction

from home.demo import build_site
from home.models import HomePage, SchoolSettings, StandardPage
from tests.factories import ClassOfferFactory, SessionFactory, SubjectPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():
    return build_site()


def test_home_page_shows_the_school_and_its_call_to_action(client, home):
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "HepCat Productions" in html
    assert "Swing dance classes in Seattle" in html
    assert '<a class="button button--large" href="/classes/">Find your class</a>' in html


# When the next series starts


@pytest.fixture
def november_running(time_machine):
    """Tue Nov 10, 2026: the November session's classes began last week; January's are listed already."""
    time_machine.move_to(datetime.datetime(2026, 11, 10, 12, 0), tick=False)
    november = SessionFactory(
        name="November 2026", key_day_date=datetime.date(2026, 11, 5), publish_date=datetime.date(2026, 10, 15)
    )
    ClassOfferFactory(session=november, class_day=1)  # Tue Nov 3
    ClassOfferFactory(session=november, class_day=3)  # Thu Nov 5
    return november


def next_series_line(client):
    html = client.get("/").content.decode()
    return re.search(r"Next series starts <time[^>]*>([^<]*)</time>", html)


def test_the_home_page_says_when_the_next_series_starts(client, home, november_running):
    january = SessionFactory(
        name="January 2027", key_day_date=datetime.date(2027, 1, 7), publish_date=datetime.date(2026, 11, 1)
    )
    ClassOfferFactory(session=january, class_day=3)  # Thu Jan 7
    ClassOfferFactory(session=january, class_day=1)  # Tue Jan 5
    ClassOfferFactory(session=january, class_day=2, live=False)  # a draft: Wed Jan 6 isn't the start

    assert next_series_line(client)[1] == "Tue Jan 5"


@pytest.mark.parametrize(
    ("key_day", "starts"),
    [(datetime.date(2026, 11, 21), "Sat Nov 21"), (datetime.date(2026, 11, 10), "Tue Nov 10")],
)
def test_a_workshop_listed_now_that_starts_today_or_later_is_the_next_series(
    client, home, november_running, key_day, starts
):
    workshop = SessionFactory(
        name="Balboa Weekend",
        key_day_date=key_day,
        max_day_shift=0,
        num_weeks=1,
        publish_date=key_day - datetime.timedelta(weeks=3),
    )
    ClassOfferFactory(session=workshop, subject=SubjectPageFactory(num_weeks=1))
    january = SessionFactory(name="January 2027", key_day_date=datetime.date(2027, 1, 7))
    ClassOfferFactory(session=january)

    assert next_series_line(client)[1] == starts


def test_a_session_not_yet_published_counts_as_upcoming(client, home, november_running):
    march = SessionFactory(
        name="March 2027", key_day_date=datetime.date(2027, 3, 4), publish_date=datetime.date(2027, 2, 1)
    )
    ClassOfferFactory(session=march, class_day=3)

    assert next_series_line(client)[1] == "Thu Mar 4"


def test_the_home_page_says_nothing_of_a_next_series_when_none_is_scheduled(client, home, november_running):
    assert next_series_line(client) is None
    assert "Next series" not in client.get("/").content.decode()


# Three of them find when the next series starts: the sessions listed, their classes, their skip dates.
HOME_PAGE_QUERY_BUDGET = 12


def test_home_page_renders_within_a_fixed_query_budget(client, home, django_assert_max_num_queries):
    ClassOfferFactory()
    client.get("/")  # renditions of the hero and body images are made on the first view
    with django_assert_max_num_queries(HOME_PAGE_QUERY_BUDGET):
        client.get("/")

    for number in range(6):
        home.add_child(instance=StandardPage(title=f"Extra {number}", slug=f"extra-{number}", show_in_menus=True))
        ClassOfferFactory(session=SessionFactory(skip_dates=[datetime.date(2031, 1, 1)]))
    with django_assert_max_num_queries(HOME_PAGE_QUERY_BUDGET):
        response = client.get("/")

    assert "Extra 5" in response.content.decode()
    assert "Next series starts" in response.content.decode()


def test_the_menu_lists_live_pages_marked_show_in_menus(client, home):
    hidden = StandardPage(title="Staff notes", slug="staff-notes", show_in_menus=False)
    home.add_child(instance=hidden)
    draft = StandardPage(title="Coming soon", slug="coming-soon", show_in_menus=True, live=False)
    home.add_child(instance=draft)

    html = client.get("/").content.decode()

    menu = html.split('aria-label="Main"')[1].split("</nav>")[0]
    assert [title for title in ["About us", "Class policies", "FAQ"] if title in menu] == [
        "About us",
        "Class policies",
        "FAQ",
    ]
    assert "Staff notes" not in menu
    assert "Coming soon" not in menu


def test_the_footer_comes_from_the_school_settings(client, home):
    school = SchoolSettings.load()
    school.phone = "(206) 555-0199"
    school.instagram_url = ""
    school.save()

    html = client.get("/about/").content.decode()

    footer = html.split('class="site-footer"')[1]
    assert "(206) 555-0199" in footer
    assert "hello@hepcat.example" in footer
    assert "Facebook" in footer
    assert "Instagram" not in footer


def test_the_footer_phone_link_dials_the_number_as_written(client, home):
    school = SchoolSettings.load()
    school.phone = "+1 (206) 555-0199"
    school.save()

    html = client.get("/").content.decode()

    assert '<a href="tel:+12065550199">+1 (206) 555-0199</a>' in html


def test_standard_page_shows_its_blocks(client, home):
    response = client.get("/about/")

    assert response.status_code == 200
    assert "<h1>About us</h1>" in response.content.decode()
    assert "Dancing in Seattle since 2009" in response.content.decode()
    assert "<blockquote>" in response.content.decode()


def test_unknown_address_gets_the_schools_404_page(client, home):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "HepCat Productions" in response.content.decode()


def test_the_500_page_renders_without_a_database_or_request():
    html = render_to_string("500.html")

    assert "Something went wrong" in html


def test_pages_carry_a_content_security_policy(client, home):
    response = client.get("/")

    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "default-src 'self'" in policy


def test_editors_can_restrict_a_page_and_visitors_are_asked_to_log_in(client, home):
    members = Page.objects.get(slug="faq")
    PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)

    response = client.get("/faq/")

    assert response.status_code == 302
    assert "/login/?next=/faq/" in response.headers["Location"]


def test_there_is_one_home_page():
    assert HomePage.objects.count() == 1
    assert not HomePage.can_create_at(Page.get_first_root_node())
