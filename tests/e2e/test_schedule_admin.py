"""An admin copies a session's classes into the next one, each as its subject's next version, and puts the copies
live in one go from the class offer list; then checks who is in a class on its roster."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import ADMINS
from classes.models import ClassOffer
from tests.e2e.conftest import PHONE, screenshot
from tests.factories import (
    PASSWORD,
    ClassOfferFactory,
    LevelFactory,
    LocationFactory,
    RegistrationFactory,
    SessionFactory,
    SubjectPageFactory,
    UserFactory,
)

DESKTOP = {"width": 1280, "height": 900}


def build_sessions():
    """Autumn (running now, three Beginning classes on its key day) and Winter, listed for sign-up since yesterday,
    still empty."""
    today = timezone.localdate()
    autumn = SessionFactory(
        name="Autumn Swing", key_day_date=today - datetime.timedelta(days=28), max_day_shift=0, num_weeks=5
    )
    winter = SessionFactory(
        name="Winter Swing",
        slug="winter-swing",
        key_day_date=today + datetime.timedelta(days=14),
        max_day_shift=0,
        publish_date=today - datetime.timedelta(days=1),
    )
    beginning = LevelFactory(name="Beginning", code="Beg", rank=Decimal("1"))
    subjects = {v: SubjectPageFactory(title=f"Beginning {v}", level=beginning, version=v) for v in "ABCD"}
    ballroom = LocationFactory(name="Century Ballroom")
    for version, hour in [("A", 18), ("B", 19), ("D", 20)]:
        ClassOfferFactory(
            session=autumn,
            subject=subjects[version],
            location=ballroom,
            class_day=autumn.key_day_date.weekday(),
            start_time=datetime.time(hour),
        )
    return autumn, winter


def log_in(page, user):
    page.goto("/admin/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_an_admin_copies_a_session_and_approves_and_publishes_the_copies_at_once(page, settings, viewport):
    settings.ASSUME_CLASS_APPROVE = False
    page.set_viewport_size(viewport)
    shot = "phone-" if viewport == PHONE else ""
    autumn, winter = build_sessions()
    admin = UserFactory(groups=[ADMINS], first_name="Norma", last_name="Miller")
    UserFactory(groups=[ADMINS])  # another admin, whom the copies would wait for

    log_in(page, admin)
    page.goto(reverse("wagtailsnippets_classes_session:copy_classes", args=[autumn.pk]))
    expect(page.get_by_role("heading", name="To be copied (3)")).to_be_visible()
    # Each copy proposes its subject's next version: A→B, B→C, D→A.
    pickers = page.locator("select[name^=subject_]")
    expect(pickers).to_have_count(3)
    assert [picker.evaluate("select => select.selectedOptions[0].text") for picker in pickers.all()] == [
        "Beginning B",
        "Beginning C",
        "Beginning A",
    ]
    screenshot(page, f"{shot}schedule-1-copy-plan")
    page.get_by_role("button", name="Copy 3 classes").click()

    expect(page.get_by_text("Copied 3 classes from Autumn Swing into Winter Swing.")).to_be_visible()
    rows = page.locator("table.listing tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.filter(has_text="in moderation")).to_have_count(3)
    assert not ClassOffer.objects.filter(session=winter, live=True).exists()
    page.goto("/classes/")
    expect(page.get_by_text("Winter Swing")).to_have_count(0)
    page.go_back()

    page.locator("thead input[type=checkbox]").check()
    page.get_by_role("link", name="Approve and publish the selected class offers").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Approve and publish")
    expect(page.get_by_role("listitem").filter(has_text="in moderation")).to_have_count(3)
    screenshot(page, f"{shot}schedule-2-confirm-approve-and-publish")
    page.get_by_role("button", name="Yes, approve and publish").click()

    expect(page.get_by_text("Approved and published 3 class offers.")).to_be_visible()
    expect(page.locator("table.listing tbody tr").filter(has_text="live")).to_have_count(3)
    screenshot(page, f"{shot}schedule-3-published")
    assert ClassOffer.objects.filter(session=winter, live=True).count() == 3
    assert not page.console_errors

    page.goto("/classes/")
    for title in ["Beginning A", "Beginning B", "Beginning C"]:
        expect(page.get_by_role("link", name=title).first).to_be_visible()
    screenshot(page, f"{shot}schedule-4-live-on-the-site")


def test_an_admin_opens_a_class_roster_from_the_class_offer_list(page):
    autumn, _winter = build_sessions()
    class_offer = ClassOffer.objects.filter(session=autumn).order_by("start_time").first()
    for name in ["Ada", "Bea"]:
        RegistrationFactory(class_offer=class_offer, attendee=UserFactory(first_name=name, last_name="Dancer"))
    admin = UserFactory(groups=[ADMINS])

    log_in(page, admin)
    page.goto(f"{reverse('wagtailsnippets_classes_classoffer:list')}?session={autumn.pk}")
    page.get_by_role("link", name=f"Students (2/{class_offer.capacity})").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Roster")
    students = page.locator("table").first.locator("tbody tr")
    expect(students).to_have_count(2)
    expect(students.first).to_contain_text("Ada Dancer")
    expect(students.first).to_contain_text("$95.00")
    screenshot(page, "schedule-5-roster")

    with page.context.expect_page() as printed:
        page.get_by_role("link", name="Print").click()
    print_view = printed.value
    expect(print_view.get_by_role("heading", level=1)).to_have_text(str(class_offer))
    expect(print_view.locator("table").first.locator("tbody tr")).to_have_count(2)
    print_view.emulate_media(media="print")
    screenshot(print_view, "schedule-6-roster-printed")
