"""Students' credit: a ledger of CreditEntry rows, granted by admins and referrals, used by orders.

Each entry is written in the audit trail, on the order it belongs to or else on the student.
"""

from hepcat.audit import record

from .models import CreditEntry
from .notifications import credit_notice_after_commit


def credit_balance(user):
    """What the student's credit is worth now (negative if they owe the school)."""
    return CreditEntry.objects.filter(user=user).balance()


def grant_credit(user, amount, reason, *, by=None, order=None):
    """Add `amount` (negative: take it back, or spend it) to the student's credit. Credit given is emailed to the
    student once the work commits."""
    entry = CreditEntry.objects.create(user=user, amount=amount, reason=reason, created_by=by, order=order)
    action = "accounts.credit.used" if order and amount < 0 else "accounts.credit.granted"
    record(order or user, action, by=by, amount=abs(amount) if order else amount, student=user, reason=reason)
    if amount > 0:
        credit_notice_after_commit(entry)
    return entry
