"""An admin's morning in the Wagtail admin: the school's dashboard on the home page, a reply to an anonymous review
that reaches its author by email, and the student's own reviews page read as they see it."""

import datetime

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import ADMINS, STUDENTS
from classes.models import Attendance
from tests.e2e.conftest import screenshot
from tests.e2e.test_subject_approval import log_in
from tests.factories import (
    ClassOfferFactory,
    RegistrationFactory,
    ReviewFactory,
    SessionFactory,
    SubjectPageFactory,
    TeacherFactory,
    UserFactory,
)


def test_an_admin_reads_the_dashboard_and_replies_to_an_anonymous_review(page):
    today = timezone.localdate()
    session = SessionFactory(name="This session", key_day_date=today - datetime.timedelta(days=7))
    teacher = TeacherFactory(first_name="Frankie", last_name="Manning")
    lindy = ClassOfferFactory(session=session, subject=SubjectPageFactory(title="Lindy 1"), teachers=[teacher])
    ada = UserFactory(first_name="Ada", last_name="Lovelace", email="ada@example.com", groups=[STUDENTS])
    seats = [RegistrationFactory(attendee=ada, class_offer=lindy), RegistrationFactory(class_offer=lindy)]
    Attendance.objects.create(registration=seats[0], meeting=lindy.meetings.get(date=today))
    RegistrationFactory(class_offer=ClassOfferFactory(capacity=1, subject=SubjectPageFactory(title="Balboa")))
    ReviewFactory(author=ada, class_offer=lindy, rating=3, text="The floor was too crowded to swing out.")
    log_in(page, UserFactory(groups=[ADMINS], first_name="Norma", last_name="Miller"))

    page.goto("/admin/")
    this_week = page.locator("#school-this-week-section")
    expect(this_week.get_by_text("Lindy 1")).to_be_visible()
    expect(this_week.get_by_text("2/20")).to_be_visible()
    expect(this_week.get_by_text("1 of 2 checked in")).to_be_visible()
    expect(page.locator("#school-money-owed-section").get_by_text("owed to the school on 3 orders")).to_be_visible()
    expect(page.locator("#school-new-reviews-section").get_by_text("too crowded")).to_be_visible()
    screenshot(page, "admin-school-dashboard")

    page.locator("#school-new-reviews-section").get_by_role("link", name="All reviews").click()
    page.get_by_role("link", name="Lindy 1").first.click()
    expect(page.get_by_text("Anonymous")).to_be_visible()
    page.get_by_role("link", name="Reply").click()
    expect(page.get_by_text("whose name and address stay hidden from you")).to_be_visible()
    page.get_by_label("Reply").fill("Thank you: from December, Lindy 1 moves to the big hall.")
    page.get_by_role("button", name="Send the reply").click()
    expect(page.get_by_text("Reply sent to the author of the review.")).to_be_visible()
    expect(page.get_by_text("moves to the big hall")).to_be_visible()
    screenshot(page, "admin-review-replied")
    assert "ada@example.com" not in page.content()
    assert "Lovelace" not in page.content()

    [reply] = [message for message in mail.outbox if message.subject.startswith("A reply to your review")]
    assert reply.to == ["ada@example.com"]
    assert "moves to the big hall" in reply.body

    page.goto(f"/admin/users/edit/{ada.pk}/")
    page.get_by_role("button", name="Actions").click()
    page.get_by_role("link", name="View as student").click()
    expect(page.get_by_text("Viewing as Ada Lovelace")).to_be_visible()
    expect(page.get_by_role("heading", name="Lindy 1")).to_be_visible()
    screenshot(page, "admin-views-student-account")
    page.get_by_role("link", name="Your reviews").click()
    expect(page.get_by_text("read-only")).to_be_visible()
    expect(page.get_by_text("moves to the big hall")).to_be_visible()
    screenshot(page, "admin-views-student-reviews")


def test_a_teacher_reads_their_week_and_their_reviews_without_money_or_authors(page):
    today = timezone.localdate()
    session = SessionFactory(name="This session", key_day_date=today - datetime.timedelta(days=7))
    frankie = TeacherFactory(first_name="Frankie", last_name="Manning")
    lindy = ClassOfferFactory(session=session, subject=SubjectPageFactory(title="Lindy 1"), teachers=[frankie])
    others = ClassOfferFactory(session=session, subject=SubjectPageFactory(title="Balboa"), teachers=[TeacherFactory()])
    RegistrationFactory(class_offer=lindy)
    ada = UserFactory(first_name="Ada", last_name="Lovelace")
    ReviewFactory(author=ada, class_offer=lindy, rating=4, text="Lots of dancing.")
    ReviewFactory(author=ada, class_offer=lindy, target="teacher", teacher=frankie, rating=5, text="Frankie is a joy.")
    ReviewFactory(class_offer=others, rating=1, text="Not Frankie's class.")
    log_in(page, frankie)

    page.goto("/admin/")
    expect(page.locator("#school-this-week-section").get_by_text("Lindy 1")).to_be_visible()
    expect(page.get_by_text("Balboa")).to_have_count(0)
    expect(page.get_by_text("Money owed")).to_have_count(0)
    screenshot(page, "teacher-dashboard")

    page.locator("#school-new-reviews-section").get_by_role("link", name="All reviews").click()
    expect(page.get_by_text("Frankie is a joy.")).to_be_visible()
    expect(page.get_by_text("Not Frankie's class.")).to_have_count(0)
    assert "Lovelace" not in page.content()
    screenshot(page, "teacher-reviews")
