from celery import shared_task

from classes.notifications import send_order_confirmation_of  # noqa: F401 - the checkout queues it; the worker finds it here
from classes.services.reconciliation import reconcile_payments as reconcile
from classes.services.waitlist import release_expired_seats as release


@shared_task
def release_expired_seats():
    """Every minute: free the seats of unpaid holds and unanswered waitlist offers."""
    release()


@shared_task
def reconcile_payments():
    """Every ten minutes: ask the processors about payments a lost webhook left open."""
    reconcile()
