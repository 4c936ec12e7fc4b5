"""Mail to students about their account: the credit they were given."""

from celery import shared_task

from hepcat.money import money
from messaging.email import queue_after_commit, send_templated_email

from .models import CreditEntry


def greeting_name(person):
    """The name to greet someone by: only once they have confirmed their address by setting a password.

    Until then the name is whatever was typed in at registration, maybe by someone else, and mail to an
    unconfirmed address never carries text a visitor chose.
    """
    return person.first_name if person.has_usable_password() else ""


def credit_notice_after_commit(entry):
    queue_after_commit(send_credit_notice_of, entry.pk)


@shared_task
def send_credit_notice_of(entry_pk):
    """The student is told of credit they were given: how much, why, and their balance."""
    entry = CreditEntry.objects.select_related("user").get(pk=entry_pk)
    balance = CreditEntry.objects.filter(user=entry.user).balance()
    send_templated_email(
        "accounts/email/credit_granted",
        {
            "entry": entry,
            "amount": money(entry.amount, cents=False),
            "balance": money(balance, cents=False),
            "greeting_name": greeting_name(entry.user),
        },
        [entry.user.email],
    )
