"""The figures of the school's reports (DESIGN §6; the admin screens are classes.admin.reports).

Each report is worked out in a fixed number of grouped queries, however many students, registrations and
check-ins there are: the database adds them up, Python only arranges the totals. A school of 5,000 students
answers in well under a second (`make bench MODE=reports`).
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, Exists, F, Max, OuterRef, Q, Subquery, Sum, When, Window
from django.db.models.functions import Coalesce, Greatest, RowNumber
from django.utils import timezone

from accounts.models import CreditEntry
from classes.models import Attendance, ClassMeeting, Level, Order, PaymentMethod, Refund, Registration, Session
from classes.models.levels import VERSIONS
from classes.models.registrations import Payment

ZERO = Decimal("0.00")


def came():
    """The attendance marks of a student who came to the meeting."""
    return Q(status__in=Attendance.CAME)


def came_to_meetings(prefix):
    """came(), from rows that reach the attendance marks through `prefix` ("attendance")."""
    return Q(**{f"{prefix}__{name}": value for name, value in came().children})


def confirmed():
    return Registration.objects.filter(status=Registration.Status.CONFIRMED)


def rate(part, whole):
    """A percentage with one decimal, or None when there is nothing to divide by."""
    return round(100 * part / whole, 1) if whole else None


def latest_started_session(on=None):
    """The session whose classes met most recently: what a report shows unless asked for another."""
    on = on or timezone.localdate()
    meeting = ClassMeeting.objects.filter(date__lte=on).order_by("-date").values("class_offer__session")[:1]
    return Session.objects.filter(pk__in=Subquery(meeting)).first() or Session.objects.order_by("key_day_date").last()


# Payments per session


@dataclass
class SessionMoney:
    """What a session's orders brought in and still owe. An order counts in the session of its first class."""

    session: Session
    online: Decimal = ZERO  # captured by Stripe, PayPal (or the test processor)
    door: Decimal = ZERO  # taken at the door
    credit: Decimal = ZERO  # of students' credit, used to pay
    refunds: Decimal = ZERO  # given back, in money or as credit
    owed: Decimal = ZERO  # still to pay on confirmed orders

    @property
    def received(self):
        return self.online + self.door - self.refunds


def session_of_order(order="pk"):
    """The session of an order's first class, as a subquery; `order` is the rows' way to their order."""
    first = Registration.objects.filter(order=OuterRef(order)).order_by("pk").values("class_offer__session")[:1]
    return Subquery(first)


def payments_per_session(sessions):
    """A SessionMoney for each of `sessions`, in four queries."""
    rows = {session.pk: SessionMoney(session) for session in sessions}
    # Orders of the sessions only, found apart from the order's session: filtering by that would work it out
    # twice for every order.
    of_sessions = Registration.objects.filter(class_offer__session__in=list(rows)).values("order")

    def per_session(queryset, order, *values, **totals):
        """(the session's SessionMoney, the row) for each total of `queryset` (an order of the sessions may have
        its first class in another session: it counts there)."""
        found = (
            queryset.filter(**{f"{order}__in": of_sessions})
            .annotate(order_session=session_of_order(order))
            .values("order_session", *values)
            .annotate(**totals)
            .order_by()
        )
        return [(rows[row["order_session"]], row) for row in found if row["order_session"] in rows]

    for money, row in per_session(Payment.objects.all(), "order", "variant", total=Sum("captured_amount")):
        if row["variant"] == PaymentMethod.DOOR:
            money.door += row["total"]
        else:
            money.online += row["total"]
    for queryset, order in [(Refund.objects.given(), "payment__order"), (CreditEntry.objects.refunds(), "order")]:
        for money, row in per_session(queryset, order, total=Sum("amount")):
            money.refunds += row["total"]
    confirmed_orders = Order.objects.with_amounts().filter(status=Order.Status.CONFIRMED)
    owed = Greatest(F("annotated_amount_owed"), ZERO)
    for money, row in per_session(confirmed_orders, "pk", credit=Sum("credit_applied"), owed=Sum(owed)):
        money.credit, money.owed = row["credit"], row["owed"]
    return list(rows.values())


# Attendance by class and week


@dataclass
class Week:
    number: int
    date: object = None  # of the class's meeting that week; None when it has not met yet
    checked: bool = False  # the teacher checked the meeting in
    came: int = 0

    def rate(self, students):
        return rate(self.came, students) if self.checked else None


def attendance_by_week(offers, on=None):
    """Give each class offer `weeks` (a Week per meeting held by `on`) and `rate` (of its students' places at
    the meetings checked in, how many were taken), in two queries; `offers` are annotated with `students`
    (with_students)."""
    on = on or timezone.localdate()
    ids = [offer.pk for offer in offers]
    meetings = ClassMeeting.objects.filter(class_offer__in=ids, date__lte=on).annotate(
        marks=Count("attendance"), came=Count("attendance", filter=came_to_meetings("attendance"))
    )
    weeks = defaultdict(dict)
    for meeting in meetings.values("class_offer", "number", "date", "marks", "came").order_by():
        weeks[meeting["class_offer"]][meeting["number"]] = Week(
            meeting["number"], meeting["date"], meeting["marks"] > 0, meeting["came"]
        )
    for offer in offers:
        offer.weeks = [weeks[offer.pk].get(number, Week(number)) for number in range(1, offer.subject.num_weeks + 1)]
        checked = [week for week in offer.weeks if week.checked]
        offer.rate = rate(sum(week.came for week in checked), offer.students * len(checked))
    return offers


def with_students(offers):
    """Annotate `students`: the confirmed registrations of each class offer."""
    count = confirmed().filter(class_offer=OuterRef("pk")).order_by().values("class_offer").annotate(n=Count("pk"))
    return offers.annotate(students=Coalesce(Subquery(count.values("n")), 0))


def weekly_rates(offers):
    """The session's attendance rate week by week, over the classes that met and were checked in that week:
    [{"week", "came", "places", "rate"}]."""
    totals = defaultdict(lambda: [0, 0])
    for offer in offers:
        for week in offer.weeks:
            if week.checked:
                totals[week.number][0] += week.came
                totals[week.number][1] += offer.students
    return [
        {"week": number, "came": came, "places": places, "rate": rate(came, places)}
        for number, (came, places) in sorted(totals.items())
    ]


# Students missing classes


def missing_students(session, on=None):
    """Confirmed registrations in the session's classes whose student missed two or more of their class's last
    three meetings checked in by `on`, in two queries; annotated with `recent_meetings` (up to three),
    `came_recently` (to how many of them), `missed` and `last_came` (the date of the last meeting they came to)."""
    on = on or timezone.localdate()
    recent = (
        ClassMeeting.objects.filter(class_offer__session=session, date__lte=on)
        .filter(Exists(Attendance.objects.filter(meeting=OuterRef("pk"))))
        .annotate(latest=Window(RowNumber(), partition_by=F("class_offer"), order_by=F("date").desc()))
        .filter(latest__lte=3)
        .values_list("pk", "class_offer")
    )
    meetings, per_offer = [], defaultdict(int)
    for pk, offer in recent:
        meetings.append(pk)
        per_offer[offer] += 1
    held = Case(
        *(When(class_offer__in=[o for o, n in per_offer.items() if n == count], then=count) for count in (3, 2, 1)),
        default=0,
    )
    came_there = came_to_meetings("attendance")
    return (
        confirmed()
        .filter(class_offer__session=session, class_offer__in=list(per_offer))
        .annotate(
            recent_meetings=held,
            came_recently=Count("attendance", filter=came_there & Q(attendance__meeting__in=meetings)),
            last_came=Max("attendance__meeting__date", filter=came_there),
        )
        .annotate(missed=F("recent_meetings") - F("came_recently"))
        .filter(missed__gte=2)
    )


# Retention


@dataclass
class Retention:
    """Of a session's students (in a group: the whole school, a level's classes, a teacher's), how many took a
    class in the next regular session. A student of two classes counts in both of their groups."""

    group: str
    name: str
    students: int
    came_back: int | None  # None until the next session has been scheduled

    @property
    def rate(self):
        return None if self.came_back is None else rate(self.came_back, self.students)


def retention(session):
    """[Retention] for the whole school, each level and each teacher of `session`, in four queries."""
    following = session.next_regular()
    students = confirmed().filter(class_offer__session=session)
    figures = {"students": Count("attendee", distinct=True)}
    if following is not None:
        back = confirmed().filter(class_offer__session=following).values("attendee")
        figures["came_back"] = Count("attendee", distinct=True, filter=Q(attendee__in=back))

    def rows(group, values, name):
        found = students.values(*values).annotate(**figures).order_by()
        return [Retention(group, name(row), row["students"], row.get("came_back")) for row in found]

    whole = students.aggregate(**figures)
    by_level = rows(
        "Level",
        ["class_offer__subject__level__name", "class_offer__subject__level__rank"],
        lambda row: row["class_offer__subject__level__name"],
    )
    by_level.sort(key=lambda row: row.name)
    by_teacher = rows(
        "Teacher",
        ["class_offer__teachers", "class_offer__teachers__first_name", "class_offer__teachers__last_name"],
        lambda row: (
            f"{row['class_offer__teachers__first_name']} {row['class_offer__teachers__last_name']}".strip()
            if row["class_offer__teachers"]
            else "No teacher named"
        ),
    )
    by_teacher.sort(key=lambda row: row.name)
    school = Retention("Whole school", session.name, whole["students"], whole.get("came_back"))
    return [school, *by_level, *by_teacher] if school.students else []


# Level progression


@dataclass
class LevelStep:
    """A level in one session: how many students took a class of it, how many completed the level for the first
    time with this session's classes (Level.completion_rule), and how many of those then registered for a class
    of a higher level in a later session."""

    level: Level
    students: int = 0
    completed: int = 0
    moved_on: int = 0

    @property
    def completion_rate(self):
        return rate(self.completed, self.students)

    @property
    def moved_on_rate(self):
        return rate(self.moved_on, self.completed)


def level_progression(session, on=None):
    """[LevelStep] for each ranked level with classes the students of `session` attended, in three queries. The
    rule is the level's own (Level.times_completed), applied to how many classes of each version the database
    counted for each student and level, up to the session and before it."""
    on = on or timezone.localdate()
    levels = {level.pk: level for level in Level.objects.filter(rank__isnull=False)}
    this_session = Registration.objects.filter(class_offer__session=session).attended(on)
    took_level_here = this_session.filter(
        attendee=OuterRef("attendee"), class_offer__subject__level=OuterRef("class_offer__subject__level")
    )
    earlier = Q(class_offer__session__key_day_date__lt=session.key_day_date)
    counts = {}
    for version in VERSIONS:
        of_version = Q(class_offer__subject__version=version)
        counts[f"through_{version}"] = Count("pk", filter=of_version)
        counts[f"before_{version}"] = Count("pk", filter=of_version & earlier)
    history = (
        Registration.objects.filter(class_offer__session__key_day_date__lte=session.key_day_date)
        .attended(on)
        .filter(Exists(took_level_here), class_offer__subject__level__in=list(levels))
        .values("attendee", "class_offer__subject__level")
        .annotate(**counts)
        .order_by()
    )
    higher_later = dict(
        confirmed()
        .filter(
            class_offer__session__key_day_date__gt=session.key_day_date,
            attendee__in=this_session.values("attendee"),
            class_offer__subject__level__rank__isnull=False,
        )
        .values("attendee")
        .annotate(top=Max("class_offer__subject__level__rank"))
        .order_by()
        .values_list("attendee", "top")
    )
    steps = {}
    for row in history:
        level = levels[row["class_offer__subject__level"]]
        step = steps.setdefault(level.pk, LevelStep(level))
        step.students += 1
        before = level.times_completed({version: row[f"before_{version}"] for version in VERSIONS})
        through = level.times_completed({version: row[f"through_{version}"] for version in VERSIONS})
        if before == 0 and through >= 1:
            step.completed += 1
            if higher_later.get(row["attendee"], -1) > level.rank:
                step.moved_on += 1
    return sorted(steps.values(), key=lambda step: step.level.rank)
