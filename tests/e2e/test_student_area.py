"""A student on their phone: this week's review video is in their account and next week's is not yet; their
class history opens the page of a class they took, with its material."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from home.demo import build_site
from resources.models import ResourcePage
from tests.e2e.conftest import fits_the_screen_width, log_in_as_student, screenshot
from tests.factories import (
    ClassOfferFactory,
    RegistrationFactory,
    ResourcePageFactory,
    SessionFactory,
    SubjectPageFactory,
    UserFactory,
)


def a_class(title, first_class, **fields):
    session = SessionFactory(
        key_day_date=first_class, publish_date=first_class - datetime.timedelta(days=21), max_day_shift=0, **fields
    )
    return ClassOfferFactory(session=session, subject=SubjectPageFactory(title=title))


def test_a_student_sees_this_weeks_video_and_opens_a_past_class_on_a_phone(page):
    build_site()
    today = timezone.localdate()
    student = UserFactory(first_name="Ann", email="ann@example.com")
    # Class 3 of the running class is today; the autumn class finished months ago.
    running = a_class("Swing Out Basics", today - datetime.timedelta(weeks=2))
    autumn = a_class("Charleston Kicks", today - datetime.timedelta(weeks=20))
    RegistrationFactory(attendee=student, class_offer=running)
    RegistrationFactory(attendee=student, class_offer=autumn)
    ResourcePageFactory(title="Week 3 review", release_class_number=3, class_offers=[running])
    ResourcePageFactory(title="Week 4 review", release_class_number=4, class_offers=[running])
    ResourcePageFactory(
        title="Kicks handout",
        kind=ResourcePage.Kind.DOCUMENT,
        release=ResourcePage.Release.COMPLETION,
        class_offers=[autumn],
    )
    log_in_as_student(page, student)

    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Ann")
    expect(page.get_by_text("Week 3 of 5")).to_be_visible()
    this_week = page.get_by_role("link", name="Week 3 review")
    expect(this_week).to_be_visible()
    expect(page.get_by_text("New this week").first).to_be_visible()
    expect(page.get_by_text("Week 4 review")).to_have_count(0)
    screenshot(page, "phone-student-area")
    assert fits_the_screen_width(page)

    page.get_by_role("region", name="Past classes").get_by_role("link", name="Charleston Kicks").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Charleston Kicks")
    expect(page.get_by_role("link", name="Kicks handout")).to_be_visible()
    expect(page.get_by_text("Finished")).to_be_visible()
    screenshot(page, "phone-past-class")
    assert fits_the_screen_width(page)

    page.go_back()
    this_week.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Week 3 review")
    assert page.console_errors == []
