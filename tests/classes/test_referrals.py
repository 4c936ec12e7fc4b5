"""Referral rewards (DESIGN §4): when the program is on, a referrer earns the school's referral reward in
credit once the student they referred has paid for a first order, online or at the door."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from payments import PaymentStatus

from accounts.credits import credit_balance
from accounts.models import CreditEntry, Referral, User
from classes.models import Payment
from classes.services.checkout import place_order
from classes.services.orders import confirm_paid_order, record_door_payment
from classes.services.payments import update_payment
from home.models import SchoolSettings
from tests.factories import ClassOfferFactory, SessionFactory, SubjectPageFactory, UserFactory

pytestmark = pytest.mark.django_db

NEWCOMER = {"first_name": "Ella", "last_name": "Fitzgerald", "email": "ella@example.com"}


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 2, 20, 0, tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def school():
    school = SchoolSettings.load()
    school.referral_program_enabled = True
    school.referral_reward = Decimal("15.00")
    school.save()
    return school


@pytest.fixture
def november():
    return SessionFactory(key_day_date=datetime.date(2026, 11, 12), publish_date=datetime.date(2026, 10, 20))


@pytest.fixture
def lindy(november):
    return ClassOfferFactory(session=november, subject=SubjectPageFactory(title="Lindy 2 A"), class_day=1)


@pytest.fixture
def charleston(november):
    return ClassOfferFactory(session=november, subject=SubjectPageFactory(title="Charleston"), class_day=3)


@pytest.fixture
def referrer():
    return UserFactory(first_name="Chick", last_name="Webb")


def pay_online(order):
    """The processor confirms the payment of the whole order (what a webhook or the return page does)."""
    payment = Payment.objects.create(order=order, variant="dummy", currency=settings.CURRENCY, total=order.total)
    update_payment(payment, PaymentStatus.CONFIRMED)
    return payment


def rewards(referrer):
    return list(CreditEntry.objects.filter(user=referrer).values_list("amount", flat=True))


def test_the_referrer_earns_the_reward_when_the_first_order_is_paid_online(school, lindy, referrer):
    order = place_order(offers=[lindy], attendee=NEWCOMER, method="dummy", referrer=referrer)
    assert rewards(referrer) == []

    pay_online(order)

    referral = Referral.objects.get()
    assert (referral.referrer, referral.referred.email) == (referrer, "ella@example.com")
    assert referral.reward.amount == Decimal("15.00")
    assert referral.reward.reason == "Referral reward: Ella Fitzgerald joined the school"
    assert credit_balance(referrer) == Decimal("15.00")


def test_an_order_confirmed_before_its_money_arrives_earns_the_reward_when_it_does(school, lindy, referrer):
    order = place_order(offers=[lindy], attendee=NEWCOMER, method="dummy", referrer=referrer)

    confirm_paid_order(order)  # the return page came back before the processor's webhook
    assert rewards(referrer) == []
    payment = pay_online(order)
    update_payment(payment, PaymentStatus.CONFIRMED)  # the webhook, repeated

    assert rewards(referrer) == [Decimal("15.00")]


def test_at_the_door_the_reward_waits_until_the_whole_order_is_paid(school, lindy, charleston, referrer):
    order = place_order(offers=[lindy, charleston], attendee=NEWCOMER, method="door", referrer=referrer)
    assert order.total == Decimal("175.00")

    record_door_payment(order, Decimal("100.00"))
    assert rewards(referrer) == []
    record_door_payment(order, Decimal("75.00"))

    assert rewards(referrer) == [Decimal("15.00")]
    assert Referral.objects.get().reward is not None


def test_the_reward_is_earned_once(school, lindy, charleston, referrer):
    first = place_order(offers=[lindy], attendee=NEWCOMER, method="door", referrer=referrer)
    record_door_payment(first, first.total)
    ella = User.objects.get(email="ella@example.com")

    second = place_order(offers=[charleston], attendee=ella, method="dummy", referrer=referrer)
    pay_online(second)

    assert rewards(referrer) == [Decimal("15.00")]
    assert Referral.objects.count() == 1


def test_the_referrer_is_rewarded_when_someone_else_pays_for_the_student(school, lindy, referrer):
    parent = {"first_name": "Tempie", "last_name": "Fitzgerald", "email": "tempie@example.com"}

    pay_online(place_order(offers=[lindy], attendee=NEWCOMER, payer=parent, method="dummy", referrer=referrer))

    assert rewards(referrer) == [Decimal("15.00")]
    assert not CreditEntry.objects.filter(user__email="tempie@example.com").exists()


def test_no_referral_and_no_reward_when_the_program_is_off(school, lindy, referrer):
    school.referral_program_enabled = False
    school.save()

    pay_online(place_order(offers=[lindy], attendee=NEWCOMER, method="dummy", referrer=referrer))

    assert not Referral.objects.exists()
    assert rewards(referrer) == []


def test_no_reward_when_the_program_is_switched_off_before_the_student_pays(school, lindy, referrer):
    order = place_order(offers=[lindy], attendee=NEWCOMER, method="door", referrer=referrer)
    school.referral_program_enabled = False
    school.save()

    record_door_payment(order, order.total)

    assert rewards(referrer) == []
    assert Referral.objects.get().reward is None


def test_a_student_who_has_already_paid_for_classes_is_not_a_referral(school, lindy, charleston, referrer):
    first = place_order(offers=[lindy], attendee=NEWCOMER, method="door")
    record_door_payment(first, first.total)
    ella = User.objects.get(email="ella@example.com")

    pay_online(place_order(offers=[charleston], attendee=ella, method="dummy", referrer=referrer))

    assert not Referral.objects.exists()
    assert rewards(referrer) == []


def test_nobody_is_rewarded_for_referring_themselves(school, lindy, referrer):
    pay_online(place_order(offers=[lindy], attendee=referrer, method="dummy", referrer=referrer))

    assert not Referral.objects.exists()
    assert rewards(referrer) == []
