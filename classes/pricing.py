"""What a registration costs (DESIGN §4)."""

import datetime

from django.conf import settings


def pre_pay_deadline(offer):
    """The last day on which paying online earns the pre-pay discount."""
    return offer.start_date - datetime.timedelta(days=settings.PRE_PAY_DEADLINE_DAYS)
