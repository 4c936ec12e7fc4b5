"""A student of many years, for measuring their account (`bench/run.py --mode account`): `classes` finished
classes in sessions before the demo school's, each with `resources_per_class` resources attached to it and
released on its first class, and their check-ins (they missed one class in five).

The classes copy the demo school's subjects, places and times, four to a session; the registrations and orders
are written directly (the classes are long over, past anything checkout would take).
"""

import datetime
import uuid
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from classes.models import Attendance, ClassMeeting, ClassOffer, Order, Registration, Session

from .models import ResourceIndexPage, ResourcePage

CLASSES_PER_SESSION = 4
KINDS = [ResourcePage.Kind.VIDEO, ResourcePage.Kind.TEXT, ResourcePage.Kind.DOCUMENT, ResourcePage.Kind.LINK]


@transaction.atomic
def add_long_time_student(classes, resources_per_class, password):
    """Make the student and everything they took; return their email."""
    first_session = Session.objects.order_by("key_day_date").first()
    templates = list(ClassOffer.objects.filter(live=True).select_related("subject")[:CLASSES_PER_SESSION])
    if first_session is None or len(templates) < CLASSES_PER_SESSION:
        raise ValueError("Load the demo school first: the student's classes copy its own.")
    batch = uuid.uuid4().hex[:8]
    student = User.objects.create(
        email=f"long.time.{batch}@example.com",
        first_name="Longtime",
        last_name="Dancer",
        password=make_password(password),
    )
    index = ResourceIndexPage.objects.get()
    registrations = []
    for number in range(classes):
        session = _session_before(first_session, batch, number // CLASSES_PER_SESSION + 1)
        template = templates[number % CLASSES_PER_SESSION]
        offer = _copy_class(template, session)
        registrations.append(_register(student, offer))
        for resource_number in range(1, resources_per_class + 1):
            _add_resource(index, offer, f"{offer.subject.title}, {session.name}: part {resource_number}")
    _check_in(registrations)
    return student.email


def _session_before(first_session, batch, sessions_back):
    """One of the sessions before the school's first, seven weeks apart (made on its first class)."""
    key_day = first_session.key_day_date - datetime.timedelta(weeks=7 * sessions_back)
    name = f"Long ago {batch} {sessions_back}"
    session, _ = Session.objects.get_or_create(
        name=name, defaults={"key_day_date": key_day, "publish_date": key_day - datetime.timedelta(days=21)}
    )
    return session


def _copy_class(template, session):
    offer = ClassOffer(
        subject=template.subject,
        session=session,
        location_id=template.location_id,
        class_day=template.class_day,
        start_time=template.start_time,
        capacity=template.capacity,
    )
    offer.live = True
    offer.save()
    return offer


def _register(student, offer):
    signed_up = timezone.make_aware(datetime.datetime.combine(offer.start_date, datetime.time(12)))
    price = offer.price
    order = Order.objects.create(
        payer=student,
        attendee=student,
        status=Order.Status.CONFIRMED,
        method="door",
        subtotal=price,
        pre_pay_discount=Decimal("0.00"),
        multi_class_discount=Decimal("0.00"),
        credit_applied=Decimal("0.00"),
        total=price,
        door_total=price,
        created_at=signed_up,
        confirmed_at=signed_up,
    )
    return Registration.objects.create(
        attendee=student,
        class_offer=offer,
        order=order,
        status=Registration.Status.CONFIRMED,
        price=price,
        pre_pay_discount=Decimal("0.00"),
        multi_class_discount=Decimal("0.00"),
        confirmed_at=signed_up,
    )


def _add_resource(index, offer, title):
    resource = ResourcePage(
        title=title,
        kind=KINDS[len(title) % len(KINDS)],
        audience=ResourcePage.Audience.CLASS,
        release=ResourcePage.Release.AFTER_CLASS,
        release_class_number=1,
        summary="What we danced that week.",
    )
    resource.class_offers = [offer]
    index.add_child(instance=resource)


def _check_in(registrations):
    meetings = ClassMeeting.objects.filter(class_offer__in=[registration.class_offer for registration in registrations])
    registration_of = {registration.class_offer_id: registration for registration in registrations}
    Attendance.objects.bulk_create(
        Attendance(
            registration=registration_of[meeting.class_offer_id],
            meeting=meeting,
            status=Attendance.Status.ABSENT if meeting.number == 2 else Attendance.Status.PRESENT,
        )
        for meeting in meetings
    )
