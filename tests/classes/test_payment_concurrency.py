"""The payment service under concurrency: the same processor event delivered by many threads at once (a
webhook retried while the return page loads) confirms the order once.

On PostgreSQL with real transactions and threads, as tests/classes/test_concurrency.py. The negative control
takes away the payment's row lock and the record of events, and must see the confirmation applied more than
once."""

import threading
import time

import pytest
from django.db import connection, connections
from payments import PaymentStatus

from classes.models import Payment
from classes.services import payments as payment_service
from classes.services.payments import start_online_payment, update_payment
from tests.classes.test_payment_service import ONCE, what_happened

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL (CI runs it)"),
]

DELIVERIES = 10


def deliver_at_once(payment, event_id):
    start = threading.Barrier(DELIVERIES)
    errors = []

    def deliver():
        try:
            start.wait()
            update_payment(Payment.objects.get(pk=payment.pk), PaymentStatus.CONFIRMED, event_id=event_id)
        except Exception as error:  # noqa: BLE001 - shown by the assertion
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=deliver) for _ in range(DELIVERIES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_one_event_delivered_ten_times_at_once_confirms_once(referred_student_with_credit):
    order, referrer = referred_student_with_credit
    payment = start_online_payment(order)

    errors = deliver_at_once(payment, "evt_1")

    assert errors == []
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
