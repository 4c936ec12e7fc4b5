"""What a registration costs (DESIGN §4). The one place prices are worked out: the register page,
the order and the door total all come from `quote`, and nothing trusts a price from the browser."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from accounts.credits import credit_balance

ZERO = Decimal("0.00")


@dataclass
class QuoteLine:
    offer: object
    price: Decimal
    pre_pay_discount: Decimal = ZERO
    multi_class_discount: Decimal = ZERO

    @property
    def total(self):
        return max(self.price - self.pre_pay_discount - self.multi_class_discount, ZERO)


@dataclass
class Quote:
    lines: list = field(default_factory=list)
    credit_applied: Decimal = ZERO
    online: bool = True
    on: datetime.date | None = None  # the day priced
    credit_available: Decimal | None = None  # the attendee's credit balance (never below zero), if they have credit

    @property
    def subtotal(self):
        return sum((line.price for line in self.lines), ZERO)

    @property
    def pre_pay_discount(self):
        return sum((line.pre_pay_discount for line in self.lines), ZERO)

    @property
    def multi_class_discount(self):
        return sum((line.multi_class_discount for line in self.lines), ZERO)

    @property
    def total_before_credit(self):
        return sum((line.total for line in self.lines), ZERO)

    @property
    def total(self):
        return self.total_before_credit - self.credit_applied

    def at_the_door(self):
        """The same classes paid at the door on the same day, with the same credit: what `quote` would answer
        with `online=False`, without reading the credit balance again."""
        return _priced([line.offer for line in self.lines], online=False, on=self.on, credit=self.credit_available)


def quote(offers, *, attendee=None, online=True, on=None):
    """Price `offers` for one attendee paying online (or at the door) on a given day (today)."""
    credit = None if attendee is None else max(credit_balance(attendee), ZERO)
    return _priced(offers, online=online, on=on or timezone.localdate(), credit=credit)


def _priced(offers, *, online, on, credit):
    lines = [QuoteLine(offer=offer, price=offer.price) for offer in offers]

    if online:
        for line in lines:
            if line.offer.is_pre_pay_open(on):
                line.pre_pay_discount = min(line.offer.subject.pre_pay_discount, line.price)

    qualifying = [line for line in lines if line.offer.subject.qualifies_for_multi_discount]
    if len(qualifying) >= 2:
        # Every qualifying class but the one with the largest multi-class discount takes its discount off.
        largest = max(qualifying, key=lambda line: line.offer.subject.multi_class_discount)
        for line in qualifying:
            if line is not largest:
                discount = line.offer.subject.multi_class_discount
                line.multi_class_discount = min(discount, line.price - line.pre_pay_discount)

    priced = Quote(lines=lines, online=online, on=on, credit_available=credit)
    if credit is not None:
        priced.credit_applied = min(credit, priced.total_before_credit)
    return priced
