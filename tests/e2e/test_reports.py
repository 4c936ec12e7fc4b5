"""An admin opens the attendance report (classes/admin/reports.py) in a real browser: the chart is drawn by the
site's own copy of Chart.js, within the Content Security Policy, beside the table of its numbers."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import ADMINS
from classes.models import Attendance, ClassMeeting
from tests.e2e.conftest import screenshot
from tests.e2e.test_subject_approval import log_in
from tests.factories import ClassOfferFactory, RegistrationFactory, SessionFactory, TeacherFactory, UserFactory


def checked_in_class():
    """A class that met three weeks running, its five students coming less each week: 5, 4, then 2."""
    three_weeks_ago = timezone.localdate() - datetime.timedelta(weeks=3)
    session = SessionFactory(key_day_date=three_weeks_ago, publish_date=three_weeks_ago - datetime.timedelta(days=21))
    lindy = ClassOfferFactory(session=session, subject__title="Lindy Hop 1")
    students = [RegistrationFactory(class_offer=lindy) for _ in range(5)]
    for number, came in [(1, 5), (2, 4), (3, 2)]:
        meeting = ClassMeeting.objects.get(class_offer=lindy, number=number)
        for index, registration in enumerate(students):
            Attendance.objects.create(
                registration=registration, meeting=meeting, status="present" if index < came else "absent"
            )
    return session


def test_the_attendance_report_draws_its_rate_chart_within_the_content_security_policy(page):
    session = checked_in_class()
    log_in(page, UserFactory(groups=[ADMINS]))

    page.goto(f"/admin/school-reports/attendance/?session={session.pk}")

    canvas = page.locator("canvas[data-report-chart]")
    expect(canvas).to_be_visible()
    page.wait_for_function("canvas => window.Chart && window.Chart.getChart(canvas)", arg=canvas.element_handle())
    assert page.evaluate("canvas => window.Chart.getChart(canvas).data.datasets[0].data", canvas.element_handle()) == [
        100,
        80,
        40,
    ]
    assert canvas.bounding_box()["height"] > 100
    numbers = page.locator(".report-chart__numbers tbody tr")
    expect(numbers).to_have_text(["Week 1 100.0% 5 of 5", "Week 2 80.0% 4 of 5", "Week 3 40.0% 2 of 5"])
    expect(page.get_by_role("cell", name="Lindy Hop 1 (", exact=False)).to_be_visible()
    screenshot(page, "admin-attendance-report")
    assert page.console_errors == []


def test_the_retention_report_charts_who_came_back_by_level_and_teacher(page):
    today = timezone.localdate()
    earlier, later = (
        SessionFactory(
            key_day_date=today - datetime.timedelta(weeks=weeks),
            publish_date=today - datetime.timedelta(weeks=weeks + 3),
        )
        for weeks in (14, 7)
    )
    ann, bob = TeacherFactory(first_name="Ann", last_name="Lee"), TeacherFactory(first_name="Bob", last_name="Ray")
    lindy = ClassOfferFactory(session=earlier, subject__title="Lindy Hop 1", teachers=[ann])
    charleston = ClassOfferFactory(session=earlier, subject__title="Charleston", teachers=[bob], class_day=1)
    back = [RegistrationFactory(class_offer=lindy) for _ in range(3)] + [RegistrationFactory(class_offer=charleston)]
    RegistrationFactory(class_offer=charleston)
    next_class = ClassOfferFactory(session=later)
    for registration in back:
        RegistrationFactory(class_offer=next_class, attendee=registration.attendee)
    log_in(page, UserFactory(groups=[ADMINS]))

    page.goto(f"/admin/school-reports/retention/?session={earlier.pk}")

    canvas = page.locator("canvas[data-report-chart]")
    page.wait_for_function("canvas => window.Chart && window.Chart.getChart(canvas)", arg=canvas.element_handle())
    expect(page.get_by_role("cell", name="Ann Lee", exact=True)).to_be_visible()
    screenshot(page, "admin-retention-report")
    assert page.console_errors == []
