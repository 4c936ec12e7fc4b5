"""The payment service under concurrency: the same processor event delivered by many threads at once (a
webhook retried while the return page loads) confirms the order once, and a checkout sent ten times at once
makes one order with one payment attempt.

On PostgreSQL with real transactions and threads, as tests/classes/test_concurrency.py. The negative control
takes away the row lock (and the record of events), and must see the work done more than once."""

import threading
import time

import pytest
from django.db import connection, connections
from django.test import Client
from payments import PaymentStatus

from accounts.models import User
from classes.models import Order, Payment
from classes.services import payments as payment_service
from classes.services.payments import start_online_payment, update_payment
from tests.classes.test_payment_service import ONCE, what_happened
from tests.factories import ANN, ClassOfferFactory
from tests.pages import filled_in_checkout

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
    def fetch_without_locking(order):
        fetched = Order.objects.get(pk=order.pk)
        time.sleep(0.02)
        return fetched

    monkeypatch.setattr(payment_service, "lock_order", fetch_without_locking)
    browser, data = checkout_to_send

    send_at_once(browser, data)

    assert Order.objects.count() == 1
    assert Payment.objects.count() > 1
