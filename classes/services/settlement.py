"""What follows an order's confirmation: its credit is used, the day it is paid in full is noted (which
rewards a referral), and the payer and attendee are told."""

from django.utils import timezone

from classes import notifications
from classes.models import Order

from .credits import reward_referral, use_credit


def settle_confirmed_order(order, now):
    order.confirmed_at = now
    use_credit(order)
    order.save()
    mark_paid_if_settled(order)
    notifications.confirm_order_after_commit(order)


def mark_paid_if_settled(order):
    """Note when an order is first fully paid, which is when a referral earns its reward."""
    if order.paid_at is None and order.status == Order.Status.CONFIRMED and order.amount_owed <= 0:
        order.paid_at = timezone.now()
        order.save(update_fields=["paid_at"])
        reward_referral(order.attendee, order)
