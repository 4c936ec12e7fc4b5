"""Students' credit: a ledger of CreditEntry rows, granted by admins and referrals, used by orders."""

from .models import CreditEntry


def credit_balance(user):
    """What the student's credit is worth now (negative if they owe the school)."""
    return CreditEntry.objects.filter(user=user).balance()


def grant_credit(user, amount, reason, *, by=None, order=None):
    return CreditEntry.objects.create(user=user, amount=amount, reason=reason, created_by=by, order=order)
