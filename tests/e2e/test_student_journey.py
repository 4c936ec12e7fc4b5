"""The issue's whole path on a phone, in one sitting: a student logs in, sees this week's video and not next
week's, opens their class history, changes an email preference, downloads their data and reviews a class
anonymously."""

import datetime
import json
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from classes.models import Review
from home.demo import build_site
from tests.e2e.conftest import fits_the_screen_width, log_in_as_student, screenshot
from tests.factories import (
    ClassOfferFactory,
    RegistrationFactory,
    ResourcePageFactory,
    SessionFactory,
    SubjectPageFactory,
    TeacherFactory,
    UserFactory,
)


def a_class(title, first_class, teacher):
    session = SessionFactory(
        key_day_date=first_class, publish_date=first_class - datetime.timedelta(days=21), max_day_shift=0
    )
    return ClassOfferFactory(session=session, subject=SubjectPageFactory(title=title), teachers=[teacher])


def test_a_students_evening_with_their_account_on_a_phone(page):
    build_site()
    today = timezone.localdate()
    teacher = TeacherFactory(first_name="Rosa", last_name="Delgado")
    student = UserFactory(first_name="Ann", email="ann@example.com")
    running = a_class("Swing Out Basics", today - datetime.timedelta(weeks=2), teacher)  # class 3 is today
    autumn = a_class("Charleston Kicks", today - datetime.timedelta(weeks=20), teacher)
    RegistrationFactory(attendee=student, class_offer=running)
    RegistrationFactory(attendee=student, class_offer=autumn)
    ResourcePageFactory(title="Week 3 review", release_class_number=3, subjects=[running.subject])
    ResourcePageFactory(title="Week 4 review", release_class_number=4, subjects=[running.subject])
    ResourcePageFactory(title="Kicks practice notes", release_class_number=5, class_offers=[autumn])
    log_in_as_student(page, student)

    expect(page.get_by_text("Week 3 of 5")).to_be_visible()
    expect(page.get_by_role("link", name="Week 3 review")).to_be_visible()
    expect(page.get_by_text("Week 4 review")).to_have_count(0)
    screenshot(page, "journey-1-account")
    assert fits_the_screen_width(page)

    page.get_by_role("region", name="Past classes").get_by_role("link", name="Charleston Kicks").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Charleston Kicks")
    expect(page.get_by_role("link", name="Kicks practice notes")).to_be_visible()
    screenshot(page, "journey-2-past-class")
    assert fits_the_screen_width(page)

    page.goto("/account/")
    page.get_by_role("link", name="Settings").click()
    page.get_by_label("Promotions").uncheck()
    page.get_by_role("button", name="Save email preferences").click()
    expect(page.get_by_text("Your email preferences are saved.")).to_be_visible()
    screenshot(page, "journey-3-settings")
    assert fits_the_screen_width(page)
    assert User.objects.get(pk=student.pk).email_promotions is False

    page.goto("/account/data/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as JSON").click()
    data = json.loads(Path(download.value.path()).read_text())
    assert data["profile"]["email"] == "ann@example.com"
    assert data["profile"]["email_promotions"] is False
    assert {row["class"] for row in data["registrations"]} == {"Swing Out Basics", "Charleston Kicks"}

    page.goto("/account/reviews/")
    page.get_by_role("link", name="Review Charleston Kicks").click()
    page.locator("#id_class-rating_3").check()  # the fourth choice: 4
    page.get_by_label("In your words (optional)").first.fill("Kicks at last, and I can keep up at speed.")
    screenshot(page, "journey-4-review")
    assert fits_the_screen_width(page)
    page.get_by_role("button", name="Save my review").click()
    expect(page.get_by_text("Thank you: your review of Charleston Kicks is saved.")).to_be_visible()
    review = Review.objects.get(author=student)
    assert (review.class_offer, review.rating, review.signed) == (autumn, 4, False)
    assert page.console_errors == []
