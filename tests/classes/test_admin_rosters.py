"""A class offer's roster for admins: who is in, what they paid and owe, the waitlist in order, on paper and as a
spreadsheet; the class offer list's seat counts and its link to each roster; who may open a roster."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from payments import PaymentStatus
from wagtail.test.utils import WagtailTestUtils

from accounts.roles import STUDENTS
from classes.models import Order
from classes.services.checkout import place_order
from classes.services.orders import cancel_registration, record_door_payment
from classes.services.payments import start_online_payment
from classes.services.waitlist import offer_freed_seats
from hepcat.money import money
from tests.factories import (
    ClassOfferFactory,
    LevelFactory,
    RegistrationFactory,
    SessionFactory,
    SubjectPageFactory,
    TeacherFactory,
    UserFactory,
)
from tests.pages import listing, refused

pytestmark = pytest.mark.django_db

ADA = {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com", "phone": "206 555 0101"}
CHARLES = {"first_name": "Charles", "last_name": "Babbage", "email": "charles@example.com"}
MARY = {"first_name": "Mary", "last_name": "Somerville", "email": "mary@example.com"}
DORA = {"first_name": "Dora", "last_name": "Marsden", "email": "dora@example.com"}
EVE = {"first_name": "Eve", "last_name": "Arden", "email": "eve@example.com"}


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 2, 20, 0, tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def teacher():
    return TeacherFactory(first_name="Frankie", last_name="Manning")


@pytest.fixture
def lindy(teacher):
    """Lindy 2 A on Tuesdays from Nov 10, three seats, taught by Frankie."""
    november = SessionFactory(
        name="November 2026", key_day_date=datetime.date(2026, 11, 12), publish_date=datetime.date(2026, 10, 20)
    )
    return ClassOfferFactory(
        session=november, subject=SubjectPageFactory(title="Lindy 2 A"), class_day=1, capacity=3, teachers=[teacher]
    )


def register(offer, attendee, method="door", **kwargs):
    """A registration through the checkout; the phone number is the one the student keeps in their account."""
    attendee = dict(attendee)
    phone = attendee.pop("phone", "")
    order = place_order(offers=[offer], attendee=attendee, method=method, **kwargs)
    if phone:
        order.attendee.phone = phone
        order.attendee.save()
    if method == "dummy":
        start_online_payment(order).change_status(PaymentStatus.CONFIRMED)
    return Order.objects.get(pk=order.pk)


@pytest.fixture
def full_class(lindy, admin):
    """Ada (who took Beginning A in September) owes the door price, Charles paid online, Mary paid part at the
    door; Dora, then Eve, wait."""
    ada = register(lindy, ADA, dance_role="follow").attendee
    september = SessionFactory(name="September 2026", key_day_date=datetime.date(2026, 9, 10))
    beginning = SubjectPageFactory(title="Beginning A", level=LevelFactory(name="Beginning", rank=1), version="A")
    RegistrationFactory(attendee=ada, class_offer=ClassOfferFactory(session=september, subject=beginning))
    register(lindy, CHARLES, method="dummy", dance_role="lead")
    record_door_payment(register(lindy, MARY, dance_role="either"), Decimal("50.00"), by=admin)
    register(lindy, DORA, join_waitlist=True, dance_role="lead")
    register(lindy, EVE, join_waitlist=True, dance_role="follow")
    return lindy


def roster_url(offer, name="roster"):
    return reverse(f"wagtailsnippets_classes_classoffer:{name}", args=[offer.pk])


def tables(response):
    """Each list of the roster page (students, waitlist), as rows from heading to what the cell shows."""
    soup = WagtailTestUtils.get_soup(response.content)
    found = []
    for table in soup.select("table"):
        headings = [heading.get_text(" ", strip=True) for heading in table.select("thead th")]
        rows = [[cell.get_text(" ", strip=True) for cell in row.select("td")] for row in table.select("tbody tr")]
        found.append([dict(zip(headings, row, strict=True)) for row in rows])
    return found


def as_shown(row):
    """A spreadsheet row as the screen shows it: money as money, blanks as blanks."""
    shown = {heading: "" if value is None else str(value) for heading, value in row.items() if heading != "List"}
    for heading in ["Paid", "Owed"]:
        if shown[heading]:
            shown[heading] = money(Decimal(shown[heading]))
    return row["List"], shown


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def xlsx_rows(response):
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    headings, *rows = sheet.iter_rows(values_only=True)
    return [dict(zip(headings, row, strict=True)) for row in rows]


# What the roster shows


def test_the_roster_lists_students_by_name_with_their_money_and_the_waitlist_in_order(admin_client, full_class):
    response = admin_client.get(roster_url(full_class))
    students, waitlist = tables(response)

    references = {
        registration.attendee.email: registration.order.reference
        for registration in full_class.registrations.select_related("attendee", "order")
    }
    assert students == [
        {
            "#": "1",
            "Student": "Ada Lovelace",
            "Dance role": "Follow",
            "Progress": "Beginning: A · 1 class since 2026",
            "Email": "ada@example.com",
            "Phone": "206 555 0101",
            "Paid": "$0.00",
            "Owed": "$95.00",
            "Method": "At the door",
            "Order": references["ada@example.com"],
            "Note": "",
        },
        {
            "#": "2",
            "Student": "Charles Babbage",
            "Dance role": "Lead",
            "Progress": "First class",
            "Email": "charles@example.com",
            "Phone": "",
            "Paid": "$85.00",
            "Owed": "$0.00",
            "Method": "Online (test payments)",
            "Order": references["charles@example.com"],
            "Note": "",
        },
        {
            "#": "3",
            "Student": "Mary Somerville",
            "Dance role": "Either",
            "Progress": "First class",
            "Email": "mary@example.com",
            "Phone": "",
            "Paid": "$50.00",
            "Owed": "$45.00",
            "Method": "At the door",
            "Order": references["mary@example.com"],
            "Note": "",
        },
    ]
    order_links = [link["href"] for link in WagtailTestUtils.get_soup(response.content).select("td.title a")]
    assert order_links == [
        reverse("orders:inspect", args=[Order.objects.get(reference=row["Order"]).pk]) for row in students
    ]
    assert [(row["#"], row["Student"], row["Dance role"], row["Paid"]) for row in waitlist] == [
        ("1", "Dora Marsden", "Lead", ""),
        ("2", "Eve Arden", "Follow", ""),
    ]


def test_the_roster_sums_up_seats_roles_the_waitlist_and_money_owed(admin_client, full_class):
    html = " ".join(WagtailTestUtils.get_soup(admin_client.get(roster_url(full_class)).content).get_text().split())

    assert "3 of 3 seats taken · 1 lead · 1 follow · 1 either · 2 waiting · $140.00 owed." in html
    assert "Tuesdays at 7 p.m., Tue Nov 10 to Tue Dec 8, 2026" in html
    assert "Taught by Frankie Manning." in html


def test_a_waiting_student_offered_a_freed_seat_is_first_in_line_with_the_offer_noted(admin_client, full_class):
    cancel_registration(Order.objects.get(attendee__email="mary@example.com").registrations.get())
    offer_freed_seats(full_class)

    students, waitlist = tables(admin_client.get(roster_url(full_class)))

    assert [row["Student"] for row in students] == ["Ada Lovelace", "Charles Babbage"]
    assert [(row["#"], row["Student"]) for row in waitlist] == [("1", "Dora Marsden"), ("2", "Eve Arden")]
    assert waitlist[0]["Note"].startswith("Seat offered until Nov. ")
    assert waitlist[1]["Note"] == ""


def test_an_empty_class_says_so(admin_client, lindy):
    html = admin_client.get(roster_url(lindy)).content.decode()

    assert "No one has registered yet." in html
    assert "No one is waiting for a seat." in html


# Print and spreadsheets


def test_the_spreadsheets_have_the_rows_of_the_screen(admin_client, full_class):
    students, waitlist = tables(admin_client.get(roster_url(full_class)))
    on_screen = [("Confirmed", row) for row in students] + [("Waitlist", row) for row in waitlist]

    as_csv = admin_client.get(roster_url(full_class), {"export": "csv"})
    as_xlsx = admin_client.get(roster_url(full_class), {"export": "xlsx"})

    assert as_csv["Content-Disposition"].startswith('attachment; filename="roster-')
    assert [as_shown(row) for row in csv_rows(as_csv)] == on_screen
    xlsx = xlsx_rows(as_xlsx)
    assert [as_shown(row) for row in xlsx] == on_screen
    assert xlsx[0]["Owed"] == 95  # a number the spreadsheet sums


def test_the_print_view_has_the_roster_without_the_admin_around_it(admin_client, full_class):
    screen = admin_client.get(roster_url(full_class))
    printed = admin_client.get(roster_url(full_class, "roster_print"))

    assert tables(printed) == tables(screen)
    soup = WagtailTestUtils.get_soup(printed.content)
    assert soup.select_one("link[rel=stylesheet]")["href"].endswith("css/roster-print.css")
    assert not soup.select("aside, nav, script")
    assert soup.h1.get_text(strip=True) == "Lindy 2 A, November 2026 (Tuesdays)"
    assert roster_url(full_class, "roster_print") in screen.content.decode()


def test_the_roster_takes_as_many_queries_for_thirty_students_as_for_three(
    admin_client, lindy, admin, django_assert_max_num_queries
):
    lindy.capacity = 40
    lindy.save()

    def add_students(count, start):
        for number in range(start, start + count):
            dancer = {"first_name": "Dancer", "last_name": f"No{number:02}", "email": f"dancer{number}@example.com"}
            order = register(lindy, dancer, method="dummy" if number % 2 else "door")
            if number % 3 == 0:
                record_door_payment(order, Decimal("10.00"), by=admin)

    add_students(3, start=0)
    register(lindy, DORA, join_waitlist=False)
    admin_client.get(roster_url(lindy))  # warm up caches of permissions and content types
    with django_assert_max_num_queries(40) as three_students:
        admin_client.get(roster_url(lindy))
        admin_client.get(roster_url(lindy), {"export": "csv"})

    add_students(27, start=3)
    with django_assert_max_num_queries(len(three_students.captured_queries)):
        response = admin_client.get(roster_url(lindy))
        export = admin_client.get(roster_url(lindy), {"export": "csv"})
    assert len(tables(response)[0]) == 31
    assert len(csv_rows(export)) == 31


# The class offer list


def test_the_class_offer_list_shows_seats_taken_and_links_to_each_roster(admin_client, full_class, lindy):
    empty = ClassOfferFactory(session=lindy.session, capacity=16)

    response = admin_client.get(reverse("wagtailsnippets_classes_classoffer:list"))

    rows = {row["Subject"].split(" Edit")[0].strip(): row for row in listing(response)}
    assert rows["Lindy 2 A"]["Seats"] == "Students (3/3)"
    assert rows[empty.subject.title]["Seats"] == "Students (0/16)"
    html = response.content.decode()
    assert f'href="{roster_url(full_class)}"' in html
    assert f'href="{roster_url(empty)}"' in html


def test_staff_who_may_not_see_money_see_the_seats_taken_but_no_link_to_the_roster(client, full_class):
    schedulers = Group.objects.create(name="Schedule keepers")
    schedulers.permissions.set(
        Permission.objects.filter(codename__in=["access_admin", "view_classoffer", "change_classoffer"])
    )
    client.force_login(UserFactory(groups=["Schedule keepers"]))

    response = client.get(reverse("wagtailsnippets_classes_classoffer:list"))

    row = next(row for row in listing(response) if row["Subject"].startswith("Lindy 2 A"))
    assert row["Seats"] == "3/3"
    assert roster_url(full_class) not in response.content.decode()
    assert refused(client.get(roster_url(full_class)))


# Who may open a roster


def roster_pages(offer):
    return [roster_url(offer), roster_url(offer, "roster_print"), roster_url(offer) + "?export=csv"]


def test_an_admin_opens_every_roster_page(admin_client, full_class):
    for page in roster_pages(full_class):
        assert admin_client.get(page).status_code == 200, page


def test_teachers_of_the_class_and_other_teachers_get_no_roster_with_money(client, full_class, teacher):
    for person in [teacher, TeacherFactory()]:
        client.force_login(person)
        for page in roster_pages(full_class):
            assert refused(client.get(page)), page


@pytest.mark.parametrize("role", [STUDENTS, None])
def test_students_and_visitors_are_sent_to_log_in(client, full_class, role):
    if role:
        client.force_login(UserFactory(groups=[role]))

    for page in roster_pages(full_class):
        response = client.get(page)
        assert response.status_code == 302
        assert response.url.startswith(reverse("wagtailadmin_login"))


def test_the_roster_of_a_class_that_does_not_exist_is_not_found(admin_client):
    assert admin_client.get(reverse("wagtailsnippets_classes_classoffer:roster", args=[999])).status_code == 404


def test_a_class_offers_edit_page_links_to_its_roster_for_admins_only(client, admin, full_class):
    edit_url = reverse("wagtailsnippets_classes_classoffer:edit", args=[full_class.pk])
    schedulers = Group.objects.create(name="Schedule keepers")
    schedulers.permissions.set(
        Permission.objects.filter(codename__in=["access_admin", "view_classoffer", "change_classoffer"])
    )

    client.force_login(admin)
    assert roster_url(full_class) in client.get(edit_url).content.decode()
    client.force_login(UserFactory(groups=["Schedule keepers"]))
    assert roster_url(full_class) not in client.get(edit_url).content.decode()


def test_what_students_typed_stays_text_in_the_spreadsheets(admin_client, lindy):
    register(lindy, {"first_name": '=HYPERLINK("http://evil.example")', "last_name": "X", "email": "x@example.com"})
    student = Order.objects.get().attendee
    student.phone = "+1 206 555 0101"
    student.save()

    [row] = csv_rows(admin_client.get(roster_url(lindy), {"export": "csv"}))
    xlsx = admin_client.get(roster_url(lindy), {"export": "xlsx"})
    student_cell = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active["C2"]

    assert row["Student"] == '\'=HYPERLINK("http://evil.example") X'
    assert row["Phone"] == "'+1 206 555 0101"
    assert (student_cell.value, student_cell.data_type) == ('=HYPERLINK("http://evil.example") X', "s")
