"""Sending the school's mail from templates: `<name>_subject.txt`, `<name>.txt` and, if present, `<name>.html`."""

from contextlib import suppress

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string

from home.models import SchoolSettings


def send_templated_email(template, context, to):
    school = SchoolSettings.load()
    context = {"school": school, "site_url": settings.WAGTAILADMIN_BASE_URL, **context}
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=f"{subject} | {school.business_name}",
        body=render_to_string(f"{template}.txt", context),
        to=to if isinstance(to, list) else [to],
        reply_to=[school.contact_email] if school.contact_email else None,
    )
    with suppress(TemplateDoesNotExist):  # an HTML copy is optional
        message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    message.send()
