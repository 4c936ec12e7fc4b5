"""The pricing rules of DESIGN §4, pinned with a table of cases.

Classes of a session whose key day is Thursday Jan 8, 2026: Tuesday's class starts Jan 6 (pre-pay
deadline Jan 5), Thursday's starts Jan 8 (deadline Jan 7). Pre-pay deadline: one day before.
"""

import datetime
from decimal import Decimal

import pytest

from accounts.models import CreditEntry
from classes.pricing import quote
from tests.factories import ClassOfferFactory, SessionFactory, SubjectPageFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date
SUBJECTS = {
    # name: (full price, pre-pay discount, multi-class discount, qualifies for the multi-class discount)
    "Lindy A": ("95.00", "10.00", "15.00", True),
    "Lindy B": ("95.00", "10.00", "20.00", True),
    "Lindy C": ("80.00", "5.00", "10.00", True),
    "Workshop": ("150.00", "10.00", "15.00", False),
}


@pytest.fixture
def offers(settings):
    settings.PRE_PAY_DEADLINE_DAYS = 1
    session = SessionFactory(key_day_date=D(2026, 1, 8), max_day_shift=-2)
    days = {"Lindy A": 3, "Lindy B": 3, "Lindy C": 3, "Workshop": 2}
    made = {}
    for name, (price, pre_pay, multi, qualifies) in SUBJECTS.items():
        subject = SubjectPageFactory(
            title=name,
            full_price=Decimal(price),
            pre_pay_discount=Decimal(pre_pay),
            multi_class_discount=Decimal(multi),
            qualifies_for_multi_discount=qualifies,
        )
        made[name] = ClassOfferFactory(subject=subject, session=session, class_day=days[name])
    made["Lindy A on Tuesday"] = ClassOfferFactory(subject=made["Lindy A"].subject, session=session, class_day=1)
    return made


@pytest.mark.parametrize(
    ("classes", "online", "on", "subtotal", "pre_pay", "multi", "total"),
    [
        # a single class: early online, at the door, and around the pre-pay deadline (Jan 7)
        (["Lindy A"], True, D(2026, 1, 1), "95.00", "10.00", "0.00", "85.00"),
        (["Lindy A"], False, D(2026, 1, 1), "95.00", "0.00", "0.00", "95.00"),
        (["Lindy A"], True, D(2026, 1, 6), "95.00", "10.00", "0.00", "85.00"),
        (["Lindy A"], True, D(2026, 1, 7), "95.00", "10.00", "0.00", "85.00"),
        (["Lindy A"], True, D(2026, 1, 8), "95.00", "0.00", "0.00", "95.00"),
        # two classes: the one with the largest multi-class discount (B) keeps its full price
        (["Lindy A", "Lindy B"], True, D(2026, 1, 1), "190.00", "20.00", "15.00", "155.00"),
        (["Lindy B", "Lindy A"], False, D(2026, 1, 1), "190.00", "0.00", "15.00", "175.00"),
        # three classes with different multi-class discounts: A and C take theirs off
        (["Lindy A", "Lindy B", "Lindy C"], True, D(2026, 1, 1), "270.00", "25.00", "25.00", "220.00"),
        # a workshop doesn't qualify, so one qualifying class gets no multi-class discount
        (["Lindy A", "Workshop"], True, D(2026, 1, 1), "245.00", "20.00", "0.00", "225.00"),
        (["Lindy A", "Lindy B", "Workshop"], True, D(2026, 1, 1), "340.00", "30.00", "15.00", "295.00"),
        # each class has its own deadline: on Jan 6, Tuesday's (Jan 5) has passed, Thursday's hasn't
        (["Lindy A on Tuesday", "Lindy C"], True, D(2026, 1, 6), "175.00", "5.00", "10.00", "160.00"),
    ],
)
def test_pricing(offers, classes, online, on, subtotal, pre_pay, multi, total):
    priced = quote([offers[name] for name in classes], online=online, on=on)

    assert (priced.subtotal, priced.pre_pay_discount, priced.multi_class_discount, priced.total) == (
        Decimal(subtotal),
        Decimal(pre_pay),
        Decimal(multi),
        Decimal(total),
    )
    assert priced.credit_applied == Decimal("0.00")
    assert sum(line.total for line in priced.lines) == priced.total


@pytest.mark.parametrize(
    ("balance", "credit_applied", "total"),
    [
        ("30.00", "30.00", "125.00"),  # credit smaller than the total
        ("500.00", "155.00", "0.00"),  # credit larger than the total: never below zero
        ("155.00", "155.00", "0.00"),
        ("0.00", "0.00", "155.00"),
    ],
)
def test_credit_pays_as_much_as_it_can(offers, balance, credit_applied, total):
    student = UserFactory()
    CreditEntry.objects.create(user=student, amount=Decimal(balance), reason="Class cancelled")

    priced = quote([offers["Lindy A"], offers["Lindy B"]], attendee=student, on=D(2026, 1, 1))

    assert (priced.credit_applied, priced.total) == (Decimal(credit_applied), Decimal(total))


def test_a_debt_is_not_credit(offers):
    student = UserFactory()
    CreditEntry.objects.create(user=student, amount=Decimal("-20.00"), reason="Returned check")

    priced = quote([offers["Lindy A"]], attendee=student, on=D(2026, 1, 1))

    assert (priced.credit_applied, priced.total) == (Decimal("0.00"), Decimal("85.00"))


def test_a_price_override_is_the_price(offers):
    offers["Lindy A"].price_override = Decimal("40.00")

    priced = quote([offers["Lindy A"]], online=False, on=D(2026, 1, 1))

    assert priced.total == Decimal("40.00")


@pytest.mark.parametrize("balance", ["0.00", "30.00", "500.00"])
@pytest.mark.parametrize("classes", [["Lindy A"], ["Lindy A", "Lindy B", "Lindy C"], ["Lindy A", "Workshop"]])
def test_the_door_price_of_an_online_quote_is_the_door_quote(offers, classes, balance):
    student = UserFactory()
    CreditEntry.objects.create(user=student, amount=Decimal(balance), reason="Class cancelled")
    chosen = [offers[name] for name in classes]

    at_the_door = quote(chosen, attendee=student, online=True, on=D(2026, 1, 1)).at_the_door()

    assert at_the_door == quote(chosen, attendee=student, online=False, on=D(2026, 1, 1))
