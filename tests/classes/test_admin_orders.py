"""Orders and registrations in the Wagtail admin: listings, an order's page, door payments, cancellations, access."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.urls import NoReverseMatch, reverse
from payments import PaymentStatus
from wagtail.test.utils import WagtailTestUtils

from accounts.credits import credit_balance
from accounts.roles import STUDENTS
from classes.models import ClassOffer, Order, Payment, Registration
from classes.services.checkout import place_order
from classes.services.orders import cancel_registration, record_door_payment
from classes.services.payments import start_online_payment
from tests.factories import ClassOfferFactory, SessionFactory, SubjectPageFactory, TeacherFactory, UserFactory
from tests.pages import listing, refused, shown_messages

pytestmark = pytest.mark.django_db

ADA = {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com"}
CHARLES = {"first_name": "Charles", "last_name": "Babbage", "email": "charles@example.com"}
MARY = {"first_name": "Mary", "last_name": "Somerville", "email": "mary@example.com"}


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 2, 20, 0, tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def november():
    """Listed from Oct 20 to Nov 20; classes from Tue Nov 10 to Thu Nov 12 onwards."""
    return SessionFactory(
        name="November 2026", key_day_date=datetime.date(2026, 11, 12), publish_date=datetime.date(2026, 10, 20)
    )


def class_offer(session, title, day=3, capacity=40):
    return ClassOfferFactory(session=session, subject=SubjectPageFactory(title=title), class_day=day, capacity=capacity)


@pytest.fixture
def lindy(november):
    return class_offer(november, "Lindy 2 A", day=1)


@pytest.fixture
def charleston(november):
    return class_offer(november, "Charleston", day=3)


def at_the_door(offers, attendee=ADA, **kwargs):
    return place_order(offers=offers, attendee=attendee, method="door", **kwargs)


def paid_online(offers, attendee=ADA, **kwargs):
    order = place_order(offers=offers, attendee=attendee, method="dummy", **kwargs)
    start_online_payment(order).change_status(PaymentStatus.CONFIRMED)
    return Order.objects.get(pk=order.pk)


def url(name, *args):
    return reverse(name, args=args)


# The orders listing


def test_the_orders_listing_shows_who_pays_for_what_and_what_is_owed_newest_first(
    admin_client, lindy, charleston, time_machine
):
    at_the_door([lindy])
    time_machine.shift(datetime.timedelta(hours=1))
    paid_online([lindy, charleston], attendee=CHARLES, payer=MARY)

    rows = listing(admin_client.get(url("orders:index")))

    references = set(Order.objects.values_list("reference", flat=True))
    for row in rows:
        assert row.pop("Reference").split()[0] in references
        assert row.pop("Created")
    assert rows == [
        {
            "Attendee": "Charles Babbage",
            "Payer": "Mary Somerville",
            "Classes": "Lindy 2 A (Tuesdays); Charleston (Thursdays)",
            "Status": "Confirmed",
            "Payment method": "Online (test payments)",
            "Total": "$155.00",
            "Owed": "$0.00",
        },
        {
            "Attendee": "Ada Lovelace",
            "Payer": "",
            "Classes": "Lindy 2 A (Tuesdays)",
            "Status": "Confirmed",
            "Payment method": "At the door",
            "Total": "$95.00",
            "Owed": "$95.00",
        },
    ]


def test_the_amount_owed_in_the_listing_is_the_orders_amount_owed(admin_client, admin, lindy, charleston):
    partly_paid = at_the_door([lindy, charleston])
    record_door_payment(partly_paid, Decimal("100.00"), by=admin)
    refund_due = paid_online([lindy], attendee=CHARLES)
    cancel_registration(refund_due.registrations.get())
    refunded_as_credit = paid_online([charleston], attendee=CHARLES)
    cancel_registration(refunded_as_credit.registrations.get(), refund_as_credit=True)
    overpaid = at_the_door([lindy], attendee=MARY)
    record_door_payment(overpaid, Decimal("100.00"), by=admin)

    response = admin_client.get(url("orders:index"))

    owed = {order.reference: order.amount_owed for order in response.context["object_list"]}
    assert owed == {order.reference: order.amount_owed for order in Order.objects.all()}
    assert sorted(owed.values()) == [Decimal("-85.00"), Decimal("-5.00"), Decimal("0.00"), Decimal("75.00")]


def test_the_orders_listing_takes_as_many_queries_for_thirty_orders_as_for_five(
    admin_client, admin, lindy, charleston, django_assert_max_num_queries
):
    def add_orders(count, start):
        for number in range(start, start + count):
            attendee = {"first_name": "Dancer", "last_name": f"No{number}", "email": f"dancer{number}@example.com"}
            if number % 3 == 0:
                paid_online([lindy, charleston], attendee=attendee, payer=MARY)
            else:
                record_door_payment(at_the_door([lindy], attendee=attendee), Decimal("20.00"), by=admin)

    add_orders(5, start=0)
    cancel_registration(Order.objects.filter(method="dummy").first().registrations.first(), refund_as_credit=True)
    admin_client.get(url("orders:index"))  # warm up caches of permissions and content types
    with django_assert_max_num_queries(20) as five_orders:
        admin_client.get(url("orders:index"))

    add_orders(25, start=5)
    with django_assert_max_num_queries(len(five_orders.captured_queries)):
        response = admin_client.get(url("orders:index"), {"ordering": "-owed"})
    assert len(response.context["object_list"]) == 20  # one page
    assert response.context["items_count"] == 30


def test_the_registrations_listing_takes_as_many_queries_for_thirty_as_for_five(
    admin_client, lindy, charleston, django_assert_max_num_queries
):
    def add_registrations(count, start):
        for number in range(start, start + count):
            attendee = {"first_name": "Dancer", "last_name": f"No{number}", "email": f"dancer{number}@example.com"}
            at_the_door([lindy, charleston] if number % 2 else [lindy], attendee=attendee)

    add_registrations(4, start=0)
    admin_client.get(url("registrations:index"))
    with django_assert_max_num_queries(20) as few:
        admin_client.get(url("registrations:index"))

    add_registrations(20, start=4)
    with django_assert_max_num_queries(len(few.captured_queries)):
        admin_client.get(url("registrations:index"))


@pytest.fixture
def three_orders(november, lindy, charleston):
    """Ada at the door for Lindy; Charles online for Charleston; Mary on the waitlist for a full class."""
    full = class_offer(november, "Balboa", day=2, capacity=1)
    at_the_door([lindy, full])
    paid_online([charleston], attendee=CHARLES)
    at_the_door([full], attendee=MARY, join_waitlist=True)
    october = SessionFactory(
        name="October 2026", key_day_date=datetime.date(2026, 10, 8), publish_date=datetime.date(2026, 9, 15)
    )
    ClassOfferFactory(session=october)  # a session whose classes nobody here took
    return {"november": november, "october": october, "lindy": lindy, "charleston": charleston}


@pytest.mark.parametrize(
    ("query", "attendees"),
    [
        ({}, {"Ada Lovelace", "Charles Babbage", "Mary Somerville"}),
        ({"session": "november"}, {"Ada Lovelace", "Charles Babbage", "Mary Somerville"}),
        ({"session": "october"}, set()),
        ({"class_offer": "lindy"}, {"Ada Lovelace"}),
        ({"status": "waitlist"}, {"Mary Somerville"}),
        ({"method": "dummy"}, {"Charles Babbage"}),
        ({"method": "door", "status": "confirmed"}, {"Ada Lovelace"}),
    ],
)
def test_orders_are_filtered_by_session_class_status_and_method(admin_client, three_orders, query, attendees):
    query = {name: getattr(three_orders.get(value), "pk", value) for name, value in query.items()}

    response = admin_client.get(url("orders:index"), query)

    assert {str(order.attendee) for order in response.context["object_list"]} == attendees


@pytest.mark.parametrize("query", ["lovelace", "Ada Lovelace", "ADA@example", "Mary Somerville", "mary@example.com"])
def test_orders_are_found_by_attendee_or_payer_name_or_email(admin_client, lindy, query):
    at_the_door([lindy], payer=MARY)
    at_the_door([lindy], attendee=CHARLES)

    response = admin_client.get(url("orders:index"), {"q": query})

    assert [str(order.attendee) for order in response.context["object_list"]] == ["Ada Lovelace"]


def test_an_order_is_found_by_its_reference(admin_client, lindy):
    order = at_the_door([lindy])
    at_the_door([lindy], attendee=CHARLES)

    response = admin_client.get(url("orders:index"), {"q": order.reference.lower()})

    assert list(response.context["object_list"]) == [order]


# An order's page


def test_an_orders_page_shows_its_classes_payments_adjustments_credit_and_what_is_owed(
    admin_client, admin, lindy, charleston
):
    order = at_the_door([lindy, charleston], payer=MARY)
    record_door_payment(order, Decimal("100.00"), by=admin)
    cancel_registration(order.registrations.get(class_offer=charleston), refund_as_credit=True, by=admin)

    response = admin_client.get(url("orders:inspect", order.pk))

    assert response.status_code == 200
    soup = WagtailTestUtils.get_soup(response.content)
    summary = {
        term.get_text(strip=True): term.find_next_sibling("dd").get_text(" ", strip=True) for term in soup.select("dt")
    }
    assert {name: summary[name] for name in ["Attendee", "Payer", "Payment method", "Total", "Amount owed"]} == {
        "Attendee": "Ada Lovelace",
        "Payer": "Mary Somerville",
        "Payment method": "At the door",
        "Total": "$175.00",
        "Amount owed": "$0.00",
    }
    sections = {heading.get_text(strip=True): heading.find_next_sibling() for heading in soup.select("h2.w-h3")}
    classes, payments, taken_off, credit = (
        listing_of(sections[name]) for name in ["Classes", "Payments", "Taken off the order", "Credit"]
    )
    assert [(row["Class"], row["Status"], row["Price"]) for row in classes] == [
        ("Lindy 2 A (Tuesdays)", "Confirmed", "$95.00"),
        ("Charleston (Thursdays)", "Cancelled", "$80.00"),
    ]
    assert [(row["Method"], row["Received"], row["Recorded by"]) for row in payments] == [
        ("At the door", "$100.00", "Avery Admin")
    ]
    assert [(row["Reason"], row["Amount"], row["By"]) for row in taken_off] == [
        (f"Cancelled {charleston}", "$80.00", "Avery Admin")
    ]
    assert [(row["Amount"], row["By"]) for row in credit] == [("$5.00", "Avery Admin")]
    assert credit_balance(order.attendee) == Decimal("5.00")


def listing_of(table):
    headings = [heading.get_text(" ", strip=True) for heading in table.select("thead th")]
    rows = [[cell.get_text(" ", strip=True) for cell in row.select("td")] for row in table.select("tbody tr")]
    return [dict(zip(headings, row, strict=True)) for row in rows]


def test_orders_are_not_added_edited_or_deleted_in_the_admin(admin_client, lindy):
    order = at_the_door([lindy])

    listing_page = admin_client.get(url("orders:index"))
    order_page = admin_client.get(url("orders:inspect", order.pk))

    for name in ["orders:add", "registrations:add"]:
        with pytest.raises(NoReverseMatch):
            reverse(name)
    for name in ["orders:edit", "orders:delete", "registrations:edit", "registrations:delete"]:
        with pytest.raises(NoReverseMatch):
            reverse(name, args=[order.pk])
    assert admin_client.get(f"/admin/orders/edit/{order.pk}/").status_code == 404
    for page in [listing_page, order_page]:
        assert b"/edit/" not in page.content
        assert b"/delete/" not in page.content


# Door payments


def test_a_door_payment_is_recorded_for_the_amount_owed(admin_client, admin, lindy):
    order = at_the_door([lindy])
    form_url = url("orders:record_door_payment", order.pk)
    assert form_url in admin_client.get(url("orders:inspect", order.pk)).content.decode()

    form_page = admin_client.get(form_url)
    response = admin_client.post(form_url, {"amount": "95.00"})

    assert form_page.context["form"]["amount"].value() == Decimal("95.00")
    assert response.status_code == 302
    assert response.url == url("orders:inspect", order.pk)
    payment = order.payments.get()
    assert (payment.variant, payment.captured_amount, payment.recorded_by) == ("door", Decimal("95.00"), admin)
    assert shown_messages(response) == [f"Recorded $95.00 paid at the door. Order {order.reference} is paid in full."]
    order.refresh_from_db()
    assert order.paid_at is not None
    assert form_url not in admin_client.get(url("orders:inspect", order.pk)).content.decode()


def test_a_part_payment_leaves_the_rest_owed(admin_client, lindy):
    order = at_the_door([lindy])

    response = admin_client.post(url("orders:record_door_payment", order.pk), {"amount": "40"})

    assert shown_messages(response) == [f"Recorded $40.00 paid at the door. Order {order.reference} owes $55.00."]
    assert order.amount_owed == Decimal("55.00")


@pytest.mark.parametrize(
    ("amount", "error"),
    [
        ("0", "Enter the amount received, more than zero."),
        ("-20", "Enter the amount received, more than zero."),
        ("ten dollars", "Enter a number."),
        ("", "This field is required."),
        ("12.345", "Ensure that there are no more than 2 decimal places."),
    ],
)
def test_a_bad_door_payment_amount_is_refused_and_nothing_is_saved(admin_client, lindy, amount, error):
    order = at_the_door([lindy])

    response = admin_client.post(url("orders:record_door_payment", order.pk), {"amount": amount})

    assert response.status_code == 200
    assert error in " ".join(message for errors in response.context["form"].errors.values() for message in errors)
    assert error in response.content.decode()
    assert not Payment.objects.exists()


def test_a_door_payment_needs_the_csrf_token(admin, lindy):
    order = at_the_door([lindy])
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)

    response = client.post(url("orders:record_door_payment", order.pk), {"amount": "95.00"})

    assert response.status_code == 403
    assert not Payment.objects.exists()


# The registrations listing and cancelling


def test_the_registrations_listing_shows_who_takes_which_class_and_for_how_much(admin_client, lindy, charleston):
    order = paid_online([lindy, charleston], dance_role="follow")

    rows = listing(admin_client.get(url("registrations:index")))

    for row in rows:
        assert row.pop("Attendee").startswith("Ada Lovelace")
    assert sorted(rows, key=lambda row: row["Class"]) == [
        {
            "Class": class_name,
            "Session": "November 2026",
            "Status": "Confirmed",
            "Dance role": "Follow",
            "Order": order.reference,
            "Price": price,
        }
        for class_name, price in [("Charleston (Thursdays)", "$70.00"), ("Lindy 2 A (Tuesdays)", "$85.00")]
    ]


@pytest.mark.parametrize(
    ("query", "registrations"),
    [
        (
            {"session": "november"},
            {
                "Ada Lovelace in Lindy",
                "Ada Lovelace in Balboa",
                "Charles Babbage in Charleston",
                "Mary Somerville in Balboa",
            },
        ),
        ({"session": "october"}, set()),
        ({"class_offer": "lindy"}, {"Ada Lovelace in Lindy"}),
        ({"status": "waitlisted"}, {"Mary Somerville in Balboa"}),
        ({"method": "dummy"}, {"Charles Babbage in Charleston"}),
        ({"q": "babbage"}, {"Charles Babbage in Charleston"}),
    ],
)
def test_registrations_are_filtered_by_session_class_status_and_method(
    admin_client, three_orders, query, registrations
):
    query = {name: getattr(three_orders.get(value), "pk", value) for name, value in query.items()}

    response = admin_client.get(url("registrations:index"), query)

    shown = {
        f"{registration.attendee} in {registration.class_offer.subject.title.split()[0]}"
        for registration in response.context["object_list"]
    }
    assert shown == registrations


def test_cancelling_a_registration_frees_the_seat_for_the_waitlist(
    admin_client, admin, november, django_capture_on_commit_callbacks
):
    full = class_offer(november, "Balboa", capacity=1)
    registration = paid_online([full]).registrations.get()
    waiting = at_the_door([full], attendee=CHARLES, join_waitlist=True).registrations.get()
    cancel_url = url("registrations:cancel", registration.pk)
    assert cancel_url in admin_client.get(url("registrations:index")).content.decode()

    form_page = admin_client.get(cancel_url)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(cancel_url, {})

    assert "Give credit instead of a refund" in form_page.content.decode()
    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert waiting.waitlist_offer_expires_at is not None
    assert [message.to for message in mail.outbox if "A seat opened up" in message.subject] == [[CHARLES["email"]]]
    assert ClassOffer.objects.with_seats_left().get(pk=full.pk).seats_left == 0  # the seat is kept for Charles
    assert registration.order.adjustments.get().created_by == admin
    assert credit_balance(registration.attendee) == 0
    assert shown_messages(response) == [
        f"Cancelled {registration}. The school owes $85.00 back on order {registration.order.reference}."
    ]


def test_cancelling_with_credit_instead_of_a_refund(admin_client, admin, lindy):
    registration = paid_online([lindy]).registrations.get()

    response = admin_client.post(url("registrations:cancel", registration.pk), {"refund_as_credit": "on"})

    assert response.status_code == 302
    assert credit_balance(registration.attendee) == Decimal("85.00")
    assert registration.attendee.credit_entries.get().created_by == admin
    assert shown_messages(response) == [
        f"Cancelled {registration}. Order {registration.order.reference} is paid in full."
    ]


def test_cancelling_a_cancelled_registration_says_so_and_changes_nothing(admin_client, lindy):
    registration = at_the_door([lindy]).registrations.get()
    cancel_registration(registration)

    listing_page = admin_client.get(url("registrations:index"))
    response = admin_client.post(url("registrations:cancel", registration.pk), {"refund_as_credit": "on"})

    assert url("registrations:cancel", registration.pk) not in listing_page.content.decode()
    assert response.status_code == 200
    assert "This registration is already cancelled." in response.content.decode()
    assert registration.order.adjustments.count() == 1
    assert not registration.attendee.credit_entries.exists()


# Who may


def admin_pages(order):
    registration = order.registrations.get()
    return [
        url("orders:index"),
        url("orders:inspect", order.pk),
        url("orders:record_door_payment", order.pk),
        url("registrations:index"),
        url("registrations:inspect", registration.pk),
        url("registrations:cancel", registration.pk),
    ]


def test_teachers_cannot_see_orders_or_take_payments_or_cancel(client, lindy):
    order = at_the_door([lindy])
    client.force_login(TeacherFactory())

    for page in admin_pages(order):
        assert refused(client.get(page)), page
    assert refused(client.post(url("orders:record_door_payment", order.pk), {"amount": "95.00"}))
    assert refused(client.post(url("registrations:cancel", order.registrations.get().pk), {}))
    assert not Payment.objects.exists()
    assert order.registrations.get().status == Registration.Status.CONFIRMED


@pytest.mark.parametrize("role", [STUDENTS, None])
def test_students_and_visitors_are_sent_to_log_in(client, lindy, role):
    order = at_the_door([lindy])
    if role:
        client.force_login(UserFactory(groups=[role]))

    for page in admin_pages(order):
        response = client.get(page)
        assert response.status_code == 302
        assert response.url.startswith(reverse("wagtailadmin_login"))
    client.post(url("orders:record_door_payment", order.pk), {"amount": "95.00"})
    assert not Payment.objects.exists()


def test_staff_see_when_an_order_was_placed_on_the_schools_clock(client, admin, lindy, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 20, 6, 48, tzinfo=datetime.UTC), tick=False)  # 10:48 PM Pacific
    order = at_the_door([lindy])
    client.force_login(admin)

    [row] = listing(client.get(url("orders:index")))
    inspect = WagtailTestUtils.get_soup(client.get(url("orders:inspect", order.pk)).content)
    summary = {
        term.get_text(strip=True): term.find_next_sibling("dd").get_text(" ", strip=True)
        for term in inspect.select("dt")
    }

    assert row["Created"] == "Nov. 19, 2026, 10:48 p.m."
    assert summary["Created at"] == summary["Confirmed at"] == "Nov. 19, 2026, 10:48 p.m."
