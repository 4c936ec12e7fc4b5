"""Reconciliation (classes/services/reconciliation.py): a payment whose webhook was lost is settled by asking the
processor, once; run again, nothing changes. Stripe and PayPal are faked."""

import datetime

import pytest
import responses
import stripe
from payments import PaymentStatus
from wagtail.models import ModelLogEntry

from classes.models import Order, Registration
from classes.services.checkout import place_order
from classes.services.payments import next_payment_step
from classes.services.reconciliation import reconcile_payments
from tests.classes.test_paypal_payments import paypal
from tests.classes.test_paypal_provider import ORDER_ID, ORDERS, paypal_order
from tests.classes.test_stripe import fake_stripe
from tests.factories import ClassOfferFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_nov_2")]
__all__ = ["fake_stripe", "paypal"]  # their fixtures, used here too

LATER = datetime.timedelta(minutes=40)  # past the seats' hold and the webhook's grace


@pytest.fixture
def lindy(listed_november):
    return ClassOfferFactory(session=listed_november, class_day=1)


def open_payment(lindy, method):
    order = place_order(offers=[lindy], attendee=UserFactory(), method=method)
    payment, _url = next_payment_step(order)
    return order, payment


def stripe_says(monkeypatch, payment, **session):
    answer = {"id": payment.transaction_id, "currency": "usd", "amount_total": int(payment.total * 100), **session}
    monkeypatch.setattr(stripe.checkout.Session, "retrieve", lambda *args, **kwargs: answer)


def test_a_stripe_payment_whose_webhook_was_lost_is_confirmed_once(fake_stripe, lindy, monkeypatch, time_machine):
    order, payment = open_payment(lindy, "stripe")
    stripe_says(monkeypatch, payment, status="complete", payment_status="paid")
    time_machine.shift(LATER)

    assert reconcile_payments() == [payment]
    assert reconcile_payments() == []

    order.refresh_from_db()
    assert order.status == Order.Status.CONFIRMED
    assert ModelLogEntry.objects.filter(action="classes.payment.online").count() == 1


def test_a_stripe_session_that_expired_unnoticed_lets_its_seats_go(fake_stripe, lindy, monkeypatch, time_machine):
    order, payment = open_payment(lindy, "stripe")
    stripe_says(monkeypatch, payment, status="expired", payment_status="unpaid")
    time_machine.shift(LATER)

    reconcile_payments()

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REJECTED
    assert order.registrations.get().status == Registration.Status.CANCELLED


def test_a_payment_still_within_its_page_is_not_asked_about(fake_stripe, lindy, monkeypatch):
    _order, payment = open_payment(lindy, "stripe")

    def no_asking(*args, **kwargs):
        raise AssertionError("Stripe was asked about a payment whose page is still open")

    monkeypatch.setattr(stripe.checkout.Session, "retrieve", no_asking)

    assert reconcile_payments() == []


def test_a_paypal_order_approved_but_never_captured_is_captured_once(paypal, lindy, time_machine):
    order, payment = open_payment(lindy, "paypal")
    paypal.get(f"{ORDERS}/{ORDER_ID}", json=paypal_order(status="APPROVED"))
    time_machine.shift(LATER)

    assert reconcile_payments() == [payment]
    assert reconcile_payments() == []

    order.refresh_from_db()
    assert order.status == Order.Status.CONFIRMED
    assert len([call for call in paypal.calls if call.request.url.endswith("/capture")]) == 1


def test_a_processor_that_does_not_answer_is_asked_again_next_time(paypal, lindy, time_machine):
    order, payment = open_payment(lindy, "paypal")
    paypal.get(f"{ORDERS}/{ORDER_ID}", status=503, json={"name": "SERVICE_UNAVAILABLE"})
    time_machine.shift(LATER)

    assert reconcile_payments() == []

    paypal.replace(responses.GET, f"{ORDERS}/{ORDER_ID}", json=paypal_order())
    assert reconcile_payments() == [payment]
