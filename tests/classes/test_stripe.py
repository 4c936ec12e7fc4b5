"""Paying through Stripe Checkout: the session made for what the order owes and closing with the seats' hold,
and Stripe's signed events applied through the payment service (classes/processors/stripe.py,
classes/views/webhooks.py). Stripe itself is faked: no network."""

import datetime
import hashlib
import hmac
import json
import time
from decimal import Decimal

import pytest
import stripe
from django.core import mail
from django.urls import reverse
from payments import PaymentStatus, core
from wagtail.models import ModelLogEntry

from classes.models import Order, Payment, ProcessorEvent, Refund, Registration
from classes.services.checkout import place_order
from classes.services.errors import CheckoutError
from classes.services.payments import next_payment_step, update_payment
from classes.services.refunds import refund_order
from tests.classes.test_payment_service import ONCE, what_happened
from tests.factories import BOB, ClassOfferFactory, UserFactory
from tests.pages import filled_in_checkout, html_of

pytestmark = pytest.mark.django_db

SECRET = "whsec_test_secret"


class FakeStripe:
    """stripe.checkout.Session.create, answering as Stripe does, and keeping what it was asked."""

    def __init__(self):
        self.sessions = []

    def create(self, **session):
        self.sessions.append(session)
        number = len(self.sessions)
        answer = {"id": f"cs_test_{number}", "url": f"https://checkout.stripe.test/c/pay/cs_test_{number}"}
        return stripe.checkout.Session.construct_from(answer, session["api_key"])


@pytest.fixture
def fake_stripe(settings, monkeypatch):
    settings.STRIPE_KEY, settings.STRIPE_WEBHOOK_SECRET = "sk_test_key", SECRET
    settings.PAYMENT_VARIANTS = {
        "stripe": ("classes.processors.stripe.StripeCheckoutProvider", {"api_key": "sk_test_key"})
    }
    monkeypatch.setattr(core, "PROVIDER_CACHE", {})
    fake = FakeStripe()
    monkeypatch.setattr(stripe.checkout.Session, "create", fake.create)
    return fake


@pytest.fixture
def lindy(monday_nov_2, listed_november):
    return ClassOfferFactory(session=listed_november, class_day=1, capacity=1)


def paying_by_stripe(class_offer, attendee=None):
    """An order placed to pay by card, and its Stripe Checkout session opened."""
    order = place_order(offers=[class_offer], attendee=attendee or UserFactory(), method="stripe")
    payment, _session_url = next_payment_step(order)
    return order, payment


def signed(payload, secret=SECRET, at=None):
    timestamp = int(at if at is not None else time.time())
    signature = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={signature}"


def event(kind, session_id, event_id="evt_1", **session):
    return json.dumps({"id": event_id, "type": kind, "data": {"object": {"id": session_id, **session}}})


def completed(payment, event_id="evt_1", amount=None, currency="usd"):
    cents = int((payment.total if amount is None else amount) * 100)
    return event(
        "checkout.session.completed",
        payment.transaction_id,
        event_id,
        payment_status="paid",
        amount_total=cents,
        currency=currency,
        payment_intent="pi_1",
    )


def deliver(client, payload, signature=None):
    headers = {"HTTP_STRIPE_SIGNATURE": signed(payload) if signature is None else signature}
    return client.post("/payments/stripe/webhook/", payload, content_type="application/json", **headers)


def test_checkout_goes_to_stripe_for_what_is_owed_until_the_seats_are_let_go(client, fake_stripe, lindy):
    client.post("/register/add/", {"class_offer": lindy.pk})

    response = client.post("/register/", filled_in_checkout(client, method="stripe"))

    assert response.status_code == 302
    assert response.url == "https://checkout.stripe.test/c/pay/cs_test_1"
    (session,) = fake_stripe.sessions
    order = Order.objects.get()
    held = order.registrations.get()
    assert session["line_items"][0]["price_data"]["unit_amount"] == int(order.total * 100)
    assert session["line_items"][0]["price_data"]["currency"] == "usd"
    assert session["expires_at"] == int(held.hold_expires_at.timestamp())
    assert held.hold_expires_at >= datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(minutes=30)
    assert session["idempotency_key"] == f"session-{order.payments.get().token}"
    assert session["metadata"] == {"order": order.reference}

    again = client.post("/register/", filled_in_checkout(client, method="stripe"))  # another tab: same session
    assert len(fake_stripe.sessions) == 1
    assert Payment.objects.count() == 1
    assert again.status_code in (200, 302)


def test_the_same_signed_event_ten_times_confirms_once(
    client, fake_stripe, referred_student_with_credit, django_capture_on_commit_callbacks
):
    placed, referrer = referred_student_with_credit
    order = Order.objects.get(pk=placed.pk)
    Order.objects.filter(pk=order.pk).update(method="stripe")
    order.refresh_from_db()
    payment, _url = next_payment_step(order)
    payload = completed(payment)

    for _ in range(10):
        with django_capture_on_commit_callbacks(execute=True):
            assert deliver(client, payload).status_code == 200

    order.refresh_from_db()
    assert order.status == Order.Status.CONFIRMED
    assert what_happened(order, referrer) == ONCE
    assert ProcessorEvent.objects.get().event_id == "evt_1"


@pytest.mark.parametrize(
    "signature",
    [
        pytest.param(lambda payload: signed(payload.replace("paid", "PAID")), id="tampered body"),
        pytest.param(lambda payload: signed(payload, secret="whsec_someone_else"), id="wrong secret"),
        pytest.param(lambda payload: "", id="missing header"),
        pytest.param(lambda payload: signed(payload, at=time.time() - 301), id="older than 300 s"),
    ],
)
def test_an_event_not_signed_by_stripe_just_now_is_refused_and_writes_nothing(client, fake_stripe, lindy, signature):
    order, payment = paying_by_stripe(lindy)
    payload = completed(payment)
    entries = ModelLogEntry.objects.count()

    response = deliver(client, payload, signature=signature(payload))

    assert response.status_code == 400
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.WAITING
    assert not ProcessorEvent.objects.exists()
    assert ModelLogEntry.objects.count() == entries


def test_a_paid_session_for_another_amount_or_currency_is_flagged_and_the_admins_told_once(
    client, fake_stripe, lindy, django_capture_on_commit_callbacks
):
    UserFactory(groups=["Admins"])
    order, payment = paying_by_stripe(lindy)

    with django_capture_on_commit_callbacks(execute=True):
        deliver(client, completed(payment, "evt_1", amount=Decimal("1.00")))
        deliver(client, completed(payment, "evt_2", currency="eur"))

    order.refresh_from_db()
    assert order.status == Order.Status.AWAITING_PAYMENT
    assert ModelLogEntry.objects.filter(action="classes.payment.mismatch").count() == 1
    assert sum("Check a payment" in message.subject for message in mail.outbox) == 1


def test_an_expired_session_after_the_payment_changes_nothing(client, fake_stripe, lindy):
    order, payment = paying_by_stripe(lindy)
    deliver(client, completed(payment, "evt_1"))

    deliver(client, event("checkout.session.expired", payment.transaction_id, "evt_2", status="expired"))
    deliver(client, event("checkout.session.async_payment_failed", payment.transaction_id, "evt_3"))

    payment.refresh_from_db()
    order.refresh_from_db()
    assert payment.status == PaymentStatus.CONFIRMED
    assert order.status == Order.Status.CONFIRMED
    assert order.registrations.get().status == Registration.Status.CONFIRMED


def test_an_expired_session_lets_the_seats_go_once_however_often_it_comes(client, fake_stripe, lindy):
    order, payment = paying_by_stripe(lindy)
    expired = event("checkout.session.expired", payment.transaction_id, "evt_9", status="expired")

    for _ in range(3):
        assert deliver(client, expired).status_code == 200

    order.refresh_from_db()
    assert order.status == Order.Status.EXPIRED
    assert order.registrations.get().status == Registration.Status.CANCELLED
    assert ModelLogEntry.objects.filter(action="classes.seat.released").count() == 1


def test_a_payment_that_completes_after_its_seat_went_to_someone_else_is_paid_no_seat_once(
    client, fake_stripe, lindy, django_capture_on_commit_callbacks
):
    UserFactory(groups=["Admins"])
    order, payment = paying_by_stripe(lindy)
    deliver(client, event("checkout.session.expired", payment.transaction_id, "evt_1", status="expired"))
    place_order(offers=[lindy], attendee=BOB, method="door")  # the freed seat is taken

    with django_capture_on_commit_callbacks(execute=True):
        for event_id in ["evt_2", "evt_2", "evt_3"]:
            deliver(client, completed(payment, event_id))

    registration = order.registrations.get()
    assert registration.status == Registration.Status.PAID_NO_SEAT
    assert ModelLogEntry.objects.filter(action="classes.registration.paid_no_seat").count() == 1
    assert sum(message.subject.startswith("Paid, no seat") for message in mail.outbox) == 1


def test_a_failed_bank_payment_keeps_the_seats_for_another_try(client, fake_stripe, lindy):
    order, payment = paying_by_stripe(lindy)

    deliver(client, event("checkout.session.async_payment_failed", payment.transaction_id, "evt_1"))

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REJECTED
    assert order.registrations.get().status == Registration.Status.HELD


def test_events_the_school_ignores_and_sessions_of_others_get_a_200_and_change_nothing(client, fake_stripe, lindy):
    order, payment = paying_by_stripe(lindy)

    assert deliver(client, event("customer.created", "cus_1")).status_code == 200
    assert deliver(client, completed(payment).replace(payment.transaction_id, "cs_of_another_site")).status_code == 200

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.WAITING
    assert not ProcessorEvent.objects.exists()


def test_the_webhook_takes_no_get(client, fake_stripe):
    assert client.get("/payments/stripe/webhook/").status_code == 405


def refund_event(event_id="evt_refund", refund_id="re_dashboard", cents=2000, **refund):
    refund = {
        "id": refund_id,
        "amount": cents,
        "currency": "usd",
        "status": "succeeded",
        "payment_intent": "pi_1",
        **refund,
    }
    return json.dumps({"id": event_id, "type": "refund.created", "data": {"object": refund}})


def test_a_refund_given_in_stripes_dashboard_is_recorded_once(
    client, fake_stripe, lindy, django_capture_on_commit_callbacks
):
    order, payment = paying_by_stripe(lindy)
    deliver(client, completed(payment))

    with django_capture_on_commit_callbacks(execute=True):
        for event_id in ["evt_r1", "evt_r1", "evt_r2"]:  # sent again, then updated
            assert deliver(client, refund_event(event_id)).status_code == 200

    refund = Refund.objects.get()
    assert (refund.processor_refund_id, refund.amount, refund.status) == ("re_dashboard", Decimal("20.00"), "succeeded")
    assert order.amount_paid == payment.total - Decimal("20.00")
    assert sum(message.subject.startswith("Refund of") for message in mail.outbox) == 1


def test_the_event_of_a_refund_we_gave_finds_it(client, fake_stripe, lindy, monkeypatch):
    order, payment = paying_by_stripe(lindy)
    deliver(client, completed(payment))
    monkeypatch.setattr(stripe.Refund, "create", lambda **refund: {"id": "re_ours", "status": "pending"})
    ours = refund_order(order, Decimal("30.00"), request_key="k1")

    deliver(client, refund_event(refund_id="re_ours", cents=3000, metadata={"hepcat_refund": ours.idempotency_key}))

    refund = Refund.objects.get()
    assert refund.pk == ours.pk
    assert refund.status == Refund.Status.SUCCEEDED


def test_a_disputed_payment_is_to_look_at_and_the_admins_are_told_once(
    admin_client, fake_stripe, lindy, django_capture_on_commit_callbacks
):
    order, payment = paying_by_stripe(lindy)
    deliver(admin_client, completed(payment))
    dispute = json.dumps(
        {
            "id": "evt_dispute",
            "type": "charge.dispute.created",
            "data": {"object": {"id": "dp_1", "payment_intent": "pi_1"}},
        }
    )

    with django_capture_on_commit_callbacks(execute=True):
        deliver(admin_client, dispute)
        deliver(admin_client, dispute)

    assert sum("is disputed" in message.subject for message in mail.outbox) == 1
    listing = html_of(admin_client.get(reverse("orders:to_look_at")))
    assert order.reference in listing
    assert "disputed the payment with their bank" in listing


def test_starting_card_payments_again_and_again_cannot_keep_the_seats_for_ever(
    client, fake_stripe, lindy, time_machine
):
    order, _payment = paying_by_stripe(lindy)
    held_until = order.registrations.get().hold_expires_at
    for minutes in (10, 20, 30):  # the payer leaves Stripe's page and starts again: up to one page past the hold
        time_machine.shift(datetime.timedelta(minutes=10))
        update_payment(Payment.objects.filter(status=PaymentStatus.WAITING).get(), PaymentStatus.REJECTED)
        next_payment_step(Order.objects.get(pk=order.pk))
        assert order.registrations.get().hold_expires_at > held_until, f"after {minutes} minutes"
        held_until = order.registrations.get().hold_expires_at

    time_machine.shift(datetime.timedelta(minutes=10))
    update_payment(Payment.objects.filter(status=PaymentStatus.WAITING).get(), PaymentStatus.REJECTED)
    with pytest.raises(CheckoutError, match="pay at the door instead"):
        next_payment_step(Order.objects.get(pk=order.pk))
    assert order.registrations.get().hold_expires_at == held_until
