"""A teacher, signed in, follows "My classes" from the site's header to a class's roster, reads a student's class
history, writes the running notes twice and finds both versions, compared with the class plan: on a desktop and
on a phone."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from classes.models import Attendance
from tests.e2e.conftest import PHONE, fits_the_screen_width, screenshot
from tests.e2e.test_subject_approval import log_in
from tests.factories import (
    ClassOfferFactory,
    LevelFactory,
    RegistrationFactory,
    SessionFactory,
    SubjectPageFactory,
    TeacherFactory,
    UserFactory,
)


def running_class(teacher):
    """Lindy 2 A, met a week ago and meeting again today; Ann took Beginning A before it and came to the first."""
    today = timezone.localdate()
    levels = [LevelFactory(name="Beginning", rank=Decimal(1)), LevelFactory(name="Lindy 2", rank=Decimal(2))]
    before = SessionFactory(key_day_date=today - datetime.timedelta(weeks=8), max_day_shift=0)
    now = SessionFactory(key_day_date=today - datetime.timedelta(weeks=1), max_day_shift=0)
    beginning = ClassOfferFactory(
        session=before,
        subject=SubjectPageFactory(title="Beginning A", level=levels[0], syllabus="<p>The swing out.</p>"),
    )
    lindy = ClassOfferFactory(
        session=now,
        subject=SubjectPageFactory(
            title="Lindy 2 A",
            level=levels[1],
            class_plan="<p>Warm up with the Shim Sham, then swing outs with style.</p>",
            syllabus="<p>Swing outs, Lindy circles and the Texas Tommy.</p>",
        ),
        teachers=[teacher],
        capacity=16,
    )
    ann = UserFactory(first_name="Ann", last_name="Lee")
    RegistrationFactory(attendee=ann, class_offer=beginning)
    registration = RegistrationFactory(attendee=ann, class_offer=lindy, dance_role="lead")
    Attendance.objects.create(registration=registration, meeting=lindy.meetings.get(number=1))
    RegistrationFactory(attendee=UserFactory(first_name="Bob", last_name="Ray"), class_offer=lindy, dance_role="follow")
    return lindy


def write_notes(page, text):
    page.get_by_role("link", name="Write notes").first.click()
    editor = page.locator(".Draftail-Editor [role=textbox]")
    editor.click()
    page.keyboard.press("Control+End")  # after what the notes say already
    editor.press_sequentially(text)
    # The rich text editor copies what was typed into the form a moment later.
    expect(page.locator("input[name='body']")).to_have_value(re.compile(re.escape(text.strip()[-12:])))
    page.get_by_role("button", name="Save notes").click()
    expect(page.get_by_text("Notes saved")).to_be_visible()


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_teacher_reads_a_roster_and_a_student_s_history_and_keeps_two_versions_of_the_notes(page, device):
    teacher = TeacherFactory(first_name="Frankie", last_name="Manning")
    running_class(teacher)
    if device == "phone":
        page.set_viewport_size(PHONE)
    log_in(page, teacher)

    page.goto("/")
    if device == "phone":
        page.get_by_text("Menu", exact=True).click()
    expect(page.get_by_role("link", name="My classes")).to_be_visible()
    screenshot(page, f"my-classes-0-site-header-{device}")
    page.get_by_role("link", name="My classes").click()
    expect(page.get_by_role("heading", name="Running now")).to_be_visible()
    screenshot(page, f"my-classes-1-list-{device}")
    if device == "phone":
        assert fits_the_screen_width(page)
    page.get_by_role("link", name="Lindy 2 A").click()

    expect(page.get_by_text("1 lead · 1 follow · 0 either")).to_be_visible()
    roster = page.get_by_role("region", name=re.compile("Students"))
    expect(roster.get_by_role("row").filter(has_text="Ann Lee")).to_contain_text("1 of 1")
    expect(roster.get_by_role("row").filter(has_text="Bob Ray")).to_contain_text("First class")
    expect(page.get_by_text("Swing outs, Lindy circles and the Texas Tommy.")).to_be_visible()
    screenshot(page, f"my-classes-2-roster-{device}")
    if device == "phone":
        assert fits_the_screen_width(page)
    roster.get_by_role("link", name="Ann Lee").click()

    expect(page.get_by_role("row").filter(has_text="Beginning A")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Lindy 2 A")).to_contain_text("1 of 1")
    screenshot(page, f"my-classes-3-student-{device}")
    page.get_by_role("link", name="Back to the class").click()

    write_notes(page, "Swing outs went well.")
    write_notes(page, " Next week: Lindy circles.")
    page.get_by_role("link", name="Versions of the notes").first.click()

    rows = page.get_by_role("row").filter(has_text="Frankie Manning")
    expect(rows).to_have_count(2)
    screenshot(page, f"my-classes-4-versions-{device}")
    page.get_by_role("link", name="Version 2").click()
    expect(page.locator(".comparison .addition").first).to_be_visible()
    expect(page.locator(".comparison").last).to_contain_text("Next week: Lindy circles.")
    screenshot(page, f"my-classes-5-compared-{device}")
    if device == "phone":
        assert fits_the_screen_width(page)
    assert not page.console_errors
