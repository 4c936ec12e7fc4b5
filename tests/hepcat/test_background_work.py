import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from hepcat.celery import app
from hepcat.tasks import clear_expired_sessions, publish_scheduled
from home.models import StandardPage

pytestmark = pytest.mark.django_db


def test_without_a_broker_tasks_run_in_process():
    assert settings.CELERY_TASK_ALWAYS_EAGER


def test_beat_publishes_and_releases_seats_every_minute_reconciles_payments_and_clears_sessions():
    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert schedule == {
        "hepcat.tasks.publish_scheduled": 60.0,
        "classes.tasks.release_expired_seats": 60.0,
        "classes.tasks.reconcile_payments": 600.0,
        "hepcat.tasks.clear_expired_sessions": 86400.0,
    }
    app.loader.import_default_modules()
    assert set(schedule) <= set(app.tasks)


def test_publish_scheduled_task_publishes_a_page_whose_time_has_come():
    from wagtail.models import Page

    home = Page.objects.get(depth=2)
    page = StandardPage(title="Spring session", slug="spring-session", live=False)
    home.add_child(instance=page)
    page.go_live_at = timezone.now() - datetime.timedelta(minutes=1)
    page.save_revision(approved_go_live_at=page.go_live_at)

    publish_scheduled.delay()

    page.refresh_from_db()
    assert page.live


def test_clear_expired_sessions_task_removes_only_expired_sessions():
    Session.objects.create(session_key="old", session_data="", expire_date=timezone.now() - datetime.timedelta(days=1))
    Session.objects.create(session_key="new", session_data="", expire_date=timezone.now() + datetime.timedelta(days=1))

    clear_expired_sessions.delay()

    assert list(Session.objects.values_list("session_key", flat=True)) == ["new"]
