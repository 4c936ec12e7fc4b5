"""Delivering the school's mail in the background, so that no page waits for (or reveals) a mail server."""

import logging
import smtplib

from anymail.exceptions import AnymailAPIError
from celery import Task, shared_task
from django.core.mail import EmailMultiAlternatives

logger = logging.getLogger(__name__)

# Failures a later attempt may get past: the mail server or the ESP is down, slow or refusing for now.
PASSING_FAILURES = (smtplib.SMTPException, OSError, AnymailAPIError)


class MailTask(Task):
    def on_retry(self, exc, task_id, args, kwargs, einfo):
        logger.warning("Mail %r not sent yet (%s); trying again.", kwargs.get("subject"), exc)

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        logger.error("Mail %r not sent: %s", kwargs.get("subject"), exc)


@shared_task(base=MailTask, autoretry_for=PASSING_FAILURES, retry_backoff=True, max_retries=4)
def deliver_email(*, subject, text, html, to, reply_to):
    """Send one rendered message. Retries wait about 1, 2, 4 and 8 seconds (with jitter)."""
    message = EmailMultiAlternatives(subject=subject, body=text, to=to, reply_to=reply_to)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
