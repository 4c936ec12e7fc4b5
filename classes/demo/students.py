"""The demo school's students, with the classes they registered and paid for.

Everything goes through the checkout's services, as if each student had registered and paid on a day
of the story, so the prices, credit and amounts owed are the real rules' answers. Every student's
account has the demo password, so anyone trying the demo can log in as one.
"""

import datetime
import itertools
import random
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db.models import Case, Value, When
from django.utils import timezone
from django.utils.text import slugify
from payments import PaymentStatus

from accounts.credits import grant_credit
from accounts.models import CreditEntry, User
from classes.models import ClassOffer, Order, Payment, PaymentMethod, Registration, Session
from classes.services.checkout import place_order
from classes.services.orders import cancel_registration, record_door_payment
from classes.services.payments import start_online_payment

from .data import (
    CANCELLATIONS,
    COHORTS,
    FIRST_NAMES,
    LAST_NAMES,
    POPULAR_CLASS_DAY,
    POPULAR_CLASS_LEVEL,
    PROGRESSION,
    SECOND_CLASS,
    SEED,
    WAITING_FOR_THE_POPULAR_CLASS,
)


@dataclass
class DemoStudent:
    """One of the demo's students, as their story unfolds from session to session."""

    first_name: str
    last_name: str
    level: str
    starts_in: int  # the number of the regular session they first register in
    dance_role: str
    partner: "DemoStudent | None" = None  # someone they register and pay for, alongside themselves
    paid_for: bool = False  # their partner registers and pays for them
    credit_to_use: bool = False  # they come back next session to spend it
    account: User | None = None
    subjects_taken: set = field(default_factory=set)
    sessions_at_level: int = 0

    @property
    def as_registered(self):
        """A returning student registers signed in (so their credit pays); a newcomer types in their details."""
        email = f"{slugify(self.first_name)}.{slugify(self.last_name)}@example.com"
        return self.account or {"first_name": self.first_name, "last_name": self.last_name, "email": email}


def build_registrations(admin, password, today=None):
    """About 150 students and the classes they took over the demo's schedule. Built while there are no orders."""
    if not Order.objects.exists():
        DemoRegistrations(admin, today or timezone.localdate()).build()
    # One hash for every student: hashing 150 passwords one by one would take most of a minute.
    students = User.objects.filter(orders__isnull=False).exclude(pk=admin.pk).distinct()
    User.objects.filter(pk__in=students.values("pk")).update(password=make_password(password))


def student_to_try(today=None):
    """A student with a class running now and one taken before: the login the demo prints for trying the site."""
    today = today or timezone.localdate()
    confirmed = Registration.Status.CONFIRMED
    running_now = {
        "registrations__status": confirmed,
        "registrations__class_offer__session__key_day_date__lte": today,
        "registrations__class_offer__session__expire_date__gte": today,
    }
    taken_before = {"registrations__status": confirmed, "registrations__class_offer__session__expire_date__lt": today}
    return User.objects.filter(**running_now).filter(**taken_before).order_by("email").first()


class DemoRegistrations:
    """Students register, pay and move up through the levels over two past sessions and the current one; a few
    register early for the next session and for the workshop weekend."""

    def __init__(self, admin, today):
        self.admin, self.today = admin, today
        self.rng = random.Random(SEED)
        self.sessions = list(Session.objects.regular().order_by("key_day_date"))
        *_, self.current_session, self.next_session = self.sessions  # after two past sessions
        offers = ClassOffer.objects.filter(live=True).select_related("subject__level", "session")
        self.offers = list(offers.prefetch_related("teachers", "session__skip_dates"))
        self.seats_taken = dict.fromkeys(self.offers, 0)
        self.popular_class = next(
            offer
            for offer in self.offers
            if offer.session == self.current_session
            and (offer.subject.level.name, offer.class_day) == (POPULAR_CLASS_LEVEL, POPULAR_CLASS_DAY)
        )
        self.wanting_the_popular_class = 0
        self.paid_online_now = []  # (student, order) of the current session, some of which are cancelled
        self.placed_at, self.paid_at = {}, {}  # each order's moments in the story, by the order's pk

    def build(self):
        students = self.make_students()
        for number, session in enumerate(self.sessions):
            if session == self.next_session:
                # Between the current session and the next: a few cancel, some earn credit, and the workshop
                # weekend fills up.
                self.cancel_some_registrations()
                self.thank_volunteers(students)
                self.register_for_the_workshop_weekend(students)
            for student in students:
                if self.attends(student, number):
                    classes = self.choose_classes(student, session)
                    self.register(student, session, classes)
                    self.move_on(student, classes)
        self.date_back_orders()

    def make_students(self):
        everyone = sum(size for size, _, _ in COHORTS)
        names = iter(self.rng.sample([(first, last) for first in FIRST_NAMES for last in LAST_NAMES], everyone))
        students = []
        for size, starts_in, level in COHORTS:
            for first_name, last_name in itertools.islice(names, size):
                role = self.rng.choice(["lead", "follow", "lead", "follow", "either"])
                students.append(DemoStudent(first_name, last_name, level, starts_in, role))
        # Some beginners come as a couple, one of them paying for both.
        beginners = [student for student in students if student.level == "Beginning"]
        for payer, partner in zip(beginners[::9], beginners[1::9], strict=False):
            payer.partner, payer.dance_role = partner, "lead"
            partner.paid_for, partner.dance_role, partner.starts_in = True, "follow", payer.starts_in
        return students

    def attends(self, student, number):
        """Whether the student registers in the regular session with this number."""
        if student.paid_for or number < student.starts_in:
            return False
        if number == student.starts_in or student.credit_to_use:
            return True
        # Most students come back each session; by now, a few have signed up for the next one.
        return self.rng.random() < (0.65 if number < 3 else 0.12)

    # Choosing classes

    def choose_classes(self, student, session):
        """A class of the student's level, one they haven't taken if they can, and now and then a second class."""
        people = 2 if student.partner else 1
        at_level = [
            offer for offer in self.offers if offer.session == session and offer.subject.level.name == student.level
        ]
        if self.popular_class in at_level:
            if self.wanting_the_popular_class + people <= self.popular_class.capacity + WAITING_FOR_THE_POPULAR_CLASS:
                self.wanting_the_popular_class += people
                return [self.popular_class]
            at_level.remove(self.popular_class)
        with_room = [offer for offer in at_level if self.has_room(offer, people)]
        if not with_room:
            return []
        new_to_them = [offer for offer in with_room if offer.subject not in student.subjects_taken]
        classes = [self.rng.choice(new_to_them or with_room)]
        second = next(
            (
                offer
                for offer in self.offers
                if offer.session == session and offer.subject.title == SECOND_CLASS[student.level]
            ),
            None,
        )
        if second and self.has_room(second, people) and self.rng.random() < 0.2:
            classes.append(second)
        return classes

    def has_room(self, offer, people):
        """Whether the class has room for more, keeping one seat free: only the popular class fills up."""
        return self.seats_taken[offer] + people < offer.capacity

    # Registering and paying

    def register(self, student, session, classes):
        if not classes:
            return
        online = self.rng.random() < 0.65
        placed_on = self.order_date(session, classes, online)
        people = [(student, None)] + ([(student.partner, student)] if student.partner else [])
        for attendee, payer in people:
            order = place_order(
                offers=classes,
                attendee=attendee.as_registered,
                payer=payer.as_registered if payer else None,
                method=PaymentMethod.DUMMY if online else PaymentMethod.DOOR,
                dance_role=attendee.dance_role,
                join_waitlist=self.popular_class in classes,
                on=placed_on,
            )
            attendee.account = order.attendee
            if payer:
                payer.account = order.payer
            waitlisted = Registration.Status.WAITLISTED
            seated = set(order.registrations.exclude(status=waitlisted).values_list("class_offer", flat=True))
            for offer in classes:
                if offer.pk in seated:
                    self.seats_taken[offer] += 1
            self.placed_at[order.pk] = self.moment(placed_on)
            self.paid_at[order.pk] = self.pay(order, session, classes) or self.placed_at[order.pk]
            if online and session == self.current_session and not payer and self.popular_class not in classes:
                self.paid_online_now.append((attendee, order))

    def order_date(self, session, classes, online):
        """A day the session was listed for sign-up, by today; most who pay online do it early, for the discount."""
        opens, closes = session.publish_date, min(session.expire_date, self.today)
        if online and self.rng.random() < 0.85:
            closes = min(closes, *(offer.pre_pay_deadline for offer in classes))
        return opens + datetime.timedelta(days=self.rng.randint(0, max((closes - opens).days, 0)))

    def pay(self, order, session, classes):
        """Pay for the order as the story goes, and say when it was paid if not when it was placed."""
        if order.status == Order.Status.AWAITING_PAYMENT:
            start_online_payment(order).change_status(PaymentStatus.CONFIRMED)
            return None
        first_class = min(classes, key=lambda offer: offer.start_date)
        if order.method != PaymentMethod.DOOR or first_class.start_date >= self.today:
            return None  # nothing to pay online (credit paid, or on the waitlist), or a first class still to come
        owed = order.total  # what an order just placed owes (Order.amount_owed)
        if owed <= 0:
            return None
        # At the door, most pay in full at their first class; some paid part and still owe the rest.
        owing_chance = 0.3 if session == self.current_session else 0.06
        record_door_payment(
            order, Decimal("40.00") if self.rng.random() < owing_chance else owed, by=first_class.teachers.all()[0]
        )
        return self.moment(first_class.start_date, first_class.start_time)

    def move_on(self, student, classes):
        """After a session: beginners move up after one or two, Lindy 2 dancers after two or more."""
        if not classes:
            return
        student.subjects_taken |= {offer.subject for offer in classes}
        student.sessions_at_level += 1
        student.credit_to_use = False
        if student.level == "Beginning":
            ready = student.sessions_at_level >= 2 or self.rng.random() < 0.5
            # Most wait until they have completed Beginning (its rule, DESIGN §3.1); a few move on after a third
            # session anyway, as dancers do.
            ready = (ready and has_completed(student, "Beginning")) or student.sessions_at_level >= 3
        else:
            ready = student.level == "Lindy 2" and student.sessions_at_level >= 2 and self.rng.random() < 0.7
        if ready:
            student.level, student.sessions_at_level = PROGRESSION[PROGRESSION.index(student.level) + 1], 0

    # Between sessions

    def cancel_some_registrations(self):
        for (student, order), (reason, as_credit) in zip(
            self.rng.sample(self.paid_online_now, len(CANCELLATIONS)), CANCELLATIONS, strict=True
        ):
            cancel_registration(order.registrations.first(), refund_as_credit=as_credit, by=self.admin, reason=reason)
            student.credit_to_use = as_credit

    def thank_volunteers(self, students):
        regulars = [student for student in students if student.account and student.level == "Lindy 3"]
        for student in self.rng.sample(regulars, 2):
            grant_credit(
                student.account, Decimal("20.00"), "Thank you for helping at the Halloween dance", by=self.admin
            )

    def register_for_the_workshop_weekend(self, students):
        workshop = next(offer for offer in self.offers if offer.session.is_short)
        dancers = [student for student in students if student.account and student.level != "Beginning"]
        for student in self.rng.sample(dancers, 10):
            self.register(student, workshop.session, [workshop])

    # Dates

    def moment(self, day, at=None):
        """A time on a past day, or earlier today: a class's start, or when someone found a moment to register."""
        at = at or datetime.time(self.rng.randint(8, 22), self.rng.randint(0, 59))
        moment, now = timezone.make_aware(datetime.datetime.combine(day, at)), timezone.now()
        return moment if moment < now else now - datetime.timedelta(minutes=self.rng.randint(5, 300))

    def date_back_orders(self):
        """The checkout stamps what it does with the time it runs: date every order back to its day in the story."""
        placed, paid = self.placed_at, self.paid_at
        Order.objects.update(created_at=order_moment(placed, "pk"))
        Order.objects.filter(confirmed_at__isnull=False).update(confirmed_at=order_moment(placed, "pk"))
        Order.objects.filter(paid_at__isnull=False).update(paid_at=order_moment(paid, "pk"))
        Registration.objects.update(created_at=order_moment(placed, "order"))
        Registration.objects.filter(confirmed_at__isnull=False).update(confirmed_at=order_moment(placed, "order"))
        Payment.objects.update(created=order_moment(paid, "order"), modified=order_moment(paid, "order"))
        used_credit = CreditEntry.objects.filter(order__isnull=False, amount__lt=0)
        used_credit.update(created_at=order_moment(placed, "order"))


def order_moment(moments, order_field):
    """For rows that belong to an order through `order_field`: their order's moment in `moments`, in SQL."""
    return Case(*(When(**{order_field: pk}, then=Value(moment)) for pk, moment in moments.items()))


def has_completed(student, level_name):
    """Whether the subjects a demo student took complete the level's rule (Level.times_completed)."""
    taken = [subject for subject in student.subjects_taken if subject.level.name == level_name]
    if not taken:
        return False
    versions = Counter(subject.version for subject in taken)
    return taken[0].level.times_completed(versions) >= 1
