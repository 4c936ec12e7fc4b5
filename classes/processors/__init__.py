"""Our own django-payments providers, for processors whose bundled provider doesn't do what DESIGN §4 asks, and
what their events say, read into the one shape the payment service applies (classes.services.payments)."""

from dataclasses import dataclass
from decimal import Decimal

from payments import PaymentError


@dataclass(frozen=True)
class ProcessorNews:
    """What one of a processor's events says of one of our payments.

    `reference`: the processor's id of the payment's page or order (Payment.transaction_id); `status`: the
    payment's status it means; `amount`, `currency`: what it took; `charge_id`: what the processor knows the
    money taken by (Payment.charge_id); `ends_the_hold`: the payer left the processor's page unpaid for good, so
    the seats held for it are let go.
    """

    event_id: str
    kind: str
    reference: str
    status: str
    amount: Decimal | None = None
    currency: str | None = None
    charge_id: str = ""
    ends_the_hold: bool = False


@dataclass(frozen=True)
class RefundNews:
    """A refund a processor says it gave on one of our payments (made by us, or in the processor's own
    dashboard). `ours`: the refund's key of ours (Refund.idempotency_key) when we asked for it."""

    charge_id: str
    refund_id: str
    amount: Decimal
    status: str
    ours: str = ""


@dataclass(frozen=True)
class ProcessorRefund:
    """Money a processor gave back. `status`: COMPLETED, PENDING, FAILED or CANCELLED, as PayPal says it, or
    Stripe's succeeded, pending or failed."""

    refund_id: str
    status: str


class ProcessorError(PaymentError):
    """A processor could not be reached, or refused: django-payments' PaymentError, saying whether the same call
    may well work later (`retryable`)."""

    def __init__(self, message, *, retryable, status=None, issue=None):
        super().__init__(message)
        self.retryable = retryable
        self.status = status  # the HTTP status of the processor's answer, if it answered
        self.issue = issue  # its reason, such as PayPal's ORDER_NOT_APPROVED or INSTRUMENT_DECLINED
