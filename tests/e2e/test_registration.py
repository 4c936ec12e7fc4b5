import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from classes.models import Order
from classes.pricing import quote
from classes.templatetags.humanize_price import price
from tests.e2e.conftest import screenshot
from tests.factories import ClassOfferFactory, LocationFactory, SessionFactory, SubjectPageFactory


@pytest.fixture(autouse=True)
def _payments_return_to_the_live_server(live_server, monkeypatch):
    """django-payments builds its return addresses from PAYMENT_HOST, read when it is imported."""
    monkeypatch.setattr("payments.core.PAYMENT_HOST", urlsplit(live_server.url).netloc)


def build_classes():
    """Two classes of a session starting in ten days: early enough to pre-pay online."""
    today = timezone.localdate()
    session = SessionFactory(
        name="Winter Swing",
        slug="winter-swing",
        key_day_date=today + datetime.timedelta(days=10),
        max_day_shift=0,
        publish_date=today - datetime.timedelta(days=5),
    )
    ballroom = LocationFactory(name="Century Ballroom", address="915 E Pine St")
    return [
        ClassOfferFactory(
            subject=SubjectPageFactory(title=title, short_description="Learn to swing, one rhythm at a time."),
            session=session,
            location=ballroom,
            start_time=start_time,
        )
        for title, start_time in [("Swing Out Basics", datetime.time(19, 0)), ("Charleston", datetime.time(20, 15))]
    ]


def pick(page, title):
    """Register on the class's card, then confirm: the class pages hold no form, so that they can be cached."""
    page.get_by_role("link", name=f"Register for {title}").click()
    page.get_by_role("button", name="Add to my list").click()


def fill_in_the_dancer(page, first_name, last_name, email):
    page.get_by_label("First name", exact=True).fill(first_name)
    page.get_by_label("Last name", exact=True).fill(last_name)
    page.get_by_label("Email", exact=True).fill(email)


def test_a_visitor_registers_for_two_classes_and_pays_online(page):
    swing_out, charleston = build_classes()
    expected_total = price(quote([swing_out, charleston], online=True).total)
    door_total = price(quote([swing_out, charleston], online=False).total)

    page.goto("/classes/")
    pick(page, "Swing Out Basics")
    expect(page).to_have_url("/register/")
    expect(page.get_by_text(f"Swing Out Basics ({swing_out.day_name}s) is on your list.")).to_be_visible()
    page.goto("/classes/")
    expect(page.get_by_role("link", name="Register 1 class picked")).to_be_visible()
    pick(page, "Charleston")

    expect(page.locator(".class-line")).to_have_count(2)
    fill_in_the_dancer(page, "Frankie", "Manning", "frankie@example.com")
    page.get_by_label("Follow").check()
    summary = page.get_by_role("complementary", name="Summary")
    page.get_by_label("Pay at the door").check()
    expect(summary.get_by_text("Paying at the door")).to_be_visible()
    expect(summary.get_by_text("Paying online now")).to_be_hidden()
    expect(summary.locator(".price-lines__total").filter(has_text=door_total)).to_be_visible()
    page.get_by_label("Pay online now").check()
    expect(summary.get_by_text("Paying at the door")).to_be_hidden()
    expect(summary.locator(".price-lines__total").filter(has_text=expected_total)).to_be_visible()
    expect(summary.get_by_text("Pre-pay discount")).to_be_visible()
    # The summary sticks beside the form as the page scrolls: show it where it starts.
    page.get_by_role("heading", level=1).scroll_into_view_if_needed()
    screenshot(page, "checkout")
    page.set_viewport_size({"width": 375, "height": 812})
    screenshot(page, "checkout-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("button", name="Continue to payment").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Pay {expected_total}")
    screenshot(page, "payment")
    page.get_by_role("button", name=f"Pay {expected_total}").click()  # the test payments' form comes next
    page.get_by_label("Status", exact=True).select_option("confirmed")
    page.get_by_role("button", name=f"Pay {expected_total}").click()

    order = Order.objects.get()
    expect(page).to_have_url(order.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("You're registered!")
    expect(page.get_by_text(order.reference)).to_be_visible()
    expect(page.locator(".price-lines__total")).to_have_text(f"Total{expected_total}")
    expect(page.get_by_text("check your email to activate your account", exact=False)).to_be_visible()
    screenshot(page, "registration-confirmed")
    assert order.status == Order.Status.CONFIRMED
    assert page.console_errors == []


def test_a_visitor_registers_to_pay_at_the_door(page):
    swing_out, _ = build_classes()
    door_total = price(quote([swing_out], online=False).total)

    page.goto(swing_out.get_url())
    page.get_by_role("link", name="Register", exact=True).click()
    page.get_by_role("button", name="Add to my list").click()
    fill_in_the_dancer(page, "Norma", "Miller", "norma@example.com")
    page.get_by_label("Pay at the door").check()
    page.get_by_role("button", name="Confirm registration").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("You're registered!")
    expect(page.locator(".price-lines__owed")).to_have_text(f"To pay at the door{door_total}")
    expect(page.get_by_text(f"Please bring {door_total} to your first class.")).to_be_visible()
    screenshot(page, "registration-at-the-door")
    assert Order.objects.get().method == "door"
    assert page.console_errors == []


def test_a_visitor_registers_from_a_cached_class_list_and_the_header_counts_the_class(page, settings):
    settings.PUBLIC_PAGE_CACHE_VIEWS = ["wagtail_serve", "class_calendar"]
    swing_out, _ = build_classes()
    page.goto("/classes/")  # the anonymous copy, the same for everyone
    account_menu = page.get_by_role("navigation", name="Your account")
    expect(account_menu.get_by_role("link", name="Log in")).to_be_visible()
    expect(account_menu.get_by_role("link", name=re.compile("^Register"))).to_be_hidden()

    page.get_by_role("link", name="Register for Swing Out Basics").click()
    question = f"Add Swing Out Basics, {swing_out.day_name}s, to your list?"
    expect(page.get_by_role("heading", level=1)).to_have_text(question)
    screenshot(page, "add-a-class-to-the-list")
    page.get_by_role("button", name="Add to my list").click()

    expect(page).to_have_url("/register/")
    expect(page.locator(".class-line")).to_have_count(1)
    expect(page.locator(".class-line")).to_contain_text("Swing Out Basics")
    page.goto("/classes/")
    expect(account_menu.get_by_role("link", name="Register 1 class picked")).to_be_visible()
    screenshot(page, "cached-class-list-with-a-class-picked")
    assert page.console_errors == []
