"""Sending the school's mail from templates: `<name>_subject.txt`, `<name>.txt` and, if present, `<name>.html`.

A message is delivered by a Celery task once the transaction commits: a page never waits for the mail server,
so a slow or broken one neither delays an answer nor shows in its timing whether an address has an account.
Mail a busy page sends (a checkout's) is also rendered in a task, queued with `queue_after_commit`. (Without a
broker, as in development, the task runs in-process right after the commit.)

Work done for made-up people, such as building the demo school, runs `without_mail()`: no one would read that
mail, so it is neither rendered nor queued.
"""

import logging
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from functools import partial

from django.conf import settings
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string

from home.models import SchoolSettings

from .tasks import deliver_email

logger = logging.getLogger(__name__)

_mail_wanted = ContextVar("mail_wanted", default=True)


@contextmanager
def without_mail():
    """Mail asked for inside this block, or by its transactions as they commit, is dropped unrendered."""
    token = _mail_wanted.set(False)
    try:
        yield
    finally:
        _mail_wanted.reset(token)


def send_templated_email(template, context, to):
    if not _mail_wanted.get():
        return
    school = SchoolSettings.load()
    context = {"school": school, "site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"{template}_subject.txt", context, using="text").split())
    html = None
    with suppress(TemplateDoesNotExist):  # an HTML copy is optional
        html = render_to_string(f"{template}.html", context)
    deliver_after_commit(
        {
            "subject": f"{subject} | {school.business_name}",
            "text": render_to_string(f"{template}.txt", context, using="text"),
            "html": html,
            "to": to if isinstance(to, list) else [to],
            "reply_to": [school.contact_email] if school.contact_email else None,
        }
    )


def deliver_after_commit(message):
    """Queue a rendered message (subject, text, html, to, reply_to) for delivery once the transaction commits."""
    if not _mail_wanted.get():
        return
    transaction.on_commit(partial(queue_delivery, message))


def queue_delivery(message):
    """Hand the message to Celery. Without a broker the task runs here and now: whatever still goes wrong
    after its retries is logged, never shown to the person who asked for the mail."""
    try:
        deliver_email.delay(**message)
    except Exception:
        logger.exception("Mail %r to %d recipient(s) could not be delivered.", message["subject"], len(message["to"]))


def queue_after_commit(task, *args):
    """Run a Celery task that renders and sends mail once the transaction commits, so that the request does
    neither. Like a delivery, a task that cannot be queued (or fails, without a broker) is only logged."""
    if not _mail_wanted.get():
        return
    transaction.on_commit(partial(_queue, task, *args))


def _queue(task, *args):
    try:
        task.delay(*args)
    except Exception:
        logger.exception("Mail task %s%r did not run.", task.name, args)
