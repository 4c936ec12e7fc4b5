"""Housekeeping run by Celery beat (the schedule is CELERY_BEAT_SCHEDULE in the settings)."""

from celery import shared_task
from django.core.management import call_command


@shared_task
def publish_scheduled():
    """Publish and unpublish pages and snippets whose go-live or expiry time has come."""
    call_command("publish_scheduled")


@shared_task
def clear_expired_sessions():
    call_command("clearsessions")
