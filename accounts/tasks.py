"""Mail about accounts, rendered and sent in the background."""

from celery import shared_task

from .activation import send_activation_email
from .models import User
from .notifications import send_credit_notice_of  # noqa: F401 - grant_credit queues it; the worker finds it here


@shared_task
def send_activation_email_to(user_pk):
    send_activation_email(User.objects.get(pk=user_pk))
