"""What the payment service leaves for a person: the admin's "Orders to look at", notes on an order, and the
payment reminder (classes/admin/reviews.py, classes/admin/orders.py)."""

from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from payments import PaymentStatus
from wagtail.models import ModelLogEntry

from accounts.credits import credit_balance
from classes.models import Order, Refund
from classes.services.checkout import place_order
from classes.services.orders import cancel_registration, record_door_payment
from classes.services.payments import start_online_payment, update_payment
from tests.factories import ClassOfferFactory, UserFactory
from tests.pages import filled_in_checkout, html_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_nov_2")]


@pytest.fixture
def classes(listed_november):
    return [ClassOfferFactory(session=listed_november, class_day=day) for day in (1, 3)]


def overpaid(classes):
    """Paid at the door for two classes, one of which was then cancelled."""
    order = place_order(offers=classes, attendee=UserFactory(), method="door")
    record_door_payment(order, order.total)
    cancel_registration(order.registrations.get(class_offer=classes[1]))
    return order


def mismatched(classes):
    order = place_order(offers=classes[:1], attendee=UserFactory(), method="dummy")
    update_payment(start_online_payment(order), PaymentStatus.CONFIRMED, amount=Decimal("1.00"))
    return order


def test_each_order_to_look_at_is_listed_with_why_until_it_is_settled(admin_client, classes):
    fine = place_order(offers=classes[:1], attendee=UserFactory(), method="door")
    cancelled, wrong_amount = overpaid(classes), mismatched(classes)
    report = reverse("orders:to_look_at")

    html = html_of(admin_client.get(report))
    assert cancelled.reference in html
    assert "Paid more than it now costs" in html
    assert wrong_amount.reference in html
    assert "not for what the order asks" in html
    assert fine.reference not in html

    admin_client.post(reverse("orders:note", args=[cancelled.pk]), {"note": "Called her: she'd like credit."})
    assert "Called her: she'd like credit." in html_of(admin_client.get(report))

    admin_client.post(reverse("orders:keep_as_credit", args=[cancelled.pk]))
    assert cancelled.reference not in html_of(admin_client.get(report))


def test_a_failed_refund_says_why(admin_client, classes):
    order = overpaid(classes)
    payment = order.payments.get()
    Refund.objects.create(payment=payment, amount=Decimal("5.00"), status=Refund.Status.FAILED, message="Card expired")

    assert "A refund failed: Card expired" in html_of(admin_client.get(reverse("orders:to_look_at")))


def test_the_list_takes_the_same_queries_however_many_orders(admin_client, classes, django_assert_max_num_queries):
    for _ in range(3):
        overpaid(classes)
    admin_client.get(reverse("orders:to_look_at"))
    with django_assert_max_num_queries(40) as few:
        admin_client.get(reverse("orders:to_look_at"))
    for _ in range(6):
        overpaid(classes)
    with django_assert_max_num_queries(len(few.captured_queries)):
        admin_client.get(reverse("orders:to_look_at"))


def test_the_payer_is_reminded_of_what_is_owed_once_an_hour_at_most(
    admin_client, classes, django_capture_on_commit_callbacks
):
    order = place_order(offers=classes[:1], attendee=UserFactory(email="cy@example.com"), method="door")
    page = html_of(admin_client.get(reverse("orders:inspect", args=[order.pk])))
    assert "cy@example.com" in page
    assert "Send payment reminder" in page

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("orders:reminder", args=[order.pk]))
        again = admin_client.post(reverse("orders:reminder", args=[order.pk]))

    reminders = [message for message in mail.outbox if message.subject.startswith("A reminder")]
    assert len(reminders) == 1
    assert reminders[0].to == ["cy@example.com"]
    assert "$95" in reminders[0].body
    assert "less than an hour ago" in html_of(again)


@pytest.mark.parametrize("who", ["anonymous", "student", "teacher"])
def test_only_staff_who_handle_orders_see_the_list_or_act(client, classes, who):
    order = overpaid(classes)
    if who != "anonymous":
        client.force_login(UserFactory(groups=["Teachers"] if who == "teacher" else []))

    mail.outbox.clear()
    entries = ModelLogEntry.objects.count()

    answers = [client.get(reverse("orders:to_look_at"))] + [
        client.post(reverse(f"orders:{action}", args=[order.pk]), sent)
        for action, sent in [
            ("note", {"note": "x"}),
            ("refund", {"amount": "10.00", "reason": "x", "request_key": "k"}),
            ("keep_as_credit", {}),
            ("reminder", {}),
        ]
    ]

    assert [answer.status_code in (302, 403) for answer in answers] == [True] * 5
    assert ModelLogEntry.objects.count() == entries
    assert not Refund.objects.exists()
    assert credit_balance(order.attendee) == 0
    assert mail.outbox == []


def test_the_order_page_shows_the_phones_typed_in_at_checkout(admin_client, classes):
    visitor = Client()
    visitor.post("/register/add/", {"class_offer": classes[0].pk})
    visitor.post("/register/", filled_in_checkout(visitor, phone="(206) 555-0142"))

    order = Order.objects.get()
    assert order.attendee.phone == "(206) 555-0142"
    assert "(206) 555-0142" in html_of(admin_client.get(reverse("orders:inspect", args=[order.pk])))
