import datetime

from django.utils import timezone
from playwright.sync_api import expect

from home.demo import build_site
from tests.e2e.conftest import screenshot
from tests.factories import ClassOfferFactory, SessionFactory, SubjectPageFactory


def test_visitor_follows_the_menu_from_home_to_about(page):
    build_site()

    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Swing dance classes in Seattle")
    screenshot(page, "home")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="About us").click()

    expect(page).to_have_url("/about/")
    expect(page.get_by_role("heading", level=1)).to_have_text("About us")
    expect(page.get_by_role("link", name="About us")).to_have_attribute("aria-current", "page")
    screenshot(page, "about")
    assert page.console_errors == []


def test_phone_visitor_sees_the_menu_and_can_skip_to_content(page):
    build_site()
    page.set_viewport_size({"width": 375, "height": 740})

    page.goto("/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.get_by_text("Menu", exact=True).click()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="FAQ")).to_be_visible()
    screenshot(page, "home-phone")


def test_visitor_sees_when_the_next_series_starts_and_goes_to_the_classes(page):
    build_site()
    today = timezone.localdate()
    winter = SessionFactory(key_day_date=today + datetime.timedelta(days=10), max_day_shift=0, publish_date=today)
    swing_out = ClassOfferFactory(session=winter, subject=SubjectPageFactory(title="Swing Out Basics"))
    starts = swing_out.start_date

    page.goto("/")
    expect(page.get_by_text(f"Next series starts {starts:%a %b} {starts.day}")).to_be_visible()
    screenshot(page, "home-next-series")
    page.get_by_role("link", name="Find your class").click()

    expect(page).to_have_url("/classes/")
    expect(page.get_by_role("link", name="Swing Out Basics", exact=True)).to_be_visible()
