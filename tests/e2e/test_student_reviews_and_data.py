"""On a phone: a student reviews a class they attended, anonymously, downloads their data, and closes their
account."""

import datetime
import json
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from classes.models import Review
from home.demo import build_site
from tests.e2e.conftest import fits_the_screen_width, log_in_as_student, screenshot
from tests.factories import (
    PASSWORD,
    ClassOfferFactory,
    RegistrationFactory,
    SessionFactory,
    SubjectPageFactory,
    TeacherFactory,
    UserFactory,
)


@pytest.fixture
def student():
    """A student of a class that met two weeks ago and last week, taught by Ann Lee."""
    build_site()
    started = timezone.localdate() - datetime.timedelta(days=14)
    session = SessionFactory(name="This month", key_day_date=started, max_day_shift=0)
    lindy = ClassOfferFactory(
        session=session,
        subject=SubjectPageFactory(title="Lindy Hop 1"),
        teachers=[TeacherFactory(first_name="Ann", last_name="Lee")],
    )
    dancer = UserFactory(email="ada@example.com", first_name="Ada", last_name="Lovelace")
    RegistrationFactory(attendee=dancer, class_offer=lindy)
    return dancer


def test_a_student_reviews_a_class_anonymously_and_downloads_their_data_on_a_phone(page, student):
    log_in_as_student(page, student)

    page.get_by_role("link", name="Review Lindy Hop 1").click()
    expect(page.get_by_role("heading", name="Ann Lee, your teacher")).to_be_visible()
    page.locator("#id_class-rating_4").check()  # the fifth choice: 5
    page.get_by_label("In your words (optional)").first.fill("Great swing-outs, clear teaching.")
    screenshot(page, "phone-review-form")
    assert fits_the_screen_width(page)
    page.get_by_role("button", name="Save my review").click()

    expect(page.get_by_text("Thank you: your review of Lindy Hop 1 is saved.")).to_be_visible()
    expect(page.get_by_text("5 out of 5 · anonymous")).to_be_visible()
    screenshot(page, "phone-reviews")
    assert fits_the_screen_width(page)
    review = Review.objects.get()
    assert (review.rating, review.signed) == (5, False)

    page.goto("/account/data/")
    screenshot(page, "phone-your-data")
    assert fits_the_screen_width(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as JSON").click()
    data = json.loads(Path(download.value.path()).read_text())
    assert data["profile"]["email"] == "ada@example.com"
    assert data["reviews"][0]["text"] == "Great swing-outs, clear teaching."


def test_a_student_closes_their_account_on_a_phone(page, student):
    """Their class has a meeting left: they are told to have it cancelled first, and then, once it's over, close."""
    log_in_as_student(page, student)
    page.goto("/account/close/")
    screenshot(page, "phone-close-refused")
    assert fits_the_screen_width(page)
    expect(page.get_by_text("You still have a place in Lindy Hop 1")).to_be_visible()

    student.registrations.update(status="cancelled")
    page.reload()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Close my account").click()

    expect(page.get_by_role("heading", name="Your account is closed")).to_be_visible()
    screenshot(page, "phone-account-closed")
    assert not User.objects.get(pk=student.pk).is_active
