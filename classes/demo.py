"""The demo school's catalogue and schedule: levels, subjects, locations, sessions and classes; and its
students, with the classes they registered and paid for.

The schedule is laid out around the day the demo is loaded (two past sessions, the one open
now, and the next, already published), and is built only once: a second run leaves the existing
schedule alone rather than adding sessions that would overlap it. The students are added once too,
while there are no orders.
"""

import datetime
import itertools
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Value, When
from django.utils import timezone
from django.utils.text import slugify
from payments import PaymentStatus

from accounts.credits import grant_credit
from accounts.models import CreditEntry, User
from home.demo_images import PALETTES, demo_image

from .models import (
    ClassesIndexPage,
    ClassOffer,
    Level,
    Location,
    Order,
    Payment,
    PaymentMethod,
    Registration,
    Session,
    SessionSkipDate,
    SubjectPage,
)
from .models.sessions import WEEK
from .services.checkout import place_order
from .services.orders import cancel_registration, record_door_payment
from .services.payments import start_online_payment

LEVELS = [
    ("Beginning", "Beg", Decimal(1), "A|C,B|D"),
    ("Lindy 2", "L2", Decimal(2), "A,B,C,D"),
    ("Lindy 3", "L3", Decimal(3), "A,B,C,D"),
    ("Workshop", "WS", None, ""),
    ("Special Focus", "SF", None, ""),
]

LOCATIONS = [
    ("Capitol Hill Studio", "1530 E Pine St", "98122"),
    ("Ballard Dance Loft", "5320 Ballard Ave NW", "98107"),
    ("Columbia City Ballroom", "4916 Rainier Ave S", "98118"),
]

# (title, level, version, weeks, tagline, description)
SUBJECTS = [
    (
        "Beginning Lindy Hop A",
        "Beginning",
        "A",
        5,
        "Your first swing outs",
        "Start here: the basic rhythms, the swing out, and how to lead and follow them with a partner.",
    ),
    (
        "Beginning Lindy Hop B",
        "Beginning",
        "B",
        5,
        "Charleston and kicks",
        "Partnered Charleston, kicks and the joy of dancing fast, built on the basics.",
    ),
    (
        "Beginning Lindy Hop C",
        "Beginning",
        "C",
        5,
        "Six-count rhythms and turns",
        "Six-count moves, inside and outside turns and smooth transitions from open to closed.",
    ),
    (
        "Beginning Lindy Hop D",
        "Beginning",
        "D",
        5,
        "Circles and connection",
        "Lindy circles, the feel of momentum and a connection you can trust.",
    ),
    (
        "Lindy 2 A",
        "Lindy 2",
        "A",
        5,
        "Swing out variations",
        "Take the swing out apart and put it back together a dozen different ways.",
    ),
    (
        "Lindy 2 B",
        "Lindy 2",
        "B",
        5,
        "Tandem Charleston",
        "Tandem and hand-to-hand Charleston with clean switches between them.",
    ),
    (
        "Lindy 2 C",
        "Lindy 2",
        "C",
        5,
        "Musicality: breaks and hits",
        "Hear the breaks coming, hit them together, and phrase your dancing with the band.",
    ),
    (
        "Lindy 2 D",
        "Lindy 2",
        "D",
        5,
        "Swing outs from closed",
        "Entries and exits from closed position, and the swing out from closed.",
    ),
    (
        "Lindy 3 A",
        "Lindy 3",
        "A",
        5,
        "Swivels and stretch",
        "Swivels, stretch and the stylish details that make a swing out yours.",
    ),
    (
        "Lindy 3 B",
        "Lindy 3",
        "B",
        5,
        "Improvisation",
        "Leave the patterns behind: lead and follow ideas on the fly, in rhythm.",
    ),
    (
        "Solo Jazz: The Shim Sham",
        "Special Focus",
        "NA",
        4,
        "The line dance of swing",
        "Learn the Shim Sham and the classic jazz steps inside it, so you can join in at every dance.",
    ),
    (
        "Follow's Styling",
        "Special Focus",
        "NA",
        4,
        "Your voice on the floor",
        "Styling, swivels and playful footwork for follows of every level above Beginning.",
    ),
    (
        "Balboa Weekend",
        "Workshop",
        "NA",
        1,
        "Small steps, fast music",
        "A weekend introduction to Balboa, the close-embrace dance for the fastest swing music.",
    ),
]

# The weekly schedule of a regular session: (day, start, subject of that day, location, capacity).
# Subjects named by level rotate through their versions from one session to the next.
WEEKLY_SCHEDULE = [
    (1, datetime.time(19, 0), "Beginning", 0, 24),
    (1, datetime.time(20, 15), "Lindy 2", 0, 24),
    (1, datetime.time(19, 0), "Solo Jazz: The Shim Sham", 2, 20),
    (2, datetime.time(19, 0), "Beginning+1", 1, 24),
    (2, datetime.time(20, 15), "Lindy 2+1", 1, 24),
    (2, datetime.time(20, 15), "Lindy 3", 2, 16),
    (3, datetime.time(19, 0), "Beginning+2", 0, 24),
    (3, datetime.time(20, 15), "Lindy 2+2", 0, 24),
    (3, datetime.time(19, 0), "Lindy 3+1", 1, 8),
    (3, datetime.time(20, 15), "Follow's Styling", 2, 16),
]

TEACHER_PAIRS = [(0, 1), (4, 0), (2,), (1, 4), (3, 2), (1, 0), (0, 3), (4, 1), (1, 4), (2,)]


def build_catalogue():
    levels = {name: _level(name, code, rank, rule) for name, code, rank, rule in LEVELS}
    locations = [_location(*location) for location in LOCATIONS]
    index = ClassesIndexPage.objects.get()
    if not index.introduction:
        index.introduction = (
            "<p>New class series start every five weeks. Pick any version of your level: versions teach "
            "different material at the same level, so take them in any order.</p>"
        )
        index.save_revision().publish()
    subjects = {}
    for number, (title, level, version, weeks, tagline, description) in enumerate(SUBJECTS):
        subjects[title] = _subject(index, number, title, levels[level], version, weeks, tagline, description)
    return subjects, locations


def build_schedule(subjects, locations, teachers, today=None):
    """Two past sessions, the one open for sign-up now, a workshop weekend, and the next session."""
    if Session.objects.exists():
        return
    today = today or timezone.localdate()
    key_day = today - datetime.timedelta(days=(today.weekday() - 3) % 7)  # this week's Thursday, or last week's
    for number, weeks_back in enumerate([10, 5, 0]):
        session = _session(key_day - WEEK * weeks_back)
        _schedule_classes(session, number, subjects, locations, teachers)

    weekend = Session.objects.create(
        name=f"Balboa Weekend {key_day + datetime.timedelta(days=9):%B %Y}",
        slug=slugify(f"balboa-weekend-{key_day + datetime.timedelta(days=9):%B-%Y}"),
        key_day_date=key_day + datetime.timedelta(days=9),
        max_day_shift=1,
        num_weeks=1,
        publish_date=today - datetime.timedelta(days=3),
    )
    _class_offer(weekend, subjects["Balboa Weekend"], 5, datetime.time(13, 0), locations[1], 30, [teachers[3]])

    following = Session(**Session.next_defaults())
    following.publish_date = today - datetime.timedelta(days=1)  # published early: the upcoming session is listed
    following.save()
    SessionSkipDate.objects.create(session=following, date=following.key_day_date + WEEK, reason="Studio holiday")
    _schedule_classes(following, 3, subjects, locations, teachers, drafts=1)


def _level(name, code, rank, rule):
    level, _ = Level.objects.get_or_create(name=name, defaults={"code": code, "rank": rank, "completion_rule": rule})
    return level


def _location(name, address, postcode):
    location, _ = Location.objects.get_or_create(name=name, defaults={"address": address, "postcode": postcode})
    return location


def _subject(index, number, title, level, version, weeks, tagline, description):
    slug = slugify(title)
    existing = SubjectPage.objects.filter(slug=slug).first()
    if existing:
        return existing
    palettes = list(PALETTES)
    subject = SubjectPage(
        title=title,
        slug=slug,
        level=level,
        version=version,
        num_weeks=weeks,
        num_minutes=120 if level.name == "Workshop" else 60,
        tagline_1=tagline,
        short_description=description,
        description=[
            {"type": "paragraph", "value": f"<p>{description}</p>"},
            {
                "type": "paragraph",
                "value": "<p>No partner needed: we rotate partners throughout class. Wear comfortable shoes "
                "that turn easily. Review videos for every week are in your account.</p>",
            },
        ],
        image=demo_image(f"{title} class", palettes[number % len(palettes)], seed=200 + number, size=(960, 540)),
        full_price=Decimal("150.00") if level.name == "Workshop" else Decimal("95.00"),
        qualifies_for_multi_discount=level.name != "Workshop",
        syllabus=f"<p>Week by week plan for {title}: warm-up, review, new material, social practice.</p>",
        class_plan="<p>Warm up 10 min; review 15; new material 25; practice to two songs.</p>",
    )
    index.add_child(instance=subject)
    subject.save_revision().publish()
    return subject


def _session(key_day):
    previous = Session.objects.regular().order_by("-key_day_date").first()
    name = f"{key_day:%B %Y}"
    return Session.objects.create(
        name=name,
        slug=slugify(name),
        key_day_date=key_day,
        max_day_shift=-2,
        num_weeks=5,
        publish_date=previous.expire_date if previous else key_day - datetime.timedelta(days=21),
    )


def _versioned_subject(subjects, entry, session_number):
    """ "Lindy 2+1" is the Lindy 2 subject one version further along in this session's rotation."""
    level_name, _, step = entry.partition("+")
    if level_name in subjects:
        return subjects[level_name]
    versions = [subject for subject in subjects.values() if subject.level.name == level_name]
    return versions[(session_number + int(step or 0)) % len(versions)]


def _schedule_classes(session, number, subjects, locations, teachers, drafts=0):
    for position, (day, start, entry, location, capacity) in enumerate(WEEKLY_SCHEDULE):
        class_teachers = [teachers[index] for index in TEACHER_PAIRS[position]]
        draft = position >= len(WEEKLY_SCHEDULE) - drafts
        subject = _versioned_subject(subjects, entry, number)
        _class_offer(session, subject, day, start, locations[location], capacity, class_teachers, draft=draft)


def _class_offer(session, subject, day, start, location, capacity, teachers, draft=False):
    offer = ClassOffer(
        subject=subject, session=session, location=location, class_day=day, start_time=start, capacity=capacity
    )
    offer.live = not draft
    offer.teachers.set(teachers)
    offer.save()
    revision = offer.save_revision()
    if not draft:
        revision.publish()
    return offer


# Students and their registrations: everything goes through the checkout's services, as if each student had
# registered and paid on a day of the story, so the prices, credit and amounts owed are the real rules' answers.

SEED = 1926  # the year the Savoy Ballroom opened; the same seed gives the same students every time

FIRST_NAMES = [
    "Aaliyah", "Abdul", "Adele", "Aiko", "Alejandro", "Amara", "Amir", "Ana", "Anika", "Arjun", "Beatriz", "Ben",
    "Camille", "Carlos", "Chen", "Chloe", "Dara", "David", "Dawn", "Deepa", "Diego", "Elena", "Elijah", "Emeka",
    "Emma", "Farah", "Felix", "Frankie", "Gabriel", "Grace", "Hamid", "Hana", "Inés", "Isaac", "Jamal", "Jasmine",
    "Javier", "Jonah", "José", "Kai", "Keiko", "Kwame", "Lars", "Layla", "Leon", "Leroy", "Lucía", "Malik", "Maya",
    "Mei", "Miguel", "Mina", "Nadia", "Naomi", "Nikhil", "Noah", "Norma", "Olga", "Omar", "Priya", "Rafael", "Ruth",
    "Sam", "Sana", "Sofia", "Tariq", "Tomás", "Uma", "Victor", "Wen", "Willa", "Yara", "Yusuf", "Zoë",
]  # fmt: skip

LAST_NAMES = [
    "Abara", "Adeyemi", "Alvarez", "Andersen", "Bakr", "Banerjee", "Becker", "Bianchi", "Brooks", "Castillo",
    "Chang", "Cohen", "Costa", "Dubois", "Eriksson", "Fernández", "Fischer", "García", "Goldberg", "Gupta", "Haddad",
    "Hansen", "Hoang", "Ibrahim", "Ito", "Jackson", "Jensen", "Kaur", "Kim", "Kowalski", "Larsen", "Lee", "López",
    "Mahmoud", "Martin", "Mendoza", "Moreau", "Murphy", "Nakamura", "Nguyen", "Novak", "O'Connor", "Obi", "Okonkwo",
    "Olsen", "Ortiz", "Patel", "Petrov", "Quinn", "Ramírez", "Reyes", "Rossi", "Sato", "Schmidt", "Silva", "Singh",
    "Sokolov", "Tanaka", "Thompson", "Torres", "Tran", "Vargas", "Walker", "Wang", "Washington", "Williams", "Wong",
    "Yamamoto", "Yilmaz", "Zhang",
]  # fmt: skip

PROGRESSION = ["Beginning", "Lindy 2", "Lindy 3"]

# How many students start in which of the four regular sessions (0 and 1 are past, 2 is current, 3 is next),
# at which level: 150 in all.
COHORTS = [
    (40, 0, "Beginning"),
    (20, 0, "Lindy 2"),
    (12, 0, "Lindy 3"),
    (30, 1, "Beginning"),
    (36, 2, "Beginning"),
    (12, 3, "Beginning"),
]

# The class a student now and then takes alongside their level's class, for the multi-class discount.
SECOND_CLASS = {
    "Beginning": "Solo Jazz: The Shim Sham",
    "Lindy 2": "Solo Jazz: The Shim Sham",
    "Lindy 3": "Follow's Styling",
}

# The current session's Thursday Lindy 3 (8 seats) is the class everyone wants: it is full, with people waiting.
POPULAR_CLASS_LEVEL, POPULAR_CLASS_DAY = "Lindy 3", 3
WAITING_FOR_THE_POPULAR_CLASS = 3

# Registrations of the current session that are cancelled, and whether the student took credit for them.
CANCELLATIONS = [("Sprained an ankle", True), ("Can't make it on that day after all", False), ("Evening shifts", True)]


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


def build_registrations(admin, today=None):
    """About 150 students and the classes they took over the demo's schedule. Built while there are no orders."""
    if Order.objects.exists():
        return
    DemoRegistrations(admin, today or timezone.localdate()).build()


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
        owed = order.amount_owed
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
