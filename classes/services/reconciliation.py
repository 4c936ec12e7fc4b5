"""Reconciliation (DESIGN §4): the processors are asked about the payments still open after their payment page
should have closed, in case a webhook was lost, and what they say is applied through the payment service, as
the webhook would have. Run every ten minutes (classes.tasks); run again, it finds nothing left to fix."""

import datetime
import logging

from django.conf import settings
from django.utils import timezone
from payments import PaymentError
from payments.core import provider_factory

from classes.models import Payment

from .payments import OPEN_STATUSES, apply_news

logger = logging.getLogger(__name__)

# A payment page closes when the seats' hold ends (Stripe's after 30 minutes at least): give the webhook a
# few minutes more before asking.
WEBHOOK_GRACE = datetime.timedelta(minutes=5)


def overdue_payments(now):
    page_closed_by = now - datetime.timedelta(minutes=max(settings.CHECKOUT_HOLD_MINUTES, 30)) - WEBHOOK_GRACE
    return Payment.objects.filter(status__in=OPEN_STATUSES, created__lt=page_closed_by).exclude(transaction_id="")


def reconcile_payments(now=None):
    """Ask each overdue payment's processor how it ended and apply it; the payments changed."""
    changed = []
    for payment in overdue_payments(now or timezone.now()):
        provider = provider_factory(payment.variant, payment)
        if not hasattr(provider, "news_of"):
            continue
        try:
            news = provider.news_of(payment)
        except PaymentError as error:  # the processors' ProcessorError among them
            logger.warning("Could not ask %s about payment %s: %s", payment.variant, payment.pk, error)
            continue
        if news is not None:
            before = payment.status
            if apply_news(payment, news).status != before:
                changed.append(payment)
    return changed
