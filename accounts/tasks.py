"""Mail about accounts, rendered and sent in the background."""

from celery import shared_task

from .activation import send_activation_email
from .models import User


@shared_task
def send_activation_email_to(user_pk):
    send_activation_email(User.objects.get(pk=user_pk))
