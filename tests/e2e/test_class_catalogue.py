import datetime
import re
from decimal import Decimal

from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import TeacherPage, TeachersIndexPage
from tests.e2e.conftest import screenshot
from tests.factories import (
    ClassOfferFactory,
    LevelFactory,
    LocationFactory,
    SessionFactory,
    SubjectPageFactory,
    TeacherFactory,
)


def build_catalogue():
    """A session starting in ten days, with a holiday in its third week, and classes at two levels."""
    today = timezone.localdate()
    key_day = today + datetime.timedelta(days=10)
    holiday = key_day + datetime.timedelta(weeks=2)
    session = SessionFactory(
        name="Winter Swing",
        slug="winter-swing",
        key_day_date=key_day,
        max_day_shift=0,
        publish_date=today - datetime.timedelta(days=5),
        skip_dates=[(holiday, "Holiday break")],
    )
    beginning = LevelFactory(name="Beginning", code="Beg", rank=Decimal("1"))
    lindy_2 = LevelFactory(name="Lindy 2", code="LH2", rank=Decimal("2"))
    ballroom = LocationFactory(name="Century Ballroom", address="915 E Pine St")
    ann, bob = TeacherFactory(first_name="Ann", last_name="Lee"), TeacherFactory(first_name="Bob", last_name="Ray")
    TeachersIndexPage.objects.get().add_child(instance=TeacherPage(title="Ann Lee", slug="ann-lee", teacher=ann))
    classes = [
        ("Swing Out Basics", beginning, "A", datetime.time(19, 0)),
        ("Charleston for Beginners", beginning, "B", datetime.time(20, 15)),
        ("Lindy 2: Swing Outs with Style", lindy_2, "A", datetime.time(19, 0)),
        ("Lindy 2: Jazz Steps", lindy_2, "B", datetime.time(20, 15)),
    ]
    for title, level, version, start_time in classes:
        subject = SubjectPageFactory(
            title=title,
            level=level,
            version=version,
            short_description="Learn the moves that make Lindy Hop swing, one rhythm at a time.",
        )
        ClassOfferFactory(
            subject=subject, session=session, location=ballroom, start_time=start_time, teachers=[ann, bob]
        )
    return holiday


def test_visitor_finds_a_beginner_class_and_its_dates(page):
    holiday = build_catalogue()

    page.goto("/classes/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Classes")
    expect(page.get_by_role("link", name="Classes", exact=True)).to_have_attribute("aria-current", "page")
    expect(page.get_by_text("Upcoming session")).to_be_visible()
    expect(page.locator(".class-card")).to_have_count(4)
    screenshot(page, "classes")

    page.get_by_label("Level").select_option(label="Beginning")
    page.get_by_role("button", name="Show classes").click()

    expect(page).to_have_url("/classes/?level=Beg&day=")
    expect(page.locator(".class-card__level")).to_have_text(["Beginning A", "Beginning B"])
    expect(page.get_by_text("Lindy 2: Jazz Steps")).to_have_count(0)
    screenshot(page, "classes-filtered")

    page.get_by_role("link", name="Swing Out Basics", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Swing Out Basics")
    meetings = page.get_by_role("region", name="Class dates").get_by_role("listitem")
    expect(meetings).to_have_count(6)  # five classes and the holiday
    expect(meetings.first).to_contain_text("Class 1")
    expect(meetings.nth(2)).to_have_text(f"No class {holiday:%a %b} {holiday.day}: Holiday break")
    expect(page.get_by_role("link", name="Register", exact=True)).to_be_visible()
    screenshot(page, "class-offer")
    assert page.console_errors == []


def test_phone_visitor_reads_the_class_list_and_a_class(page):
    build_catalogue()
    page.set_viewport_size({"width": 375, "height": 740})

    page.goto("/classes/")
    expect(page.get_by_label("Day")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"^Register for Swing Out Basics"))).to_be_visible()
    screenshot(page, "classes-phone")

    page.get_by_role("link", name="Charleston for Beginners", exact=True).click()
    expect(page.get_by_role("link", name="Register", exact=True)).to_be_in_viewport()
    screenshot(page, "class-offer-phone")
    assert page.console_errors == []
