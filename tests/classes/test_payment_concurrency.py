"""The payment service under concurrency: the same processor event delivered by many threads at once (a
webhook retried while the return page loads) confirms the order once, and a checkout sent ten times at once
makes one order with one payment attempt.

On PostgreSQL with real transactions and threads, as tests/classes/test_concurrency.py. The negative control
takes away the row lock (and the record of events), and must see the work done more than once."""

import itertools
import json
import re
import threading
import time
from decimal import Decimal

import pytest
import responses
from django.db import connection, connections
from django.test import Client
from payments import PaymentStatus
from wagtail.models import ModelLogEntry

from accounts.models import User
from classes.models import Order, Payment, Refund
from classes.services import payments as payment_service
from classes.services import refunds
from classes.services.errors import CheckoutError
from classes.services.payments import next_payment_step, start_online_payment, update_payment
from classes.services.refunds import refund_order
from tests.classes.test_payment_service import ONCE, what_happened
from tests.classes.test_paypal_payments import EVENT, confirm, paypal, webhook
from tests.classes.test_paypal_provider import ORDERS, paypal_order
from tests.classes.test_refunds import lindy, paid_by_stripe
from tests.classes.test_stripe import completed, deliver, fake_stripe
from tests.factories import ANN, ClassOfferFactory
from tests.pages import filled_in_checkout

__all__ = ["fake_stripe", "lindy", "paid_by_stripe", "paypal"]  # their fixtures, used here too

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL (CI runs it)"),
]

DELIVERIES = 10


def at_once(work, times=DELIVERIES):
    """`work()` in `times` threads released together; what each returned, or the error it raised."""
    start = threading.Barrier(times)
    outcomes = []

    def run():
        try:
            start.wait()
            outcomes.append(work())
        except Exception as error:  # noqa: BLE001 - shown by the assertions
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def order_fetched_without_locking(order):
    """For the negative controls: the order read as the lock would, with no lock, and a busy server's pause."""
    fetched = Order.objects.get(pk=order.pk)
    time.sleep(0.02)
    return fetched


def deliver_at_once(payment, event_id):
    """The processor's event that the payment is confirmed, delivered DELIVERIES times at once."""
    return at_once(
        lambda: update_payment(Payment.objects.get(pk=payment.pk), PaymentStatus.CONFIRMED, event_id=event_id).status
    )


def test_one_event_delivered_ten_times_at_once_confirms_once(referred_student_with_credit):
    order, referrer = referred_student_with_credit
    payment = start_online_payment(order)

    statuses = deliver_at_once(payment, "evt_1")

    assert statuses == [PaymentStatus.CONFIRMED] * DELIVERIES
    assert what_happened(order, referrer) == ONCE


def test_negative_control_without_the_lock_and_the_event_record_it_confirms_more_than_once(
    referred_student_with_credit, monkeypatch
):
    def fetch_without_locking(payment):
        fetched = Payment.objects.select_related("order").get(pk=payment.pk)
        time.sleep(0.02)  # as a busy server would, between reading the status and writing it
        return fetched

    monkeypatch.setattr(payment_service, "lock_payment", fetch_without_locking)
    monkeypatch.setattr(payment_service, "first_time", lambda payment, event_id, kind: True)
    order, referrer = referred_student_with_credit
    payment = start_online_payment(order)

    deliver_at_once(payment, "evt_1")

    assert what_happened(order, referrer)["payments recorded"] > 1


def send_at_once(browser, data):
    """The same checkout form sent DELIVERIES times at once from one browser (its session cookie)."""

    def send():
        client = Client()
        client.cookies = browser.cookies
        return client.post("/register/", data).status_code

    return at_once(send)


@pytest.fixture
def checkout_to_send(monday_nov_2, listed_november, settings):
    """A new dancer's checkout, filled in, to pay online."""
    settings.RATELIMITS = {**settings.RATELIMITS, "checkout": "100/h", "checkout_email": "100/h"}
    offer = ClassOfferFactory(session=listed_november)
    browser = Client()
    browser.post("/register/add/", {"class_offer": offer.pk})
    data = filled_in_checkout(browser, dance_role="lead", method="dummy")
    return browser, data


def test_a_checkout_sent_ten_times_at_once_places_one_order_with_one_payment_attempt(checkout_to_send):
    browser, data = checkout_to_send

    statuses = send_at_once(browser, data)

    assert statuses == [302] * DELIVERIES
    assert Order.objects.count() == 1
    assert Payment.objects.count() == 1
    assert User.objects.filter(email=ANN["email"]).count() == 1


def test_negative_control_without_the_order_lock_one_order_gets_several_payment_attempts(checkout_to_send, monkeypatch):
    monkeypatch.setattr(payment_service, "lock_order", order_fetched_without_locking)
    browser, data = checkout_to_send

    send_at_once(browser, data)

    assert Order.objects.count() == 1
    assert Payment.objects.count() > 1


def test_the_same_signed_stripe_event_delivered_ten_times_at_once_confirms_once(
    referred_student_with_credit, fake_stripe
):
    placed, referrer = referred_student_with_credit
    Order.objects.filter(pk=placed.pk).update(method="stripe")
    order = Order.objects.get(pk=placed.pk)
    payment, _url = next_payment_step(order)
    payload = completed(payment)

    statuses = at_once(lambda: deliver(Client(), payload).status_code)

    assert statuses == [200] * DELIVERIES
    assert what_happened(order, referrer) == ONCE


ROUNDS = 20


@pytest.fixture
def paypal_orders(paypal, settings):
    """PayPal's fake making an order of its own for each payment, and capturing each."""
    settings.RATELIMITS = {**settings.RATELIMITS, "checkout": "1000/h", "checkout_email": "1000/h"}
    made = itertools.count(1)

    def create(request):
        order_id = f"ORDER-{next(made)}"
        approve = [{"rel": "payer-action", "href": f"https://www.sandbox.paypal.com/checkoutnow?token={order_id}"}]
        return 201, {}, json.dumps({"id": order_id, "status": "PAYER_ACTION_REQUIRED", "links": approve})

    def capture(request):
        order_id = request.url.split("/")[-2]
        return 201, {}, json.dumps({**paypal_order(), "id": order_id})

    paypal.remove(responses.POST, ORDERS)
    paypal.add_callback(responses.POST, ORDERS, callback=create)
    paypal.add_callback(responses.POST, re.compile(rf"{ORDERS}/ORDER-\d+/capture"), callback=capture)
    return paypal


def return_and_webhook_at_once(listed_november, round_number):
    """A buyer back from PayPal confirms at the instant PayPal's webhook says the capture completed."""
    buyer = Client()
    buyer.post("/register/add/", {"class_offer": ClassOfferFactory(session=listed_november).pk})
    buyer.post("/register/", filled_in_checkout(buyer, method="paypal", email=f"buyer{round_number}@example.com"))
    order = Order.objects.get(attendee__email=f"buyer{round_number}@example.com")
    payment = order.payments.get()
    event = json.loads(EVENT)
    event["id"] = f"WH-ROUND-{round_number}"
    event["resource"]["supplementary_data"]["related_ids"]["order_id"] = payment.transaction_id
    arrivals = iter(
        [lambda: confirm(buyer, order).status_code, lambda: webhook(Client(), json.dumps(event)).status_code]
    )
    return order, at_once(lambda: next(arrivals)(), times=2)


def test_the_paypal_return_and_webhook_at_the_same_instant_confirm_once_and_never_fail(
    paypal_orders, monday_nov_2, listed_november
):
    for round_number in range(ROUNDS):
        order, outcomes = return_and_webhook_at_once(listed_november, round_number)

        order.refresh_from_db()
        assert sorted(outcomes) == [200, 302], f"round {round_number}"
        assert order.status == Order.Status.CONFIRMED
        assert order.payments.get().status == PaymentStatus.CONFIRMED
        confirmed = ModelLogEntry.objects.filter(action="classes.payment.online", object_id=str(order.pk))
        assert confirmed.count() == 1, f"round {round_number}"


@pytest.fixture
def paid_85(monday_nov_2, paid_by_stripe):
    """An order of $85 paid through Stripe (faked), on Monday Nov 2."""
    return paid_by_stripe


def refund_at_once(order, amounts_and_keys):
    arrivals = iter(amounts_and_keys)

    def refund():
        amount, key = next(arrivals)
        try:
            return refund_order(Order.objects.get(pk=order.pk), amount, request_key=key).status
        except CheckoutError:
            return "refused"

    return at_once(refund, times=len(amounts_and_keys))


def test_a_refund_clicked_twice_at_once_makes_one_refund_and_one_call(paid_85):
    order, asked = paid_85

    outcomes = refund_at_once(order, [(Decimal("20.00"), "the-form")] * 2)

    # The second click is shown the first one's refund, given or still being given.
    assert set(outcomes) <= {Refund.Status.PENDING, Refund.Status.SUCCEEDED}
    assert Refund.objects.get().status == Refund.Status.SUCCEEDED
    assert len(asked["refunds"]) == 1


def test_two_refunds_at_once_never_give_back_more_than_was_received(paid_85):
    order, asked = paid_85

    outcomes = refund_at_once(order, [(Decimal("50.00"), "one"), (Decimal("50.00"), "two")])

    assert sorted(outcomes) == ["refused", Refund.Status.SUCCEEDED]
    assert len(asked["refunds"]) == 1


def test_negative_control_without_the_order_lock_two_refunds_give_back_more(paid_85, monkeypatch):
    monkeypatch.setattr(refunds, "lock_order", order_fetched_without_locking)
    order, asked = paid_85

    refund_at_once(order, [(Decimal("50.00"), "one"), (Decimal("50.00"), "two")])

    assert len(asked["refunds"]) == 2
