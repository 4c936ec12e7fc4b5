"""Every change to who holds a seat or what is owed writes a log entry on the order's History (Wagtail's
log actions), with who did it and the amounts."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from payments import PaymentStatus
from wagtail.models import ModelLogEntry

from accounts.credits import grant_credit
from accounts.models import Referral
from classes.services.checkout import place_order
from classes.services.orders import cancel_registration, confirm_paid_order, record_door_payment
from classes.services.payments import start_online_payment
from classes.services.waitlist import claim_waitlist_seat, offer_freed_seats, release_expired_seats
from home.models import SchoolSettings
from tests.factories import ANN, BOB, ClassOfferFactory, SubjectPageFactory, TeacherFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_nov_2")]


@pytest.fixture
def lindy(listed_november):
    subject = SubjectPageFactory(title="Lindy 2 A", full_price=Decimal("95.00"))
    return ClassOfferFactory(session=listed_november, subject=subject, class_day=3, capacity=1)


def history(order):
    """The order's log, oldest first: (action, message, who)."""
    entries = ModelLogEntry.objects.for_instance(order).order_by("timestamp", "pk")
    return [(entry.action, entry.message, entry.user_display_name) for entry in entries]


def actions(order):
    return [action for action, _, _ in history(order)]


def test_a_door_order_logs_its_placing_and_its_seat(lindy):
    order = place_order(offers=[lindy], attendee=ANN, method="door")

    assert history(order) == [
        ("classes.order.placed", f"Order placed for Ann Lee: {lindy}. At the door, total $95.00.", "system"),
        ("classes.registration.confirmed", f"Ann Lee has a seat in {lindy}.", "system"),
    ]


def test_an_online_order_logs_the_hold_the_payment_and_the_confirmation(lindy):
    order = place_order(offers=[lindy], attendee=ANN, method="dummy")
    start_online_payment(order).change_status(PaymentStatus.CONFIRMED)

    assert actions(order) == [
        "classes.order.placed",
        "classes.seat.held",
        "classes.payment.online",
        "classes.registration.confirmed",
    ]
    assert "$85.00 received through Online (test payments)." in [message for _, message, _ in history(order)]


def test_a_hold_that_runs_out_is_released_and_a_late_payment_with_no_seat_left_is_logged(lindy, time_machine):
    order = place_order(offers=[lindy], attendee=ANN, method="dummy")
    time_machine.shift(datetime.timedelta(minutes=31))
    release_expired_seats()
    place_order(offers=[lindy], attendee=BOB, method="door")  # takes the freed seat

    confirm_paid_order(order)

    assert actions(order)[2:] == ["classes.seat.released", "classes.registration.paid_no_seat"]


def test_door_payment_cancellation_and_credit_name_who_did_it_and_the_amounts(lindy, admin):
    order = place_order(offers=[lindy], attendee=ANN, method="door")
    record_door_payment(order, Decimal("95.00"), by=admin)
    cancel_registration(order.registrations.get(), refund_as_credit=True, by=admin)

    assert history(order)[2:] == [
        ("classes.payment.door", "$95.00 taken at the door.", "Avery Admin"),
        (
            "classes.registration.cancelled",
            f"Ann Lee's registration in {lindy} cancelled: Cancelled by the school. $95.00 taken off the order.",
            "Avery Admin",
        ),
        ("accounts.credit.granted", f"$95.00 credit for Ann Lee: Refund as credit for {lindy}", "Avery Admin"),
    ]


def test_credit_used_by_an_order_and_granted_by_an_admin_are_logged(lindy, admin):
    ann = UserFactory(first_name="Ann", last_name="Lee")
    grant_credit(ann, Decimal("20.00"), "Helped at the dance", by=admin)

    order = place_order(offers=[lindy], attendee=ann, method="door")

    granted = ModelLogEntry.objects.for_instance(ann).get()
    assert (granted.action, granted.message) == (
        "accounts.credit.granted",
        "$20.00 credit for Ann Lee: Helped at the dance",
    )
    assert (
        "accounts.credit.used",
        f"$20.00 of Ann Lee's credit: Used for order {order.reference}",
        "system",
    ) in history(order)


def test_the_waitlist_logs_offers_claims_and_offers_that_ran_out(
    lindy, time_machine, django_capture_on_commit_callbacks
):
    seated = place_order(offers=[lindy], attendee=BOB, method="door")
    waiting = place_order(offers=[lindy], attendee=ANN, method="door", join_waitlist=True)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_registration(seated.registrations.get())
    registration = waiting.registrations.get()
    registration.refresh_from_db()

    claimed = claim_waitlist_seat(registration.claim_token, method="door")

    assert actions(waiting) == [
        "classes.order.placed",
        "classes.registration.waitlisted",
        "classes.waitlist.offered",
        "classes.waitlist.claimed",
    ]
    assert actions(claimed) == ["classes.registration.confirmed"]

    third = place_order(offers=[lindy], attendee={**BOB, "email": "cy@example.com"}, method="door", join_waitlist=True)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_registration(claimed.registrations.get())
    time_machine.shift(datetime.timedelta(hours=25))
    release_expired_seats()
    assert actions(third)[-2:] == ["classes.waitlist.offered", "classes.waitlist.expired"]
    assert offer_freed_seats(lindy) == []


def test_a_referral_reward_is_logged_on_the_order_that_earned_it(lindy):
    school = SchoolSettings.load()
    school.referral_program_enabled, school.referral_reward = True, Decimal("15.00")
    school.save()
    referrer = UserFactory(first_name="Rita", last_name="Referrer")

    order = place_order(offers=[lindy], attendee=ANN, method="door", referrer=referrer)
    record_door_payment(order, Decimal("95.00"))

    assert Referral.objects.get().reward.amount == Decimal("15.00")
    assert ("accounts.referral.rewarded", "Rita Referrer earned $15.00 for referring Ann Lee.", "system") in history(
        order
    )


def test_the_orders_history_in_the_admin_shows_the_log(lindy, admin_client, admin):
    order = place_order(offers=[lindy], attendee=ANN, method="door")
    record_door_payment(order, Decimal("40.00"), by=admin)

    response = admin_client.get(reverse("orders:history", args=[order.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Door payment recorded" in html
    assert "$40.00 taken at the door." in html
    assert "Avery Admin" in html


@pytest.mark.parametrize("who", ["anonymous", "student", "teacher"])
def test_only_the_schools_admins_read_an_orders_history(lindy, client, who):
    order = place_order(offers=[lindy], attendee=ANN, method="door")
    if who != "anonymous":
        client.force_login(TeacherFactory() if who == "teacher" else UserFactory(groups=["Students"]))

    response = client.get(reverse("orders:history", args=[order.pk]))

    assert response.status_code in (302, 403)
    assert "Order placed for Ann Lee" not in response.content.decode()
