"""The public site on a phone: nothing pushes the page sideways, and the menu takes one row."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from classes.services.checkout import place_order
from home.demo import build_site
from home.models import SchoolSettings
from tests.e2e.conftest import PHONE, fits_the_screen_width, log_in_as_student, screenshot
from tests.factories import ClassOfferFactory, SessionFactory, UserFactory

DESKTOP = {"width": 1280, "height": 900}
LONG_EMAIL = "registrations.and.general.enquiries@hepcat-productions-seattle.example"


@pytest.fixture
def school():
    build_site()
    school = SchoolSettings.load()
    school.contact_email = LONG_EMAIL
    school.save()
    return school


def test_the_home_page_fits_a_phone_with_a_long_contact_email(page, school):
    page.set_viewport_size(PHONE)

    page.goto("/")

    expect(page.get_by_role("link", name=LONG_EMAIL)).to_be_visible()
    screenshot(page, "phone-home")
    assert fits_the_screen_width(page)


def test_the_account_page_fits_a_phone_with_long_email_addresses(page, school):
    today = timezone.localdate()
    session = SessionFactory(key_day_date=today + datetime.timedelta(days=10), publish_date=today)
    # No first name: the page greets the dancer by their email address.
    dancer = UserFactory(email="a.dancer.with.a.really.long.address@swing-dancers-of-seattle.example", first_name="")
    friend = {"first_name": "Bo", "last_name": "Ray", "email": "a.friend.with.a.long.address@swing-dancers.example"}
    place_order(offers=[ClassOfferFactory(session=session)], attendee=friend, payer=dancer, method="door")
    log_in_as_student(page, dancer)

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello, {dancer.email}")
    screenshot(page, "phone-account")
    assert fits_the_screen_width(page)


@pytest.fixture
def phone_without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, java_script_enabled=False)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


def middle_height(locator):
    box = locator.bounding_box()
    return box["y"] + box["height"] / 2


def test_on_a_phone_the_menus_fold_behind_a_menu_button_that_needs_no_javascript(phone_without_javascript, school):
    page = phone_without_javascript
    page.goto("/")
    main_menu = page.get_by_role("navigation", name="Main")
    menu_button = page.get_by_text("Menu", exact=True)

    expect(menu_button).to_be_visible()
    expect(main_menu).to_be_hidden()
    screenshot(page, "phone-menu-closed")
    assert middle_height(menu_button) == pytest.approx(middle_height(page.locator(".site-brand")), abs=4)

    menu_button.click()

    expect(main_menu.get_by_role("link", name="FAQ")).to_be_visible()
    expect(page.get_by_role("navigation", name="Your account").get_by_role("link", name="Log in")).to_be_visible()
    screenshot(page, "phone-menu-open")
    page.get_by_role("checkbox", name="Menu").press("Space")  # from the keyboard too
    expect(main_menu).to_be_hidden()

    menu_button.click()
    main_menu.get_by_role("link", name="FAQ").click()
    expect(page).to_have_url("/faq/")


def test_on_a_wide_screen_the_whole_menu_shows_in_one_row(page, school):
    page.set_viewport_size(DESKTOP)

    page.goto("/")

    expect(page.get_by_text("Menu", exact=True)).to_be_hidden()
    links = page.locator(".site-header nav a:visible")  # the Register link shows once a class is picked
    expect(links.filter(has_text="FAQ")).to_be_visible()
    rows = {round(middle_height(links.nth(number))) for number in range(links.count())}
    assert len(rows) == 1
    screenshot(page, "desktop-menu")
