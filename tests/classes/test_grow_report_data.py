"""`manage.py grow_report_data`, which `make bench MODE=reports` measures the reports on."""

import io
import re
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from classes.models import Attendance, ClassMeeting, Order, Registration, Session
from tests.factories import LevelFactory, LocationFactory, SessionFactory, SubjectPageFactory, TeacherFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    """Two levels of two versions each, a place, a teacher, and the school's own session."""
    for name, rank in (("Beginning", 1), ("Lindy 2", 2)):
        level = LevelFactory(name=name, rank=Decimal(rank), completion_rule="A,B")
        for version in "AB":
            SubjectPageFactory(title=f"{name} {version}", level=level, version=version)
    LocationFactory()
    TeacherFactory()
    return SessionFactory(key_day_date=timezone.localdate())


def test_it_adds_past_sessions_with_as_many_students_registrations_and_check_ins_as_asked(catalogue):
    out = io.StringIO()
    call_command("grow_report_data", students=30, registrations=200, attendance=500, sessions=6, stdout=out)

    grown = Session.objects.exclude(pk=catalogue.pk)
    assert grown.count() == 6
    assert max(session.end_date for session in grown) < catalogue.start_date
    assert User.objects.filter(email__startswith="report.").count() == 30
    registrations = Registration.objects.filter(class_offer__session__in=grown)
    assert registrations.count() == 200
    assert Order.objects.filter(registrations__in=registrations).distinct().count() == 200
    assert Attendance.objects.count() == 500
    # Every mark is for a meeting of the student's own class that has been held.
    assert not Attendance.objects.exclude(meeting__class_offer=F("registration__class_offer")).exists()
    assert ClassMeeting.objects.filter(class_offer__session__in=grown).count() == 6 * 4 * 4 * 5
    latest = grown.order_by("key_day_date").last()
    assert re.search(rf"report_session id={latest.pk} ", out.getvalue())


def test_it_needs_a_catalogue_to_copy():
    with pytest.raises(CommandError, match="load the demo school first"):
        call_command("grow_report_data", students=1, registrations=1, attendance=1, sessions=1, stdout=io.StringIO())
