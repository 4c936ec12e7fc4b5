"""The Payments section of /account/: every order the student paid for or dances in, newest first, with what
happened to its money (paid, refunded in money or credit, still owed either way), a way to pay what an online
order still owes, and the student's credit."""

import datetime
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from accounts.roles import ADMINS, TEACHERS
from classes.models import Order, Payment, PaymentMethod, Refund, Registration
from tests.factories import ClassOfferFactory, OrderFactory, RegistrationFactory, SubjectPageFactory, UserFactory
from tests.pages import html_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def ann():
    return UserFactory(email="ann@example.com")


@pytest.fixture
def ann_client(client, ann):
    client.force_login(ann)
    return client


def order_for(attendee, title=None, *, payer=None, amount="95.00", **fields):
    """An order of one class (its subject's title `title`), for `amount`, with the order's other `fields`."""
    order = OrderFactory(
        attendee=attendee, payer=payer or attendee, subtotal=Decimal(amount), total=Decimal(amount), **fields
    )
    RegistrationFactory(
        attendee=attendee,
        order=order,
        class_offer=ClassOfferFactory(subject=SubjectPageFactory(**({"title": title} if title else {}))),
        price=Decimal(amount),
        status=Registration.Status.CONFIRMED if order.status == Order.Status.CONFIRMED else Registration.Status.HELD,
    )
    return order


def pay(order, amount, method=PaymentMethod.DOOR):
    return Payment.objects.create(
        order=order,
        variant=method,
        status="confirmed",
        currency="USD",
        total=Decimal(amount),
        captured_amount=Decimal(amount),
    )


def payments_of(client):
    """Each order of the Payments section as the student reads it, by its reference."""
    page = BeautifulSoup(html_of(client.get("/account/")), "html.parser")
    return {
        item.select_one(".order-reference").get_text(strip=True): item
        for item in page.select("#your-payments ~ .payment-list .payment-item")
    }


def money_of(item):
    return {
        line.dt.get_text(strip=True): line.dd.get_text(strip=True) for line in item.select(".payment-item__money > div")
    }


def test_the_student_sees_the_orders_they_paid_for_or_dance_in_newest_first(ann_client, ann):
    now = timezone.now()
    own = order_for(ann, "Swing Out Basics", created_at=now - datetime.timedelta(days=30))
    for_bob = order_for(UserFactory(email="bob@example.com"), "Charleston", payer=ann, created_at=now)
    from_cy = order_for(
        ann, "Balboa", payer=UserFactory(email="cy@example.com"), created_at=now - datetime.timedelta(days=3)
    )
    someone_elses = order_for(UserFactory(), "Shag")

    orders = payments_of(ann_client)

    assert list(orders) == [for_bob.reference, from_cy.reference, own.reference]
    assert someone_elses.reference not in orders
    assert "Charleston" in orders[for_bob.reference].text
    assert "for bob@example.com" in orders[for_bob.reference].text
    assert "paid by cy@example.com" in orders[from_cy.reference].text
    assert "for you" in orders[own.reference].text
    assert orders[own.reference].select_one("a[href]")["href"] == f"/register/order/{own.reference}/"


def test_an_order_awaiting_payment_shows_what_is_owed_and_how_to_pay_it(ann_client, ann):
    waiting = order_for(
        ann, amount="85.00", status=Order.Status.AWAITING_PAYMENT, method=PaymentMethod.DUMMY, confirmed_at=None
    )
    expired = order_for(ann, status=Order.Status.EXPIRED, method=PaymentMethod.DUMMY, confirmed_at=None)

    orders = payments_of(ann_client)

    assert money_of(orders[waiting.reference]) == {"Total": "$85", "Still to pay": "$85"}
    pay_now = orders[waiting.reference].find("a", string="Pay $85 now")
    assert pay_now["href"] == waiting.get_payment_url()
    assert "Payment not completed" in orders[expired.reference].text
    assert money_of(orders[expired.reference]) == {"Total": "$95"}  # nothing owed on an order that lapsed
    assert orders[expired.reference].find("a", string="Pay $95 now") is None


def test_an_order_paid_at_the_door_shows_what_is_left_to_pay_there(ann_client, ann):
    order = order_for(ann)
    pay(order, "40.00")

    assert money_of(payments_of(ann_client)[order.reference]) == {
        "Total": "$95",
        "Paid": "$40",
        "To pay at the door": "$55",
    }


def test_refunds_in_money_and_in_credit_are_shown_as_they_stand(ann_client, ann):
    order = order_for(ann, method=PaymentMethod.STRIPE)
    payment = pay(order, "95.00", PaymentMethod.STRIPE)
    order.adjustments.create(amount=Decimal("95.00"), reason="Class cancelled")
    Refund.objects.create(payment=payment, amount=Decimal("50.00"), status=Refund.Status.SUCCEEDED, reason="Sorry")
    Refund.objects.create(payment=payment, amount=Decimal("10.00"), status=Refund.Status.PENDING, reason="Rest")
    Refund.objects.create(payment=payment, amount=Decimal("35.00"), status=Refund.Status.FAILED, reason="Card gone")
    ann.credit_entries.create(amount=Decimal("20.00"), reason="Refund as credit", order=order)

    assert money_of(payments_of(ann_client)[order.reference]) == {
        "Total": "$95",
        "After cancelled classes": "$0",
        "Paid": "$95",
        "Refunded": "−$50",
        "Being refunded": "−$10",
        "Refund failed": "−$35",
        "Given back as credit": "−$20",
        "We owe you": "$15",  # 95 paid, 60 back in money, 20 in credit; the failed refund gave nothing
    }


def test_the_payments_section_shows_the_credit_and_leads_to_its_history(ann_client, ann):
    ann.credit_entries.create(amount=Decimal("15.00"), reason="Referral")

    html = html_of(ann_client.get("/account/"))

    assert "You have $15 of credit: it's taken off your next registration." in html
    assert 'href="/account/credit/"' in html


def test_a_student_with_no_order_and_no_credit_has_no_payments_section(ann_client):
    assert "your-payments" not in html_of(ann_client.get("/account/"))


@pytest.mark.parametrize("roles", [[TEACHERS], [ADMINS]], ids=["teacher", "admin"])
def test_a_teacher_or_admin_sees_their_own_payments_only(client, ann, roles):
    ann_order = order_for(ann)
    person = UserFactory(groups=roles)
    own = order_for(person)
    client.force_login(person)

    assert list(payments_of(client)) == [own.reference]
    assert ann_order.reference not in html_of(client.get("/account/"))


# The whole /account/ page, every section included, as the Payments section reads it for 3 orders.
ACCOUNT_PAGE_QUERIES = 28


def test_the_payments_take_as_many_queries_for_30_orders_as_for_3(ann_client, ann, django_assert_max_num_queries):
    def place_orders(count):
        for _ in range(count):
            order = order_for(ann)
            payment = pay(order, "95.00")
            Refund.objects.create(payment=payment, amount=Decimal("5.00"), status=Refund.Status.SUCCEEDED, reason="x")
            ann.credit_entries.create(amount=Decimal("1.00"), reason="Refund as credit", order=order)

    place_orders(3)
    with django_assert_max_num_queries(ACCOUNT_PAGE_QUERIES) as three:
        assert len(payments_of(ann_client)) == 3

    place_orders(27)
    with django_assert_max_num_queries(len(three)):
        orders = payments_of(ann_client)

    assert len(orders) == 30
    assert all(money_of(item)["Refunded"] == "−$5" for item in orders.values())
