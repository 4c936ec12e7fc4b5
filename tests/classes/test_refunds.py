"""Refunds (classes/services/refunds.py): full or partial, through the processor that took the payment or in
cash at the door, never more than was received, once however often the form is sent; and an overpayment kept
as credit instead. Stripe is faked."""

import datetime
from decimal import Decimal

import pytest
import stripe
from django.core import mail
from django.urls import reverse
from payments import PaymentStatus, core

from accounts.credits import credit_balance
from classes.models import Order, Refund
from classes.services.checkout import place_order
from classes.services.errors import CheckoutError
from classes.services.orders import cancel_registration, record_door_payment
from classes.services.payments import next_payment_step, update_payment
from classes.services.refunds import refund_order
from tests.factories import ClassOfferFactory, UserFactory
from tests.pages import html_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_nov_2")]


@pytest.fixture
def lindy(listed_november):
    return ClassOfferFactory(session=listed_november, class_day=1)


@pytest.fixture
def paid_by_stripe(lindy, settings, monkeypatch, django_capture_on_commit_callbacks):
    """An order of $85 paid through Stripe (faked: its sessions and refunds), and what Stripe was asked."""
    settings.STRIPE_KEY, settings.STRIPE_WEBHOOK_SECRET = "sk_test_key", "whsec_test"
    settings.PAYMENT_VARIANTS = {
        "stripe": ("classes.processors.stripe.StripeCheckoutProvider", {"api_key": "sk_test_key"})
    }
    monkeypatch.setattr(core, "PROVIDER_CACHE", {})
    asked = {"refunds": []}
    session = {"id": "cs_test_1", "url": "https://checkout.stripe.test/cs_test_1", "payment_intent": "pi_1"}
    monkeypatch.setattr(
        stripe.checkout.Session, "create", lambda **kwargs: stripe.checkout.Session.construct_from(session, "sk")
    )
    monkeypatch.setattr(stripe.checkout.Session, "retrieve", lambda *args, **kwargs: session)

    def create_refund(**refund):
        asked["refunds"].append(refund)
        return {"id": f"re_{len(asked['refunds'])}", "status": "succeeded"}

    monkeypatch.setattr(stripe.Refund, "create", create_refund)
    order = place_order(offers=[lindy], attendee=UserFactory(), method="stripe")
    payment, _url = next_payment_step(order)
    with django_capture_on_commit_callbacks(execute=True):
        update_payment(payment, PaymentStatus.CONFIRMED, event_id="evt_paid")
    order.refresh_from_db()
    return order, asked


def test_a_partial_then_the_rest_is_refunded_through_stripe_and_the_payer_told(
    paid_by_stripe, django_capture_on_commit_callbacks
):
    order, asked = paid_by_stripe

    with django_capture_on_commit_callbacks(execute=True):
        first = refund_order(order, Decimal("35.00"), request_key="k1")
        second = refund_order(order, Decimal("50.00"), request_key="k2")

    assert (first.status, second.status) == (Refund.Status.SUCCEEDED, Refund.Status.SUCCEEDED)
    assert [(refund["amount"], refund["idempotency_key"]) for refund in asked["refunds"]] == [
        (3500, f"refund-{first.pk}"),
        (5000, f"refund-{second.pk}"),
    ]
    assert asked["refunds"][0]["payment_intent"] == "pi_1"
    assert second.processor_refund_id == "re_2"
    assert order.amount_paid == Decimal("0.00")
    notices = [message for message in mail.outbox if message.subject.startswith("Refund of")]
    assert len(notices) == 2
    assert "$50" in notices[1].body


def test_no_more_than_was_received_is_refunded(paid_by_stripe):
    order, asked = paid_by_stripe
    refund_order(order, Decimal("80.00"), request_key="k1")

    with pytest.raises(CheckoutError, match=r"At most 5\.00 can be refunded"):
        refund_order(order, Decimal("10.00"), request_key="k2")

    assert len(asked["refunds"]) == 1
    assert Refund.objects.count() == 1


def test_the_same_refund_sent_twice_refunds_once(paid_by_stripe):
    order, asked = paid_by_stripe

    first = refund_order(order, Decimal("20.00"), request_key="the-form")
    again = refund_order(order, Decimal("20.00"), request_key="the-form")

    assert first.pk == again.pk
    assert len(asked["refunds"]) == 1
    assert order.amount_paid == Decimal("65.00")


def test_a_refund_the_processor_refuses_gives_nothing_back_and_says_why(paid_by_stripe, monkeypatch):
    order, _asked = paid_by_stripe

    def refuse(**refund):
        raise stripe.InvalidRequestError("Charge has already been refunded.", param=None)

    monkeypatch.setattr(stripe.Refund, "create", refuse)

    with pytest.raises(CheckoutError, match="already been refunded"):
        refund_order(order, Decimal("20.00"), request_key="k1")

    assert Refund.objects.get().status == Refund.Status.FAILED
    assert order.amount_paid == Decimal("85.00")


def test_a_door_payment_is_refunded_in_cash(lindy):
    order = place_order(offers=[lindy], attendee=UserFactory(), method="door")
    record_door_payment(order, Decimal("95.00"))

    refund = refund_order(order, Decimal("95.00"), request_key="k1")

    assert refund.status == Refund.Status.SUCCEEDED
    assert refund.payment.variant == "door"
    assert order.amount_paid == Decimal("0.00")


def test_an_admin_refunds_from_the_order_page_once_however_often_the_form_is_sent(admin_client, paid_by_stripe):
    order, asked = paid_by_stripe
    order_page = reverse("orders:inspect", args=[order.pk])
    assert "Refund" in html_of(admin_client.get(order_page))
    form = admin_client.get(reverse("orders:refund", args=[order.pk])).context["form"]
    sent = {"amount": "85.00", "reason": "Moved away", "request_key": form["request_key"].value()}

    first = admin_client.post(reverse("orders:refund", args=[order.pk]), sent)
    admin_client.post(reverse("orders:refund", args=[order.pk]), sent)

    assert first.url == order_page
    assert len(asked["refunds"]) == 1
    assert Refund.objects.get().reason == "Moved away"
    assert "Moved away" in html_of(admin_client.get(order_page))


def test_an_overpayment_after_a_cancelled_class_is_refunded_or_kept_as_credit(admin_client, lindy, listed_november):
    charleston = ClassOfferFactory(session=listed_november, class_day=3)
    order = place_order(offers=[lindy, charleston], attendee=UserFactory(), method="door")
    record_door_payment(order, order.total)
    cancel_registration(order.registrations.get(class_offer=charleston))
    overpaid = -Order.objects.get(pk=order.pk).amount_owed
    assert overpaid > 0

    page = html_of(admin_client.get(reverse("orders:inspect", args=[order.pk])))
    assert "Keep as credit" in page
    assert "Refund" in page

    admin_client.post(reverse("orders:keep_as_credit", args=[order.pk]))

    assert credit_balance(order.attendee) == overpaid
    assert Order.objects.get(pk=order.pk).amount_owed == 0
    assert "Keep as credit" not in html_of(admin_client.get(reverse("orders:inspect", args=[order.pk])))


def test_a_refund_stripe_does_not_answer_stays_pending_counted_and_is_to_look_at(
    admin_client, paid_by_stripe, monkeypatch, time_machine
):
    order, _asked = paid_by_stripe

    def unreachable(**refund):
        raise stripe.APIConnectionError("Could not connect to Stripe.")

    monkeypatch.setattr(stripe.Refund, "create", unreachable)

    with pytest.raises(CheckoutError, match="didn't answer: the refund is pending"):
        refund_order(order, Decimal("80.00"), request_key="k1")

    assert Refund.objects.get().status == Refund.Status.PENDING
    with pytest.raises(CheckoutError, match=r"At most 5\.00"):  # Stripe may have given the $80 all the same
        refund_order(order, Decimal("10.00"), request_key="k2")
    assert order.reference not in html_of(admin_client.get(reverse("orders:to_look_at")))
    time_machine.shift(datetime.timedelta(hours=2))
    listing = html_of(admin_client.get(reverse("orders:to_look_at")))
    assert order.reference in listing
    assert "still waiting for the processor" in listing
