"""`manage.py grow_demo_school`, which `make bench` uses to measure a bigger school."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from classes.models import ClassOffer, Registration, SubjectPage
from tests.factories import ClassOfferFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def current_session():
    today = timezone.localdate()
    key_day = today + datetime.timedelta(days=(3 - today.weekday()) % 7)
    session = SessionFactory(key_day_date=key_day, publish_date=today - datetime.timedelta(days=1))
    ClassOfferFactory(session=session, capacity=10)
    ClassOfferFactory(session=session, capacity=10)
    return session


def test_it_adds_live_class_offers_students_with_registrations_and_an_empty_class_for_a_rush(current_session):
    out = io.StringIO()
    call_command("grow_demo_school", offers=3, students=4, rush_seats=5, stdout=out)

    offers = ClassOffer.objects.filter(session=current_session)
    assert offers.count() == 2 + 3 + 1
    assert all(offer.live for offer in offers)
    # Both subjects already ran on the session's one day: the new classes are of copies of them.
    assert SubjectPage.objects.live().count() == 2 + 4
    students = User.objects.filter(email__startswith="bench.")
    assert students.count() == 4
    assert all(student.check_password("swingout-demo") for student in students)
    assert Registration.objects.filter(attendee__in=students, status=Registration.Status.CONFIRMED).count() == 4

    rush = ClassOffer.objects.get(pk=re.search(r"rush_offer id=(\d+)", out.getvalue())[1])
    assert rush.capacity == 5
    assert not rush.registrations.exists()
