"""The payment service (classes/services/payments.py): every status a processor reports goes through its
transition table, each processor event is applied once, and a payment confirmed stays confirmed."""

from decimal import Decimal

import pytest
from django.core import mail
from payments import PaymentStatus
from wagtail.models import ModelLogEntry

from accounts.credits import credit_balance
from accounts.models import CreditEntry
from classes.models import Order, Payment, ProcessorEvent
from classes.services.checkout import place_order
from classes.services.errors import CheckoutError
from classes.services.payments import start_online_payment, update_payment
from tests.factories import ClassOfferFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lindy(monday_nov_2, listed_november):
    return ClassOfferFactory(session=listed_november, class_day=1)


def what_happened(order, referrer):
    """What a confirmed payment does, counted."""
    return {
        "payments recorded": ModelLogEntry.objects.filter(action="classes.payment.online").count(),
        "credit used": CreditEntry.objects.filter(user=order.attendee, amount__lt=0).count(),
        "referral rewards": CreditEntry.objects.filter(user=referrer).count(),
        "confirmation emails": sum(message.subject.startswith("Registration confirmed") for message in mail.outbox),
    }


ONCE = {"payments recorded": 1, "credit used": 1, "referral rewards": 1, "confirmation emails": 1}


def test_the_same_event_ten_times_confirms_once(referred_student_with_credit, django_capture_on_commit_callbacks):
    order, referrer = referred_student_with_credit
    payment = start_online_payment(order)

    for _ in range(10):
        with django_capture_on_commit_callbacks(execute=True):
            update_payment(payment, PaymentStatus.CONFIRMED, event_id="evt_1", event_kind="checkout.session.completed")

    order.refresh_from_db()
    assert order.status == Order.Status.CONFIRMED
    assert what_happened(order, referrer) == ONCE
    assert credit_balance(order.attendee) == Decimal("0.00")
    assert ProcessorEvent.objects.get().payment == payment


def test_an_event_applied_before_changes_nothing_whatever_it_says(lindy):
    payment = start_online_payment(place_order(offers=[lindy], attendee=UserFactory(), method="dummy"))
    update_payment(payment, PaymentStatus.REJECTED, event_id="evt_1")
    assert payment.status == PaymentStatus.REJECTED

    update_payment(payment, PaymentStatus.ERROR, event_id="evt_1")

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REJECTED


@pytest.mark.parametrize("later", [PaymentStatus.WAITING, PaymentStatus.ERROR, PaymentStatus.REJECTED, "input"])
def test_a_confirmed_payment_stays_confirmed(lindy, later):
    order = place_order(offers=[lindy], attendee=UserFactory(), method="dummy")
    payment = start_online_payment(order)
    payment.change_status(PaymentStatus.CONFIRMED)

    payment.change_status(later, "the session expired")

    payment.refresh_from_db()
    order.refresh_from_db()
    assert payment.status == PaymentStatus.CONFIRMED
    assert order.status == Order.Status.CONFIRMED


def test_a_copy_read_before_the_confirmation_does_not_undo_it_when_saved(lindy):
    payment = start_online_payment(place_order(offers=[lindy], attendee=UserFactory(), method="dummy"))
    providers_copy = Payment.objects.get(pk=payment.pk)
    update_payment(payment, PaymentStatus.CONFIRMED)

    providers_copy.transaction_id = "cs_123"
    providers_copy.save()

    payment.refresh_from_db()
    assert (payment.status, payment.transaction_id) == (PaymentStatus.CONFIRMED, "cs_123")
    assert payment.captured_amount == payment.total


def test_money_arriving_for_a_payment_given_up_on_confirms_it(lindy):
    order = place_order(offers=[lindy], attendee=UserFactory(), method="dummy")
    payment = start_online_payment(order)
    update_payment(payment, PaymentStatus.REJECTED, message="expired")

    update_payment(payment, PaymentStatus.CONFIRMED, event_id="evt_late")

    order.refresh_from_db()
    assert payment.status == PaymentStatus.CONFIRMED
    assert order.status == Order.Status.CONFIRMED


@pytest.mark.parametrize(
    ("amount", "currency"), [(Decimal("10.00"), "USD"), (Decimal("200.00"), "USD"), (None, "EUR")], ids=str
)
def test_a_payment_that_does_not_match_its_order_is_flagged_and_the_admins_told_once(
    lindy, amount, currency, django_capture_on_commit_callbacks
):
    UserFactory(groups=["Admins"])
    order = place_order(offers=[lindy], attendee=UserFactory(), method="dummy")
    payment = start_online_payment(order)

    for event in ["evt_1", "evt_2", "evt_1"]:
        with django_capture_on_commit_callbacks(execute=True):
            update_payment(payment, PaymentStatus.CONFIRMED, event_id=event, amount=amount, currency=currency)

    order.refresh_from_db()
    assert order.status == Order.Status.AWAITING_PAYMENT
    assert ModelLogEntry.objects.filter(action="classes.payment.mismatch").count() == 1
    assert sum("Check a payment" in message.subject for message in mail.outbox) == 1


def test_an_order_has_one_open_payment_attempt(lindy):
    order = place_order(offers=[lindy], attendee=UserFactory(), method="dummy")

    attempts = {start_online_payment(order).pk for _ in range(3)}

    assert len(attempts) == 1
    assert order.payments.count() == 1


def test_a_failed_attempt_makes_way_for_a_new_one(lindy):
    order = place_order(offers=[lindy], attendee=UserFactory(), method="dummy")
    first = start_online_payment(order)
    first.change_status(PaymentStatus.REJECTED)

    assert start_online_payment(order).pk != first.pk


def test_no_payment_is_started_through_a_processor_that_is_not_configured(lindy, settings):
    order = place_order(offers=[lindy], attendee=UserFactory(), method="dummy")
    settings.PAYMENT_VARIANTS = {}

    with pytest.raises(CheckoutError, match="Paying online isn't available"):
        start_online_payment(order)
    assert not order.payments.exists()
