"""The school's reports (classes/reports.py, classes/admin/reports.py): payments per session, attendance by class
and week, students missing classes, retention and level progression, with their downloads, who may see them,
and a fixed number of queries however many rows."""

import csv
import datetime
import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.test.utils import WagtailTestUtils

from accounts.models import CreditEntry
from accounts.roles import TEACHERS
from classes.models import Attendance, ClassMeeting, Payment, Refund
from tests.factories import (
    ClassOfferFactory,
    LevelFactory,
    RegistrationFactory,
    SessionFactory,
    SubjectPageFactory,
    TeacherFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

REPORTS = ["payments", "attendance", "missing", "retention", "progression"]


@pytest.fixture(autouse=True)
def march_5_2030(time_machine):
    """Every test happens on Tue Mar 5, 2030 (the clock is set before anyone logs in)."""
    time_machine.move_to(datetime.datetime(2030, 3, 5, 12, 0, tzinfo=datetime.UTC), tick=False)


def report_rows(response):
    """The report's table (not the chart's numbers), each row a dict from heading to what the cell shows."""
    assert response.status_code == 200
    soup = WagtailTestUtils.get_soup(response.content)
    table = soup.select("table:not(.report-chart__numbers)")[0]
    headings = [heading.get_text(" ", strip=True) for heading in table.select("thead th")]
    return [
        dict(zip(headings, [cell.get_text(" ", strip=True) for cell in row.select("td")], strict=True))
        for row in table.select("tbody tr")
    ]


def csv_rows(client, url):
    response = client.get(url, {"export": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def xlsx_rows(client, url):
    response = client.get(url, {"export": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    headings, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    return [dict(zip(headings, row, strict=True)) for row in rows]


def amount(shown):
    """ "$1,234.50" → Decimal("1234.50")."""
    return Decimal(shown.replace("$", "").replace(",", ""))


def check_in(registration, meeting_number, came=True):
    meeting = ClassMeeting.objects.get(class_offer=registration.class_offer, number=meeting_number)
    Attendance.objects.create(registration=registration, meeting=meeting, status="present" if came else "absent")


# Payments


def pay(order, variant, value):
    return Payment.objects.create(
        order=order, variant=variant, status="confirmed", currency="USD", total=value, captured_amount=value
    )


@pytest.fixture
def payments_of_two_sessions():
    """January: $160 online, $145 at the door, $20 of credit used, $125 refunded ($30 in money, $95 as credit; a
    failed refund gave nothing), $45 owed. February: one order of $95, unpaid."""
    january = SessionFactory(name="January 2030", key_day_date=datetime.date(2030, 1, 3))
    february = SessionFactory(name="February 2030", key_day_date=datetime.date(2030, 2, 14))
    lindy = ClassOfferFactory(session=january)

    def order(total, method="door", credit=Decimal("0.00"), session_class=lindy):
        registration = RegistrationFactory(
            class_offer=session_class, order__total=total, order__method=method, order__credit_applied=credit
        )
        return registration.order

    pay(order(Decimal("85.00"), "stripe"), "stripe", Decimal("85.00"))
    pay(order(Decimal("95.00")), "door", Decimal("50.00"))
    with_credit = order(Decimal("75.00"), "stripe", credit=Decimal("20.00"))
    paid = pay(with_credit, "stripe", Decimal("75.00"))
    with_credit.adjustments.create(amount=Decimal("30.00"), reason="A class moved to a cheaper one")
    Refund.objects.create(payment=paid, amount=Decimal("30.00"), status=Refund.Status.SUCCEEDED, reason="Moved")
    Refund.objects.create(payment=paid, amount=Decimal("10.00"), status=Refund.Status.FAILED, reason="Card gone")
    cancelled = order(Decimal("95.00"))
    pay(cancelled, "door", Decimal("95.00"))
    cancelled.adjustments.create(amount=Decimal("95.00"), reason="Class cancelled")
    CreditEntry.objects.create(user=cancelled.attendee, amount=Decimal("95.00"), reason="Refund", order=cancelled)
    order(Decimal("95.00"), session_class=ClassOfferFactory(session=february))
    return january, february


def test_payments_per_session_add_up_each_sessions_money(admin_client, payments_of_two_sessions):
    rows = report_rows(admin_client.get(reverse("class_reports:payments")))

    assert rows == [
        {
            "Session": "February 2030",
            "Paid online": "$0.00",
            "Paid at the door": "$0.00",
            "Paid with credit": "$0.00",
            "Refunded (money and credit)": "$0.00",
            "Received, less refunds": "$0.00",
            "Still owed": "$95.00",
        },
        {
            "Session": "January 2030",
            "Paid online": "$160.00",
            "Paid at the door": "$145.00",
            "Paid with credit": "$20.00",
            "Refunded (money and credit)": "$125.00",
            "Received, less refunds": "$180.00",
            "Still owed": "$45.00",
        },
    ]


def test_the_payments_downloads_have_the_screens_rows_as_numbers(admin_client, payments_of_two_sessions):
    url = reverse("class_reports:payments")
    shown = report_rows(admin_client.get(url))

    for downloaded in (csv_rows(admin_client, url), xlsx_rows(admin_client, url)):
        assert [row["Session"] for row in downloaded] == [row["Session"] for row in shown]
        for screen, row in zip(shown, downloaded, strict=True):
            assert {heading: amount(value) for heading, value in screen.items() if heading != "Session"} == {
                heading: Decimal(str(value)) for heading, value in row.items() if heading != "Session"
            }


# Attendance


@pytest.fixture
def checked_in_class(march_5_2030):
    """Lindy 1 (Thursdays from Feb 14, 2030; three meetings held by Mar 5) with three students: Ann came to all
    three, Bea only to the first (absent at the second, not marked at the third), Cy to the first two. Lindy 2
    has a student but was never checked in."""
    february = SessionFactory(name="February 2030", key_day_date=datetime.date(2030, 2, 14))
    lindy = ClassOfferFactory(session=february, subject__title="Lindy 1", teachers=[TeacherFactory()])
    unchecked = ClassOfferFactory(session=february, subject__title="Lindy 2", class_day=1)
    RegistrationFactory(class_offer=unchecked)
    ann, bea, cy = (
        RegistrationFactory(class_offer=lindy, attendee=UserFactory(first_name=name, last_name="Hopper"))
        for name in ("Ann", "Bea", "Cy")
    )
    for number in (1, 2, 3):
        check_in(ann, number)
    check_in(bea, 1)
    check_in(bea, 2, came=False)
    check_in(cy, 1)
    check_in(cy, 2)
    check_in(cy, 3, came=False)
    return february


def test_attendance_shows_each_class_week_by_week_with_the_weekly_rate(admin_client, checked_in_class):
    response = admin_client.get(reverse("class_reports:attendance"))
    rows = report_rows(response)

    assert [{key: row[key] for key in ("Class", "Students", "Week 1", "Week 2", "Week 3", "Week 4", "Rate")}
            for row in rows] == [
        {"Class": "Lindy 2 (Tuesdays)", "Students": "1", "Week 1": "—", "Week 2": "—", "Week 3": "—",
         "Week 4": "—", "Rate": "—"},
        {"Class": "Lindy 1 (Thursdays)", "Students": "3", "Week 1": "3", "Week 2": "2", "Week 3": "1",
         "Week 4": "—", "Rate": "66.7%"},
    ]  # fmt: skip
    chart = json.loads(WagtailTestUtils.get_soup(response.content).select_one("#report-chart-data").string)
    assert [(row["label"], row["value"], row["detail"]) for row in chart["rows"]] == [
        ("Week 1", 100.0, "3 of 3"),
        ("Week 2", 66.7, "2 of 3"),
        ("Week 3", 33.3, "1 of 3"),
    ]
    numbers = WagtailTestUtils.get_soup(response.content).select(".report-chart__numbers tbody tr")
    assert [row.get_text(" ", strip=True) for row in numbers] == [
        "Week 1 100.0% 3 of 3",
        "Week 2 66.7% 2 of 3",
        "Week 3 33.3% 1 of 3",
    ]


def test_attendance_downloads_have_the_screens_rows(admin_client, checked_in_class):
    url = reverse("class_reports:attendance")
    shown = report_rows(admin_client.get(url))

    downloaded = csv_rows(admin_client, url)

    assert [row["Class"] for row in downloaded] == [row["Class"] for row in shown]
    assert [row["Week 2"] for row in downloaded] == ["", "2"]
    assert [row["Rate"] for row in downloaded] == ["", "66.7"]
    assert [row["Week 2"] for row in xlsx_rows(admin_client, url)] == [None, 2]


def test_students_who_missed_two_of_the_last_three_meetings_are_listed(admin_client, checked_in_class):
    rows = report_rows(admin_client.get(reverse("class_reports:missing")))

    assert rows == [
        {
            "Student": "Bea Hopper",
            "Email": rows[0]["Email"],
            "Class": "Lindy 1 (Thursdays)",
            "Missed": "2",
            "Of the last": "3",
            "Last came": "Thu Feb 14, 2030",
        }
    ]
    assert csv_rows(admin_client, reverse("class_reports:missing"))[0]["Student"] == "Bea Hopper"


def test_the_attendance_report_links_to_the_students_missing_classes(admin_client, checked_in_class):
    response = admin_client.get(reverse("class_reports:attendance"))

    assert f"{reverse('class_reports:missing')}?session={checked_in_class.pk}" in response.content.decode()


# Retention and progression


@pytest.fixture
def three_sessions(march_5_2030):
    """January, February, March 2030. Beginning is done with A or C and B or D; Lindy 2 with A and B.
    January: Ann teaches Beginning A (Sol, Tia), Bob Beginning B (Uma, Vic). February: Sol takes Beginning B (and
    so completes Beginning), Tia Beginning C (not yet), Vic Lindy 2 A. March: Sol takes Lindy 2 A."""
    beginning = LevelFactory(name="Beginning", rank=Decimal("1"), completion_rule="A|C,B|D")
    lindy_2 = LevelFactory(name="Lindy 2", rank=Decimal("2"), completion_rule="A,B")
    subject = {
        (level.name, version): SubjectPageFactory(title=f"{level.name} {version}", level=level, version=version)
        for level, version in [(beginning, "A"), (beginning, "B"), (beginning, "C"), (lindy_2, "A")]
    }
    sessions = [
        SessionFactory(name=f"{month} 2030", key_day_date=day)
        for month, day in [
            ("January", datetime.date(2030, 1, 3)),
            ("February", datetime.date(2030, 2, 14)),
            ("March", datetime.date(2030, 3, 28)),
        ]
    ]
    ann = TeacherFactory(first_name="Ann", last_name="Lee")
    bob = TeacherFactory(first_name="Bob", last_name="Ray")
    students = {name: UserFactory(first_name=name) for name in ("Sol", "Tia", "Uma", "Vic")}

    def offer(session, key, teacher, day):
        return ClassOfferFactory(session=session, subject=subject[key], teachers=[teacher], class_day=day)

    january, february, march = sessions
    classes = {
        "jan A": offer(january, ("Beginning", "A"), ann, 3),
        "jan B": offer(january, ("Beginning", "B"), bob, 1),
        "feb B": offer(february, ("Beginning", "B"), ann, 3),
        "feb C": offer(february, ("Beginning", "C"), ann, 2),
        "feb L2": offer(february, ("Lindy 2", "A"), bob, 1),
        "mar L2": offer(march, ("Lindy 2", "A"), bob, 3),
    }
    for name, taken in [
        ("Sol", ["jan A", "feb B", "mar L2"]),
        ("Tia", ["jan A", "feb C"]),
        ("Uma", ["jan B"]),
        ("Vic", ["jan B", "feb L2"]),
    ]:
        for key in taken:
            RegistrationFactory(attendee=students[name], class_offer=classes[key])
    RegistrationFactory(attendee=students["Uma"], class_offer=classes["feb B"], status="cancelled")
    return sessions


def test_retention_counts_who_came_back_next_session_by_level_and_teacher(admin_client, three_sessions):
    january = three_sessions[0]
    response = admin_client.get(reverse("class_reports:retention"), {"session": january.pk})

    assert [list(row.values()) for row in report_rows(response)] == [
        ["Whole school", "January 2030", "4", "3", "75%"],
        ["Level", "Beginning", "4", "3", "75%"],
        ["Teacher", "Ann Lee", "2", "2", "100%"],
        ["Teacher", "Bob Ray", "2", "1", "50%"],
    ]
    chart = json.loads(WagtailTestUtils.get_soup(response.content).select_one("#report-chart-data").string)
    assert [(row["label"], row["value"]) for row in chart["rows"]] == [
        ("Whole school: January 2030", 75.0),
        ("Level: Beginning", 75.0),
        ("Teacher: Ann Lee", 100.0),
        ("Teacher: Bob Ray", 50.0),
    ]


def test_retention_of_the_latest_session_waits_for_the_next_one(admin_client, three_sessions):
    march = three_sessions[2]
    rows = report_rows(admin_client.get(reverse("class_reports:retention"), {"session": march.pk}))

    assert rows[0] == {"By": "Whole school", "Name": "March 2030", "Students": "1", "Came back next session": "—",
                       "Rate": "—"}  # fmt: skip


def test_level_progression_counts_who_completed_a_level_and_moved_on(admin_client, three_sessions):
    february = three_sessions[1]
    url = reverse("class_reports:progression")
    rows = report_rows(admin_client.get(url, {"session": february.pk}))

    assert [list(row.values()) for row in rows] == [
        ["Beginning", "2", "1", "50%", "1", "100%"],
        ["Lindy 2", "1", "0", "0%", "0", "—"],
    ]
    assert [list(row.values()) for row in csv_rows(admin_client, f"{url}?session={february.pk}")] == [
        ["Beginning", "2", "1", "50.0", "1", "100.0"],
        ["Lindy 2", "1", "0", "0.0", "0", ""],
    ]


def test_level_progression_of_january_has_nobody_completing_yet(admin_client, three_sessions):
    rows = report_rows(admin_client.get(reverse("class_reports:progression"), {"session": three_sessions[0].pk}))

    assert [list(row.values())[:3] for row in rows] == [["Beginning", "4", "0"]]


def test_a_report_for_a_session_that_is_not_there_says_so(admin_client, three_sessions):
    response = admin_client.get(reverse("class_reports:retention"), {"session": "999999"})

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


# Who may see them


@pytest.mark.parametrize("report", REPORTS)
@pytest.mark.parametrize("who", ["anonymous", "student", "teacher"])
def test_only_those_given_the_reports_see_them(client, checked_in_class, report, who):
    if who != "anonymous":
        client.force_login(UserFactory(groups=[TEACHERS] if who == "teacher" else ["Students"]))

    response = client.get(reverse(f"class_reports:{report}"))

    assert response.status_code in (302, 403)
    assert "Lindy 1" not in response.content.decode()


@pytest.mark.parametrize("report", REPORTS)
def test_admins_see_every_report_in_the_reports_menu(admin_client, checked_in_class, report):
    assert admin_client.get(reverse(f"class_reports:{report}")).status_code == 200
    assert reverse(f"class_reports:{report}") in admin_client.get(reverse("wagtailadmin_home")).content.decode()


def test_a_teacher_given_the_reports_permission_sees_attendance_but_no_money(client, checked_in_class):
    coordinators = Group.objects.create(name="Coordinators")
    coordinators.permissions.add(
        Permission.objects.get(codename="view_school_reports"), Permission.objects.get(codename="access_admin")
    )
    teacher = TeacherFactory()
    teacher.groups.add(coordinators)
    client.force_login(teacher)

    assert client.get(reverse("class_reports:attendance")).status_code == 200
    assert client.get(reverse("class_reports:payments")).status_code in (302, 403)
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("class_reports:attendance") in menu
    assert reverse("class_reports:payments") not in menu


# Queries


def grow(session, classes, students_each):
    """`classes` more classes in the session, each with `students_each` students checked in at three meetings
    (absent at the second) and paid online."""
    for day in range(classes):
        offer = ClassOfferFactory(session=session, class_day=day % 2 + 2)
        for _ in range(students_each):
            registration = RegistrationFactory(class_offer=offer)
            pay(registration.order, "stripe", Decimal("95.00"))
            for number in (1, 2, 3):
                check_in(registration, number, came=number != 2)


@pytest.mark.parametrize("report", REPORTS)
def test_each_report_takes_the_same_queries_however_many_rows(
    admin_client, three_sessions, report, django_assert_max_num_queries
):
    february = three_sessions[1]
    url = reverse(f"class_reports:{report}")
    grow(february, 1, 3)
    with django_assert_max_num_queries(30) as few:
        admin_client.get(url, {"session": february.pk})
    grow(february, 3, 10)
    with django_assert_max_num_queries(len(few)):
        admin_client.get(url, {"session": february.pk})
    with django_assert_max_num_queries(len(few)):
        admin_client.get(url, {"session": february.pk, "export": "csv"})
