"""The checkout's rules (DESIGN §4), called directly as the pages call them."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from payments import PaymentStatus

from accounts.credits import credit_balance, grant_credit
from accounts.models import User
from classes.models import Order, Payment, Registration
from classes.services.checkout import CheckoutError, ClassFull, place_order
from classes.services.orders import cancel_registration, pay_at_the_door_instead, record_door_payment
from classes.services.payments import start_online_payment, update_payment
from classes.services.waitlist import HOLD_EXPIRED, claim_waitlist_seat, release_expired_seats
from tests.factories import ANN, BOB, ClassOfferFactory, SessionFactory, SubjectPageFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_nov_2")]

TODAY = datetime.date(2026, 11, 2)


def offer(session, capacity=20, price="95.00", day=3, **subject_fields):
    subject = SubjectPageFactory(full_price=Decimal(price), **subject_fields)
    return ClassOfferFactory(session=session, subject=subject, class_day=day, capacity=capacity)


def register(class_offers, attendee=ANN, method="door", **kwargs):
    return place_order(offers=class_offers, attendee=attendee, method=method, **kwargs)


def confirm_online_payment(order):
    payment = start_online_payment(order)
    payment.change_status(PaymentStatus.CONFIRMED)
    return payment


# Accounts


def test_a_new_attendee_gets_an_account_without_a_password_and_an_activation_email(
    listed_november, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order = register([offer(listed_november)])

    ann = User.objects.get(email="ann@example.com")
    assert order.attendee == order.payer == ann
    assert not ann.has_usable_password()
    assert ann.groups.filter(name="Students").exists()
    activation = [message for message in mail.outbox if "Activate your account" in message.subject]
    assert [message.to for message in activation] == [["ann@example.com"]]
    assert "/account/activate/" in activation[0].body


def test_no_email_is_sent_before_the_order_commits(listed_november, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        register([offer(listed_november)])

    assert mail.outbox == []
    assert callbacks


def test_a_known_email_attaches_the_registration_without_changing_the_account(
    listed_november, django_capture_on_commit_callbacks
):
    ann = UserFactory(email="ann@example.com", first_name="Annabel", last_name="Lee-Smith")

    with django_capture_on_commit_callbacks(execute=True):
        order = register(
            [offer(listed_november)], attendee={**ANN, "email": "ANN@example.com", "first_name": "Someone"}
        )

    ann.refresh_from_db()
    assert order.attendee == ann
    assert (ann.first_name, ann.last_name) == ("Annabel", "Lee-Smith")
    assert not [message for message in mail.outbox if "Activate" in message.subject]


def test_paying_for_someone_else(listed_november, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        order = register([offer(listed_november)], attendee=ANN, payer=BOB)

    assert (order.attendee.email, order.payer.email) == ("ann@example.com", "bob@example.com")
    assert order.registrations.get().attendee == order.attendee
    confirmations = [message for message in mail.outbox if "Registration confirmed" in message.subject]
    assert sorted(message.to[0] for message in confirmations) == ["ann@example.com", "bob@example.com"]
    to_bob = next(message for message in confirmations if message.to == ["bob@example.com"])
    assert "Thank you for registering ann@example.com" in to_bob.body


@pytest.mark.parametrize(
    ("attendee", "message"),
    [
        ({"first_name": "Ann", "last_name": "Lee", "email": "not-an-email"}, "valid email address for the attendee"),
        ({"first_name": "", "last_name": "Lee", "email": "new@example.com"}, "attendee's first and last name"),
    ],
)
def test_bad_details_are_refused_with_a_clear_message(listed_november, attendee, message):
    with pytest.raises(CheckoutError, match=message):
        register([offer(listed_november)], attendee=attendee)

    assert not Order.objects.exists()
    assert not User.objects.filter(email="new@example.com").exists()


# Orders, holds and seats


def test_at_the_door_the_registration_is_confirmed_at_once_at_the_full_price(listed_november):
    order = register([offer(listed_november)], method="door")

    registration = order.registrations.get()
    assert (order.status, registration.status) == (Order.Status.CONFIRMED, Registration.Status.CONFIRMED)
    assert order.total == order.door_total == Decimal("95.00")
    assert order.amount_owed == Decimal("95.00")


def test_online_the_seat_is_held_until_the_payment_arrives(listed_november):
    order = register([offer(listed_november)], method="dummy")

    registration = order.registrations.get()
    assert (order.status, registration.status) == (Order.Status.AWAITING_PAYMENT, Registration.Status.HELD)
    assert registration.hold_expires_at == timezone.now() + datetime.timedelta(minutes=30)
    assert order.total == Decimal("85.00")

    confirm_online_payment(order)

    order.refresh_from_db()
    registration.refresh_from_db()
    assert (order.status, registration.status) == (Order.Status.CONFIRMED, Registration.Status.CONFIRMED)
    assert order.amount_owed == Decimal("0.00")
    assert order.paid_at is not None


def test_a_double_submit_creates_one_order(listed_november):
    class_offer = offer(listed_november)

    first = register([class_offer], checkout_key="abc123")
    second = register([class_offer], checkout_key="abc123")

    assert first == second
    assert Registration.objects.count() == 1


def test_a_signed_in_student_registering_twice_for_a_class_is_told(listed_november):
    class_offer = offer(listed_november, title="Lindy 2 C")
    student = UserFactory()
    register([class_offer], attendee=student)

    with pytest.raises(CheckoutError, match="You are already registered for Lindy 2 C"):
        register([class_offer], attendee=student)


def test_a_typed_in_email_already_in_the_class_learns_nothing_and_the_holder_is_told(
    listed_november, mailoutbox, django_capture_on_commit_callbacks
):
    """Whose email is in which class must not show on screen: the account holder hears of it by email."""
    lindy, charleston = offer(listed_november, title="Lindy 2 C"), offer(listed_november, day=2, title="Charleston")
    register([lindy])
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        order = register([lindy, charleston])

    assert [registration.class_offer for registration in order.registrations.all()] == [charleston]
    assert order.total == charleston.price
    [notice] = [message for message in mailoutbox if "already registered" in message.subject]
    assert notice.to == [ANN["email"]]
    assert "Lindy 2 C" in notice.body
    with pytest.raises(CheckoutError) as refused:
        register([lindy])
    assert "Lindy 2 C" not in refused.value.message
    assert "already" not in refused.value.message


@pytest.mark.parametrize(
    "make_closed",
    [
        lambda session: ClassOfferFactory(session=session, live=False),
        lambda session: ClassOfferFactory(session=SessionFactory(publish_date=datetime.date(2027, 1, 1))),
        lambda session: ClassOfferFactory(
            session=SessionFactory(key_day_date=datetime.date(2026, 9, 3), publish_date=datetime.date(2026, 8, 1))
        ),
    ],
    ids=["draft", "not yet published", "expired"],
)
def test_a_class_not_open_for_registration_is_refused(listed_november, make_closed):
    with pytest.raises(CheckoutError, match="no longer open for registration"):
        register([offer(listed_november), make_closed(listed_november)])

    assert not Registration.objects.exists()


def test_unknown_class_ids_and_no_classes_are_refused(listed_november):
    with pytest.raises(CheckoutError, match="no longer open"):
        register([offer(listed_november).pk, 999999])
    with pytest.raises(CheckoutError, match="at least one class"):
        register([])


def test_a_full_class_raises_class_full(listed_november):
    class_offer = offer(listed_november, capacity=1)
    register([class_offer], attendee=BOB)

    with pytest.raises(ClassFull) as full:
        register([class_offer])

    assert full.value.class_offer == class_offer
    assert "is full" in full.value.message


def test_a_full_class_is_refused_before_anyone_new_gets_an_account(listed_november, django_capture_on_commit_callbacks):
    class_offer = offer(listed_november, capacity=1)
    register([class_offer], attendee=BOB)
    users = User.objects.count()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ClassFull):
        register([class_offer], attendee=ANN, payer={**BOB, "email": "new-payer@example.com"})

    assert User.objects.count() == users
    assert not [message for message in mail.outbox if "Activate your account" in message.subject]


def test_the_same_new_email_typed_in_for_dancer_and_payer_makes_one_account(listed_november):
    order = register([offer(listed_november)], attendee=ANN, payer={**ANN, "email": "ANN@example.com"})

    assert order.attendee == order.payer == User.objects.get(email="ann@example.com")


# A door checkout for a new dancer: the double-submit key (twice), the email, the locked class, its seats, then
# the account, the order, its registration, their audit entries, the Students group and settling the order.
# A full class stops after counting its seats.
DOOR_CHECKOUT_QUERIES = 19
FULL_CLASS_CHECKOUT_QUERIES = 8


def test_a_door_checkout_for_a_new_dancer_takes_few_queries(listed_november, django_assert_max_num_queries):
    class_offer = offer(listed_november)

    with django_assert_max_num_queries(DOOR_CHECKOUT_QUERIES):
        register([class_offer], checkout_key="key")


def test_a_checkout_for_a_full_class_is_refused_in_few_queries(listed_november, django_assert_max_num_queries):
    class_offer = offer(listed_november, capacity=1)
    register([class_offer], attendee=BOB)

    with django_assert_max_num_queries(FULL_CLASS_CHECKOUT_QUERIES), pytest.raises(ClassFull):
        register([class_offer], checkout_key="key")


def test_an_expired_hold_frees_its_seat_at_once(listed_november, time_machine):
    class_offer = offer(listed_november, capacity=1)
    held = register([class_offer], attendee=BOB, method="dummy")

    time_machine.shift(datetime.timedelta(minutes=31))

    order = register([class_offer])  # Ann gets the seat before any clean-up has run
    assert order.registrations.get().status == Registration.Status.CONFIRMED

    release_expired_seats()

    held.refresh_from_db()
    assert held.status == Order.Status.EXPIRED
    assert held.registrations.get().cancel_reason == HOLD_EXPIRED


def test_a_late_payment_gets_the_seat_if_the_class_still_has_room(listed_november, time_machine):
    order = register([offer(listed_november, capacity=5)], method="dummy")
    time_machine.shift(datetime.timedelta(hours=2))
    release_expired_seats()

    confirm_online_payment(order)

    order.refresh_from_db()
    assert order.status == Order.Status.CONFIRMED
    assert order.registrations.get().status == Registration.Status.CONFIRMED


def test_a_late_payment_without_a_seat_keeps_the_money_and_tells_the_admins(
    listed_november, time_machine, django_capture_on_commit_callbacks
):
    UserFactory(email="boss@hepcat.example", groups=["Admins"])
    class_offer = offer(listed_november, capacity=1)
    late = register([class_offer], method="dummy")
    time_machine.shift(datetime.timedelta(hours=2))
    register([class_offer], attendee=BOB)

    with django_capture_on_commit_callbacks(execute=True):
        confirm_online_payment(late)

    late.refresh_from_db()
    assert late.registrations.get().status == Registration.Status.PAID_NO_SEAT
    assert late.amount_paid == Decimal("85.00")
    alert = next(message for message in mail.outbox if message.subject.startswith("Paid, no seat"))
    assert alert.to == ["boss@hepcat.example"]


def test_a_payment_confirmation_repeated_changes_nothing(listed_november, django_capture_on_commit_callbacks):
    student = UserFactory()
    grant_credit(student, Decimal("20.00"), "Snow day")
    order = register([offer(listed_november)], attendee=student, method="dummy")
    payment = confirm_online_payment(order)

    with django_capture_on_commit_callbacks(execute=True):
        update_payment(payment, PaymentStatus.CONFIRMED)
        payment.change_status(PaymentStatus.CONFIRMED)

    assert credit_balance(student) == Decimal("0.00")
    assert student.credit_entries.count() == 2
    assert not [message for message in mail.outbox if "confirmed" in message.subject]


def test_a_payment_in_another_currency_does_not_confirm_the_order(listed_november, django_capture_on_commit_callbacks):
    UserFactory(groups=["Admins"])
    order = register([offer(listed_november)], method="dummy")
    payment = start_online_payment(order)
    Payment.objects.filter(pk=payment.pk).update(currency="EUR")
    payment.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        payment.change_status(PaymentStatus.CONFIRMED)

    order.refresh_from_db()
    assert order.status == Order.Status.AWAITING_PAYMENT
    assert any("Check a payment" in message.subject for message in mail.outbox)


# Credit


def test_a_signed_in_students_credit_pays_and_is_deducted_when_confirmed(listed_november):
    student = UserFactory()
    grant_credit(student, Decimal("50.00"), "Class cancelled")

    order = register([offer(listed_november)], attendee=student, method="door")

    assert (order.credit_applied, order.total) == (Decimal("50.00"), Decimal("45.00"))
    assert credit_balance(student) == Decimal("0.00")


def test_credit_covering_everything_confirms_an_online_order_without_payment(listed_november):
    student = UserFactory()
    grant_credit(student, Decimal("200.00"), "Gift")

    order = register([offer(listed_november)], attendee=student, method="dummy")

    assert (order.status, order.total) == (Order.Status.CONFIRMED, Decimal("0.00"))
    assert credit_balance(student) == Decimal("115.00")


def test_credit_is_not_used_for_an_email_typed_in(listed_november):
    ann = UserFactory(email="ann@example.com")
    grant_credit(ann, Decimal("50.00"), "Class cancelled")

    order = register([offer(listed_november)], attendee=ANN)

    assert order.credit_applied == Decimal("0.00")
    assert credit_balance(ann) == Decimal("50.00")


# Door payments and cancellations


def test_a_door_payment_settles_what_is_owed(listed_november):
    order = register([offer(listed_november)], method="door")
    staff = UserFactory(groups=["Admins"])

    record_door_payment(order, Decimal("95.00"), by=staff)

    order.refresh_from_db()
    assert order.amount_owed == Decimal("0.00")
    assert order.payments.get().recorded_by == staff
    assert order.paid_at is not None
    with pytest.raises(CheckoutError, match="more than zero"):
        record_door_payment(order, Decimal("0"))


def test_cancelling_an_unpaid_class_takes_it_off_what_is_owed(listed_november):
    order = register([offer(listed_november), offer(listed_november, day=2)], method="door")
    first = order.registrations.first()

    cancel_registration(first)

    order.refresh_from_db()
    assert order.amount_owed == order.total - first.line_total
    assert order.status == Order.Status.CONFIRMED
    with pytest.raises(CheckoutError, match="already cancelled"):
        cancel_registration(first)


def test_cancelling_a_paid_class_with_credit_instead_of_a_refund(listed_november):
    order = register([offer(listed_november)], method="dummy")
    confirm_online_payment(order)
    registration = order.registrations.get()

    cancel_registration(registration, refund_as_credit=True)

    order.refresh_from_db()
    assert credit_balance(order.attendee) == Decimal("85.00")
    assert order.amount_owed == Decimal("0.00")
    assert order.status == Order.Status.CANCELLED


def test_cancelling_a_paid_class_without_credit_leaves_a_refund_due(listed_november):
    order = register([offer(listed_november)], method="dummy")
    confirm_online_payment(order)

    cancel_registration(order.registrations.get())

    assert order.amount_owed == Decimal("-85.00")


# The waitlist


def test_a_full_class_can_be_joined_on_the_waitlist(listed_november):
    class_offer = offer(listed_november, capacity=1)
    register([class_offer], attendee=BOB)
    other = offer(listed_november, day=2)

    order = register([class_offer, other], join_waitlist=True, method="door")

    statuses = {registration.class_offer: registration.status for registration in order.registrations.all()}
    assert statuses == {class_offer: Registration.Status.WAITLISTED, other: Registration.Status.CONFIRMED}
    assert order.total == Decimal("95.00")


def test_a_freed_seat_goes_to_the_first_person_waiting_then_the_next(
    listed_november, time_machine, django_capture_on_commit_callbacks
):
    class_offer = offer(listed_november, capacity=1)
    seated = register([class_offer], attendee=BOB)
    first = register([class_offer], attendee=ANN, join_waitlist=True).registrations.get()
    second = register(
        [class_offer], attendee={"first_name": "Cy", "last_name": "Fox", "email": "cy@example.com"}, join_waitlist=True
    ).registrations.get()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        cancel_registration(seated.registrations.get())

    first.refresh_from_db()
    assert first.waitlist_offer_expires_at == timezone.now() + datetime.timedelta(hours=24)
    offer_email = next(message for message in mail.outbox if "A seat opened up" in message.subject)
    assert offer_email.to == ["ann@example.com"]
    assert f"/register/waitlist/{first.claim_token}/" in offer_email.body
    assert "until Tue Nov 3, 4:00 AM" in offer_email.body  # 12:00 UTC, on the school's clock
    with pytest.raises(ClassFull):
        register([class_offer], attendee={"first_name": "Di", "last_name": "Wu", "email": "di@example.com"})

    time_machine.shift(datetime.timedelta(hours=25))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        release_expired_seats()

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Registration.Status.CANCELLED
    assert second.waitlist_offer_expires_at is not None
    assert [message.to for message in mail.outbox if "A seat opened up" in message.subject] == [["cy@example.com"]]

    order = claim_waitlist_seat(second.claim_token, method="door")

    second.refresh_from_db()
    assert (second.status, second.order) == (Registration.Status.CONFIRMED, order)
    assert order.total == Decimal("95.00")
    with pytest.raises(CheckoutError, match="run out or has already been used"):
        claim_waitlist_seat(second.claim_token or "used", method="door")


def test_after_a_failed_online_payment_the_seats_can_be_paid_for_at_the_door(listed_november):
    order = register([offer(listed_november), offer(listed_november, day=2)], method="dummy")
    start_online_payment(order).change_status(PaymentStatus.REJECTED)

    order = pay_at_the_door_instead(order)

    assert (order.status, order.method) == (Order.Status.CONFIRMED, "door")
    assert order.total == order.door_total == Decimal("175.00")  # no pre-pay discount; the multi-class one stays
    assert {registration.status for registration in order.registrations.all()} == {Registration.Status.CONFIRMED}
    assert order.amount_owed == Decimal("175.00")


def test_at_the_door_instead_needs_the_seat_to_still_be_there(listed_november, time_machine):
    class_offer = offer(listed_november, capacity=1)
    order = register([class_offer], method="dummy")
    time_machine.shift(datetime.timedelta(hours=1))
    register([class_offer], attendee=BOB)

    with pytest.raises(ClassFull):
        pay_at_the_door_instead(order)


def test_money_taken_at_the_door_for_an_unpaid_online_order_confirms_its_seats(listed_november):
    order = register([offer(listed_november)], method="dummy")

    order = record_door_payment(order, Decimal("95.00"))

    assert (order.status, order.method, order.amount_owed) == (Order.Status.CONFIRMED, "door", Decimal("0.00"))
    assert order.registrations.get().status == Registration.Status.CONFIRMED


def test_no_door_payment_for_a_cancelled_order(listed_november):
    order = register([offer(listed_november)])
    cancel_registration(order.registrations.get())

    with pytest.raises(CheckoutError, match="has no seats to pay for"):
        record_door_payment(order, Decimal("95.00"))

    assert not order.payments.exists()


def test_mail_to_an_address_not_yet_confirmed_carries_no_name_a_visitor_typed(
    listed_november, django_capture_on_commit_callbacks
):
    """Anyone can type any name next to any email: until the address is confirmed, the mail greets plainly."""
    with django_capture_on_commit_callbacks(execute=True):
        register([offer(listed_november)], attendee={**ANN, "first_name": "Visit evil.example"})

    [confirmation] = [message for message in mail.outbox if "Registration confirmed" in message.subject]
    assert "evil.example" not in confirmation.body
    assert confirmation.body.startswith("Hello,")


def test_a_student_with_a_confirmed_account_is_greeted_by_name(listed_november, django_capture_on_commit_callbacks):
    ann = UserFactory(email="ann@example.com", first_name="Annabel")

    with django_capture_on_commit_callbacks(execute=True):
        register([offer(listed_november)], attendee=ANN)

    [confirmation] = [message for message in mail.outbox if "Registration confirmed" in message.subject]
    assert confirmation.to == [ann.email]
    assert confirmation.body.startswith("Hello Annabel,")
