"""Years of the school's past, for measuring its reports (`manage.py grow_report_data`, `make bench MODE=reports`):
by default 5,000 students, 50,000 registrations and 200,000 check-ins, in the sessions before the demo school's.

Written with bulk_create rather than through the checkout: what is measured is reading the data, and going
through the services would take an hour. The rows are the services' own kinds: an order per registration,
paid online or at the door (some partly, some not at all), some cancelled and refunded in money or credit,
students who start at Beginning, move up when they complete a level (Level.times_completed), and drop out.
"""

import datetime
import random
from collections import Counter
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import CreditEntry, User
from accounts.roles import TEACHERS
from classes.models import (
    Attendance,
    ClassMeeting,
    ClassOffer,
    Level,
    Location,
    Order,
    OrderAdjustment,
    Payment,
    PaymentMethod,
    Refund,
    Registration,
    Session,
    SubjectPage,
)
from classes.services.meetings import refresh_meetings

from .data import SEED

BATCH = 5000
GAP = datetime.timedelta(weeks=7)  # from one grown session's key day to the next: five weeks of class, a break
WEEKDAYS = (0, 1, 2, 3)  # Monday to Thursday: a key day on Thursday with a day shift of -3


def check_in_mark(came):
    """The fields of an attendance mark of a student who came, or did not."""
    return {"status": Attendance.Status.PRESENT if came else Attendance.Status.ABSENT}


class ReportData:
    def __init__(self, students, registrations, attendance, sessions, password, today=None):
        self.wanted = {"students": students, "registrations": registrations, "attendance": attendance}
        self.session_count = sessions
        self.password = password
        self.today = today or timezone.localdate()
        self.rng = random.Random(SEED + students)
        self.tag = f"{self.rng.randrange(16**6):06x}"

    @transaction.atomic
    def build(self):
        self.read_catalogue()
        sessions = self.add_sessions()
        offers = self.add_class_offers(sessions)
        students = self.add_students()
        registrations = self.add_registrations(sessions, offers, students)
        self.add_money(registrations)
        marks = self.add_attendance(registrations)
        return {
            "sessions": len(sessions),
            "class offers": sum(len(session_offers) for session_offers in offers),
            "students": len(students),
            "registrations": len(registrations),
            "attendance": marks,
            "latest session": sessions[-1],
        }

    def read_catalogue(self):
        weekly = SubjectPage.objects.live().filter(num_weeks__gte=settings.SESSION_MINIMUM_WEEKS)
        self.subjects = list(weekly.select_related("level").order_by("level__rank", "version", "pk"))
        self.locations = list(Location.objects.all())
        self.teachers = list(User.objects.filter(groups__name=TEACHERS))
        self.levels = list(Level.objects.filter(rank__isnull=False).order_by("rank"))
        if not (self.subjects and self.locations and self.teachers and self.levels):
            raise ValueError("No weekly subjects, locations, teachers or levels to use: load the demo school first.")

    def add_sessions(self):
        """Regular sessions seven weeks apart, the last one ending before the school's earliest session starts."""
        earliest = Session.objects.order_by("key_day_date").first()
        last_key_day = (earliest.key_day_date if earliest else self.today) - GAP
        last_key_day -= datetime.timedelta(days=(last_key_day.weekday() - 3) % 7)  # a Thursday
        sessions = []
        for number in range(self.session_count, 0, -1):
            key_day = last_key_day - GAP * (number - 1)
            name = Session.unique_name(f"{key_day:%B %Y}")
            session = Session(
                name=name,
                slug=slugify(name),
                key_day_date=key_day,
                max_day_shift=-3,
                num_weeks=5,
                break_weeks=1,
                publish_date=key_day - datetime.timedelta(days=21),
            )
            session.expire_date = session.default_expire_date()
            sessions.append(session)
        return Session.objects.bulk_create(sessions)

    def add_class_offers(self, sessions):
        """Each weekly subject on each weekday of every session, taught by one or two teachers."""
        offers = [
            ClassOffer(
                subject=subject,
                session=session,
                location=self.locations[(index + day) % len(self.locations)],
                class_day=day,
                start_time=datetime.time(19 + day % 2, 0),
                capacity=30,
                live=True,
                has_unpublished_changes=False,
            )
            for session in sessions
            for index, subject in enumerate(self.subjects)
            for day in WEEKDAYS
        ]
        ClassOffer.objects.bulk_create(offers, batch_size=BATCH)
        Teaching = ClassOffer.teachers.through
        Teaching.objects.bulk_create(
            [
                Teaching(classoffer=offer, user=teacher)
                for number, offer in enumerate(offers)
                for teacher in {self.teachers[number % len(self.teachers)], self.rng.choice(self.teachers)}
            ],
            batch_size=BATCH,
        )
        refresh_meetings(ClassOffer.objects.filter(session__in=sessions))
        per_session = {session.pk: [] for session in sessions}
        for offer in offers:
            per_session[offer.session_id].append(offer)
        return [per_session[session.pk] for session in sessions]

    def add_students(self):
        password = make_password(self.password)  # one hash for all: hashing each would take most of the time
        students = [
            User(
                email=f"report.{self.tag}.{number}@example.com",
                first_name="Report",
                last_name=f"Student {number}",
                password=password,
            )
            for number in range(1, self.wanted["students"] + 1)
        ]
        return User.objects.bulk_create(students, batch_size=BATCH)

    def add_registrations(self, sessions, offers, students):
        """Careers: a student starts in some session at the lowest level, takes one or two classes a session of
        the level they are ready for, moves up on completing it, and stops after a while; until there are as many
        registrations as wanted."""
        wanted = self.wanted["registrations"]
        by_level = [
            {
                level.pk: [offer for offer in session_offers if offer.subject.level_id == level.pk]
                for level in self.levels
            }
            for session_offers in offers
        ]
        taken, registrations = set(), []
        while len(registrations) < wanted:
            student = self.rng.choice(students)
            level, versions = 0, Counter()
            for number in range(self.rng.randrange(len(sessions)), len(sessions)):
                choices = by_level[number][self.levels[level].pk]
                for offer in self.rng.sample(choices, min(len(choices), self.rng.choice((1, 1, 1, 2)))):
                    if (student.pk, offer.pk) in taken or len(registrations) >= wanted:
                        continue
                    taken.add((student.pk, offer.pk))
                    versions[offer.subject.version] += 1
                    registrations.append(self.registration(student, offer, sessions[number]))
                if self.levels[level].times_completed(versions) and level + 1 < len(self.levels):
                    level, versions = level + 1, Counter()
                if self.rng.random() < 0.12:
                    break
        orders = Order.objects.bulk_create([registration.order for registration in registrations], batch_size=BATCH)
        for registration, order in zip(registrations, orders, strict=True):
            registration.order = order
        return Registration.objects.bulk_create(registrations, batch_size=BATCH)

    def registration(self, student, offer, session):
        online = self.rng.random() < 0.6
        price = offer.subject.full_price
        discount = offer.subject.pre_pay_discount if online else Decimal("0.00")
        credit = Decimal("10.00") if self.rng.random() < 0.05 else Decimal("0.00")
        registered = timezone.make_aware(datetime.datetime.combine(session.publish_date, datetime.time(12)))
        cancelled = self.rng.random() < 0.03
        order = Order(
            payer=student,
            attendee=student,
            status=Order.Status.CANCELLED if cancelled else Order.Status.CONFIRMED,
            method=PaymentMethod.STRIPE if online else PaymentMethod.DOOR,
            subtotal=price,
            pre_pay_discount=discount,
            multi_class_discount=Decimal("0.00"),
            credit_applied=credit,
            total=price - discount - credit,
            door_total=price,
            created_at=registered,
            confirmed_at=registered,
        )
        return Registration(
            attendee=student,
            class_offer=offer,
            order=order,
            status=Registration.Status.CANCELLED if cancelled else Registration.Status.CONFIRMED,
            dance_role=self.rng.choice(Registration.DanceRole.values),
            price=price,
            pre_pay_discount=discount,
            multi_class_discount=Decimal("0.00"),
            created_at=registered,
            confirmed_at=registered,
            cancelled_at=registered if cancelled else None,
        )

    def add_money(self, registrations):
        """Most orders paid in full; some at the door in part or not yet; cancelled ones refunded in money or
        credit."""
        payments, adjustments, credits, refunded = [], [], [], []
        for registration in registrations:
            order = registration.order
            roll = self.rng.random()
            paid = order.total if roll < 0.92 else (order.total / 2).quantize(Decimal("0.01")) if roll < 0.97 else 0
            if paid:
                payments.append(
                    Payment(
                        order=order,
                        variant=order.method,
                        status="confirmed",
                        currency=settings.CURRENCY,
                        total=paid,
                        captured_amount=paid,
                    )
                )
            if order.status == Order.Status.CANCELLED:
                adjustments.append(OrderAdjustment(order=order, amount=order.total, reason="Cancelled"))
                if paid and self.rng.random() < 0.5:
                    credits.append(CreditEntry(user=order.attendee, amount=paid, reason="Refund", order=order))
                elif paid:
                    refunded.append(len(payments) - 1)
        Payment.objects.bulk_create(payments, batch_size=BATCH)
        OrderAdjustment.objects.bulk_create(adjustments, batch_size=BATCH)
        CreditEntry.objects.bulk_create(credits, batch_size=BATCH)
        Refund.objects.bulk_create(
            [
                Refund(payment=payments[index], amount=payments[index].captured_amount, status="succeeded", reason="x")
                for index in refunded
            ],
            batch_size=BATCH,
        )

    def add_attendance(self, registrations):
        """Marks at the meetings held so far, as many as wanted: each student comes as reliably as they do."""
        meetings = {}
        for meeting_id, offer_id, date in ClassMeeting.objects.filter(
            class_offer__in={registration.class_offer_id for registration in registrations}, date__lte=self.today
        ).values_list("pk", "class_offer", "date"):
            meetings.setdefault(offer_id, []).append((meeting_id, date))
        places = [
            (registration, meeting_id)
            for registration in registrations
            if registration.status == Registration.Status.CONFIRMED
            for meeting_id, _ in meetings.get(registration.class_offer_id, [])
        ]
        chosen = sorted(self.rng.sample(range(len(places)), min(self.wanted["attendance"], len(places))))
        reliability = {}
        marks = []
        for index in chosen:
            registration, meeting_id = places[index]
            comes = reliability.setdefault(registration.attendee_id, self.rng.uniform(0.55, 1.0))
            marks.append(
                Attendance(registration=registration, meeting_id=meeting_id, **check_in_mark(self.rng.random() < comes))
            )
        Attendance.objects.bulk_create(marks, batch_size=BATCH)
        return len(marks)
