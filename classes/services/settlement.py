"""What follows an order's confirmation: its credit is used, the day it is paid in full is noted (which
rewards a referral), and the payer and attendee are told."""

from django.utils import timezone

from classes import notifications
from classes.models import Order

from .credits import reward_referral, use_credit


def settle_confirmed_order(order, now, *, just_placed=False):
    """`just_placed`: the order was made confirmed in this transaction, so nothing has been paid or taken off it
    yet, and it is written again only if credit changes what it owes."""
    if not just_placed or order.credit_applied > 0:
        order.confirmed_at = now
        use_credit(order)
        order.save()
    mark_paid_if_settled(order, owed=order.total if just_placed else None)
    notifications.confirm_order_after_commit(order)


def mark_paid_if_settled(order, owed=None):
    """Note when an order is first fully paid, which is when a referral earns its reward. `owed`: what the order
    still owes, when the caller knows it without asking the database (Order.amount_owed)."""
    if order.paid_at is not None or order.status != Order.Status.CONFIRMED:
        return
    if (order.amount_owed if owed is None else owed) <= 0:
        order.paid_at = timezone.now()
        order.save(update_fields=["paid_at"])
        reward_referral(order.attendee, order)
