"""On a phone at the door: a teacher checks in three students of today's class and a walk-in, and the admin's
attendance report shows them; the front desk, on a phone where the page's script doesn't load, checks a student in
and takes their payment."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import ADMINS, FRONT_DESK
from classes.models import Attendance, Registration
from tests.e2e.conftest import PHONE, fits_the_screen_width, screenshot
from tests.e2e.test_subject_approval import log_in
from tests.factories import ClassOfferFactory, RegistrationFactory, SessionFactory, TeacherFactory, UserFactory


def class_meeting_today(teacher):
    today = timezone.localdate()
    session = SessionFactory(
        name="This month",
        key_day_date=today - datetime.timedelta(days=7),
        max_day_shift=0,
        publish_date=today - datetime.timedelta(days=30),
        expire_date=today + datetime.timedelta(days=7),
    )
    return ClassOfferFactory(session=session, teachers=[teacher], subject__title="Lindy Hop 1", capacity=12)


def test_a_teacher_checks_in_three_students_and_a_walk_in_on_a_phone(page):
    today = timezone.localdate()
    teacher = TeacherFactory(first_name="Frankie", last_name="Manning")
    lindy = class_meeting_today(teacher)
    students = [
        RegistrationFactory(class_offer=lindy, attendee__first_name=first, attendee__last_name=last, dance_role=role)
        for first, last, role in [("Ada", "Lovelace", "follow"), ("Bo", "Diddley", "lead"), ("Cy", "Twombly", "lead")]
    ]
    page.set_viewport_size(PHONE)
    log_in(page, teacher)

    page.goto("/admin/check-in/")
    page.get_by_role("link", name="Lindy Hop 1").click()
    expect(page.get_by_text("0 came · 0 of 3 checked in")).to_be_visible()
    for registration, status in zip(students, ["Present", "Late", "Present"], strict=True):
        button = page.locator(f"#student-{registration.pk}").get_by_role("button", name=status)
        button.click()
        expect(button).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_text("3 came · 3 of 3 checked in")).to_be_visible()
    screenshot(page, "check-in-phone-marked")

    page.get_by_label("First name").fill("Walt")
    page.get_by_label("Last name").fill("Inn")
    page.get_by_label("Email").fill("walt@example.com")
    page.get_by_label("Dance role").select_option("lead")
    page.get_by_role("button", name="Register and check in").click()
    expect(page.get_by_text("Walt Inn is registered, to pay $95.00 at the door, and present.")).to_be_visible()
    expect(page.get_by_text("4 came · 4 of 4 checked in")).to_be_visible()
    assert fits_the_screen_width(page)
    assert not page.console_errors
    screenshot(page, "check-in-phone")

    marks = dict(
        Attendance.objects.filter(meeting__date=today).values_list("registration__attendee__first_name", "status")
    )
    assert marks == {"Ada": "present", "Bo": "late", "Cy": "present", "Walt": "present"}
    assert Registration.objects.get(attendee__email="walt@example.com").order.method == "door"

    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, UserFactory(groups=[ADMINS]))
    page.goto(f"/admin/school-reports/attendance/?session={lindy.session_id}")
    expect(page.locator(".report-chart__numbers tbody tr").filter(has_text="Week 2")).to_have_text(
        "Week 2 100.0% 4 of 4"
    )
    screenshot(page, "check-in-in-the-attendance-report")


def test_without_the_pages_script_the_front_desk_checks_in_and_takes_a_door_payment(page):
    """Each tap is a plain form: with the check-in script kept from loading, it still saves. (The Wagtail admin
    around it needs JavaScript for its menu, so the page is not tried with none at all.)"""
    lindy = class_meeting_today(TeacherFactory())
    ada = RegistrationFactory(class_offer=lindy, attendee__first_name="Ada", attendee__last_name="Lovelace")
    page.route("**/classes/check_in.js", lambda route: route.abort())
    page.set_viewport_size(PHONE)
    log_in(page, UserFactory(groups=[FRONT_DESK]))

    page.goto(f"/admin/check-in/{lindy.pk}/")
    student = page.locator(f"#student-{ada.pk}")
    expect(student.get_by_text("Owes $95.00")).to_be_visible()
    student.get_by_role("button", name="Present").click()
    expect(page.locator(f"#student-{ada.pk}").get_by_role("button", name="Present")).to_have_attribute(
        "aria-pressed", "true"
    )
    page.locator(f"#student-{ada.pk}").get_by_role("button", name="Record door payment").click()
    expect(page.get_by_text("Recorded $95.00 paid at the door by Ada Lovelace.")).to_be_visible()
    assert fits_the_screen_width(page)
    screenshot(page, "check-in-front-desk-no-script")

    assert Attendance.objects.get(registration=ada).status == "present"
    assert ada.order.amount_owed == 0
