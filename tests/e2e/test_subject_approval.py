"""A teacher proposes a subject in the Wagtail admin; an admin approves it from the dashboard."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from accounts.roles import ADMINS
from classes.models import ClassesIndexPage, SubjectPage
from tests.e2e.conftest import screenshot
from tests.factories import PASSWORD, LevelFactory, TeacherFactory, UserFactory

SUBJECT = "Lindy 2: Swing Outs with Style"
SUBJECT_URL = "/classes/lindy-2-swing-outs-with-style/"


@pytest.fixture
def second_browser(page, live_server):
    """Another person's browser, signed in separately from `page`."""
    context = page.context.browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


def log_in(page, user):
    page.goto("/admin/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_a_teacher_proposes_a_subject_and_an_admin_approves_it(page, second_browser, settings):
    # Autosave would create the page while the robot, faster than any teacher, is still clicking "Submit".
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    LevelFactory(name="Lindy 2", code="LH2", rank=Decimal("2"))
    teacher = TeacherFactory(first_name="Frankie", last_name="Manning")
    admin = UserFactory(groups=[ADMINS], first_name="Norma", last_name="Miller")

    log_in(page, teacher)
    page.get_by_role("button", name="Pages").click()
    page.get_by_role("link", name="Classes", exact=True).click()
    expect(page).to_have_url(f"/admin/pages/{ClassesIndexPage.objects.get().pk}/")
    page.get_by_role("link", name="Add child page").first.click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("New: Subject")
    page.get_by_placeholder("Page title*").fill(SUBJECT)
    page.get_by_role("button", name="Choose level").click()
    page.get_by_role("dialog").get_by_role("link", name="Lindy 2").click()
    expect(page.get_by_role("dialog")).to_be_hidden()
    page.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name="Paragraph").click()
    page.locator("[data-contentpath=description] [role=textbox]").press_sequentially(
        "Swing outs that breathe with the music."
    )
    # The rich text editor copies what was typed into the form a moment later.
    expect(page.locator("input[name='description-0-value']")).to_have_value(re.compile("breathe with the music"))
    screenshot(page, "approval-1-teacher-proposes")
    page.get_by_role("button", name="More actions").click()
    expect(page.get_by_role("button", name="Publish")).to_have_count(0)
    page.get_by_role("button", name="Submit to Admin approval").click()

    expect(page.get_by_text(f"Page '{SUBJECT}' created and submitted for moderation.")).to_be_visible()
    screenshot(page, "approval-2-submitted")
    assert not SubjectPage.objects.get(title=SUBJECT).live

    log_in(second_browser, admin)
    review = second_browser.get_by_role("region", name="Awaiting your review")
    expect(review.get_by_role("row").filter(has_text=SUBJECT)).to_contain_text("Frankie Manning")
    screenshot(second_browser, "approval-3-admin-dashboard")
    review.get_by_role("button", name="Actions").click()
    review.get_by_role("button", name="Approve", exact=True).click()
    expect(second_browser.get_by_role("region", name="Awaiting your review")).to_have_count(0)

    second_browser.goto(SUBJECT_URL)
    expect(second_browser.get_by_role("heading", level=1)).to_have_text(SUBJECT)
    expect(second_browser.get_by_text("Swing outs that breathe with the music.")).to_be_visible()
    screenshot(second_browser, "approval-4-subject-live")
