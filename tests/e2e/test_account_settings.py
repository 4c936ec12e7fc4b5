"""A student on a phone opens their settings from the account page and stops the promotional emails."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from classes.services.checkout import place_order
from tests.e2e.conftest import fits_the_screen_width, log_in_as_student, screenshot
from tests.factories import ClassOfferFactory, SessionFactory, SubjectPageFactory, UserFactory


def test_a_student_on_a_phone_changes_an_email_preference(page):
    today = timezone.localdate()
    session = SessionFactory(key_day_date=today + datetime.timedelta(days=10), publish_date=today, max_day_shift=0)
    ann = UserFactory(email="ann.lee.who.dances.every.week@swing-dancers-of-seattle.example", first_name="Ann")
    class_offer = ClassOfferFactory(session=session, subject=SubjectPageFactory(title="Swing Out Basics"))
    place_order(offers=[class_offer], attendee=ann, method="door")
    log_in_as_student(page, ann)
    expect(page.get_by_role("heading", name="Payments")).to_be_visible()
    expect(page.get_by_text("To pay at the door")).to_be_visible()
    screenshot(page, "phone-account-payments")
    assert fits_the_screen_width(page)

    page.get_by_role("link", name="Settings").click()
    expect(page.get_by_role("heading", name="Settings", level=1)).to_be_visible()
    promotions = page.get_by_label("Promotions")
    expect(promotions).to_be_checked()
    promotions.uncheck()
    page.get_by_role("button", name="Save email preferences").click()

    expect(page.get_by_text("Your email preferences are saved.")).to_be_visible()
    expect(page.get_by_label("Promotions")).not_to_be_checked()
    expect(page.get_by_label("Weekly class emails")).to_be_checked()
    screenshot(page, "phone-account-settings")
    assert fits_the_screen_width(page)
    page.reload()
    expect(page.get_by_label("Promotions")).not_to_be_checked()
    ann = User.objects.get(pk=ann.pk)
    assert (ann.email_promotions, ann.email_weekly_class, ann.first_name) == (False, True, "Ann")
    assert page.console_errors == []
