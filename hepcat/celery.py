"""The Celery app. Settings come from Django's (CELERY_*); see hepcat/settings/base.py."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hepcat.settings.dev")

app = Celery("hepcat", include=["hepcat.tasks"])
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
