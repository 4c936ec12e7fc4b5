"""A bigger demo school, for measuring the site (`make bench`): more class offers in the current session, more
students registered for them, and a class for a rush of sign-ups.

New class offers copy the current session's own classes (day, time, place, teachers, size) with other subjects;
when every subject already runs on a day, a copy of a subject page is made. Students register through
`place_order`, as the demo's own do.
"""

import itertools
import random
import uuid

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from classes.models import ClassOffer, PaymentMethod, Registration, Session, SubjectPage
from classes.services.checkout import place_order
from classes.services.seats import seats_free
from messaging.email import without_mail

from .data import SEED


def current_session(on=None):
    """The regular session listed for sign-up now that started first: the one the school is running."""
    on = on or timezone.localdate()
    listed = Session.objects.regular().filter(publish_date__lte=on, expire_date__gte=on)
    session = listed.order_by("key_day_date").first()
    if session is None:
        raise ValueError("No regular session is listed for sign-up today: load the demo school first.")
    return session


class Grower:
    def __init__(self, session=None):
        self.session = session or current_session()
        self.templates = list(
            self.session.class_offers.filter(live=True).select_related("subject").prefetch_related("teachers")
        )
        if not self.templates:
            raise ValueError(f"{self.session} has no live class offers to copy.")
        # Subjects of weekly classes, not of workshop weekends.
        weekly = SubjectPage.objects.live().filter(num_weeks__gte=settings.SESSION_MINIMUM_WEEKS)
        self.subjects = list(weekly.order_by("path"))
        self.copies = itertools.count(1)

    def free_subject(self, class_day, like):
        """A live subject that doesn't run on this day of the session yet; a new copy of `like` if there is none."""
        taken = set(self.session.class_offers.filter(class_day=class_day).values_list("subject", flat=True))
        for subject in self.subjects:
            if subject.pk not in taken:
                return subject
        return self.copy_subject(like)

    def copy_subject(self, subject):
        while True:
            number = next(self.copies)
            slug = f"{subject.slug}-copy-{number}"
            if not SubjectPage.objects.filter(slug=slug).exists():
                break
        copy = subject.copy(
            update_attrs={"title": f"{subject.title} ({number})", "slug": slug}, copy_revisions=False, keep_live=True
        )
        copy = copy.specific
        self.subjects.append(copy)
        return copy

    def add_offer(self, index, capacity=None):
        template = self.templates[index % len(self.templates)]
        offer = ClassOffer(
            subject=self.free_subject(template.class_day, template.subject),
            session=self.session,
            location_id=template.location_id,
            class_day=template.class_day,
            start_time=template.start_time,
            capacity=capacity or template.capacity,
        )
        offer.live = True
        offer.teachers.set(list(template.teachers.all()))
        offer.save()
        offer.save_revision().publish()
        return offer


@transaction.atomic
def add_offers(count, session=None):
    grower = Grower(session)
    return [grower.add_offer(index) for index in range(count)]


@transaction.atomic
def add_rush_offer(seats, session=None):
    """One more class of the current session with `seats` seats and nobody in it yet."""
    return Grower(session).add_offer(0, capacity=seats)


def add_students(count, password, session=None):
    """`count` new students, each registered (paying at the door) for a class of the session with a free seat.

    One password hash for all of them: hashing each would take most of the time."""
    session = session or current_session()
    rng = random.Random(SEED + count)
    offers = list(ClassOffer.objects.open_for_registration().filter(session=session).select_related("subject"))
    batch = uuid.uuid4().hex[:8]
    now = timezone.now()
    free = {offer.pk: seats_free(offer, now) for offer in offers}
    emails = []
    with without_mail(), transaction.atomic():
        for number in range(1, count + 1):
            with_room = [offer for offer in offers if free[offer.pk] > 0]
            if not with_room:
                break
            offer = rng.choice(with_room)
            email = f"bench.{batch}.{number}@example.com"
            place_order(
                offers=[offer],
                attendee={"first_name": "Bench", "last_name": f"Student {batch} {number}", "email": email},
                method=PaymentMethod.DOOR,
                dance_role=rng.choice(Registration.DanceRole.values),
            )
            free[offer.pk] -= 1
            emails.append(email)
        User.objects.filter(email__in=emails).update(password=make_password(password))
    return emails
