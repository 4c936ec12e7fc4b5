import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, LockableMixin, Revision, RevisionMixin, WorkflowMixin

from accounts.roles import TEACHERS

from .meetings import ClassMeeting
from .registrations import Registration
from .sessions import WEEKDAY_NAMES, WEEKDAYS, Session, remembered


def with_page_urls(offers, request):
    """Give each class offer the URL of its page (`offer.url`), which listings link to."""
    for offer in offers:
        offer.url = offer.get_url(request)
    return offers


# What a list of class cards filters by, and sorts its levels by (classes.models.filters).
LEVEL_FIELDS = ("id", "code", "name", "rank")


def teachers_with_pages():
    """Listings link each teacher's name to their profile page, when they have one."""
    return Prefetch("teachers", queryset=get_user_model().objects.select_related("teacher_page"))


class ClassOfferQuerySet(models.QuerySet):
    def public(self, on=None):
        """Approved class offers of the sessions currently listed for sign-up."""
        return self.filter(live=True, session__in=Session.objects.current(on))

    def for_listing(self):
        """Everything a class listing shows, fetched in a fixed number of queries."""
        return self.select_related("session").prefetch_related("session__skip_dates").for_card().with_seats_left()

    def for_card(self):
        """What a class card shows (classes/class_offer_card.html) but its session and seats left, which a list
        of cards has read already (classes.models.cards)."""
        return self.select_related("subject", "subject__level", "location").prefetch_related(teachers_with_pages())

    def for_cards(self):
        """What a list of class cards is laid out, filtered and keyed by (classes.models.cards), as plain rows
        in schedule order: a list of a hundred classes makes no hundred class offers unless their cards do."""
        return (
            self.with_seats_left()
            .in_schedule_order()
            .values(
                "pk", "session_id", "class_day", "seats_left", *(f"subject__level__{field}" for field in LEVEL_FIELDS)
            )
        )

    def for_calendar(self):
        """Everything the calendar shows, fetched in a fixed number of queries. Each subject, session and
        location is fetched once and shared by its class offers (a prefetch rather than a join), so that a
        session's meeting dates are worked out once for all its classes."""
        teachers = Prefetch("teachers", queryset=get_user_model().objects.only("first_name", "last_name"))
        return self.prefetch_related("subject__level", "session__skip_dates", "location", teachers)

    def with_seats_left(self, now=None):
        """Annotate `seats_left`: the capacity less the seats taken by registrations."""
        # A subquery rather than a join and COUNT: grouping by every column of a listing's related rows is what
        # made the class list slow to build and to run.
        taken = (
            Registration.objects.filter(Registration.seat_taken_condition(now), class_offer=models.OuterRef("pk"))
            .order_by()
            .values("class_offer")
            .annotate(count=models.Count("pk"))
            .values("count")
        )
        return self.annotate(seats_left=models.F("capacity") - Coalesce(models.Subquery(taken), 0))

    def full(self, now=None):
        """Those with no seat left, with their subjects (for saying which)."""
        return self.with_seats_left(now).filter(seats_left__lte=0).select_related("subject")

    def open_for_registration(self, on=None):
        """Approved class offers of sessions listed for sign-up on a day (not the fallback of `current`)."""
        on = on or timezone.localdate()
        return self.filter(live=True, session__publish_date__lte=on, session__expire_date__gte=on)

    def in_calendar(self, on=None):
        """The class offers the calendar shows on a day (today), ready for it and in schedule order: the
        classes listed for sign-up, and every other approved class of a published session until its last
        meeting, so that students who subscribed keep their classes to the end (a list, not a QuerySet)."""
        on = on or timezone.localdate()
        listed = Q(live=True, session__in=Session.objects.current(on))
        # A class's last meeting depends on its session's skip dates, so it is checked in Python; no class
        # runs for a year, which keeps long-past sessions out of the query.
        recent = Q(
            live=True, session__publish_date__lte=on, session__key_day_date__gt=on - datetime.timedelta(days=365)
        )
        candidates = self.filter(listed | recent).annotate(
            listed=models.ExpressionWrapper(listed, models.BooleanField())
        )
        return [
            offer
            for offer in candidates.for_calendar().with_revision_count().in_schedule_order()
            if offer.listed or (offer.end_date is not None and offer.end_date >= on)
        ]

    def taught_by(self, teacher):
        return self.filter(teachers=teacher)

    def running_or_upcoming(self, on=None):
        """Approved classes that have a meeting on or after a day (today): those running and those still to
        start, on the school's clock."""
        on = on or timezone.localdate()
        return self.filter(live=True, pk__in=ClassMeeting.objects.filter(date__gte=on).values("class_offer"))

    def open_for_check_in_by(self, user):
        """The classes `user` may check students in to, and so see the roster of at the door: every class for
        whoever may check in any class (front desk, admins); for a teacher, the classes they teach. Anyone else
        (another teacher's class included) gets none: the one rule every check-in screen asks."""
        if user.has_perm("classes.check_in_any_class"):
            return self
        if user.has_perm("classes.change_attendance"):
            return self.filter(teachers=user)
        return self.none()

    def confirmed_for(self, person):
        """The classes `person` holds a confirmed seat in."""
        seats = Registration.objects.filter(attendee=person, status=Registration.Status.CONFIRMED)
        return self.filter(pk__in=seats.values("class_offer"))

    def with_revision_count(self):
        """Annotate `revision_count`: how many times the class offer was saved in the admin."""
        revisions = (
            Revision.objects.filter(
                base_content_type=ContentType.objects.get_for_model(self.model),
                object_id=Cast(models.OuterRef("pk"), models.CharField()),
            )
            .order_by()
            .values("object_id")
            .annotate(count=models.Count("pk"))
            .values("count")
        )
        return self.annotate(revision_count=Coalesce(models.Subquery(revisions), 0))

    def last_change(self):
        """When any class offer, its session or its subject last changed, and how many class offers there are:
        what the calendar's validators are computed from, in one query."""
        return self.aggregate(
            offers=models.Count("pk"),
            offer_changed=models.Max("updated_at"),
            session_changed=models.Max("session__updated_at"),
            subject_changed=models.Max("subject__last_published_at"),
        )

    def in_schedule_order(self):
        return self.order_by("session__key_day_date", "class_day", "start_time", "subject__title")

    def busiest_weekday(self):
        """The weekday that had classes in the most sessions (the later one on a tie), or None."""
        busiest = (
            self.values("class_day")
            .annotate(sessions=models.Count("session", distinct=True))
            .order_by("-sessions", "-class_day")
            .first()
        )
        return busiest["class_day"] if busiest else None


class ClassOffer(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, ClusterableModel):
    """One subject taught in one session: where, when, by whom and for how many."""

    subject = models.ForeignKey("classes.SubjectPage", on_delete=models.PROTECT, related_name="class_offers")
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="class_offers")
    location = models.ForeignKey("classes.Location", on_delete=models.PROTECT, related_name="class_offers")
    # Parental, so that revisions (drafts awaiting approval) record the teachers too.
    teachers = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="classes_taught",
        limit_choices_to={"groups__name": TEACHERS},
    )
    class_day = models.PositiveSmallIntegerField("day", choices=WEEKDAYS)
    start_time = models.TimeField()
    capacity = models.PositiveSmallIntegerField(default=24, validators=[MinValueValidator(1)])
    price_override = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Leave blank to charge the subject's full price.",
    )
    note = models.CharField(max_length=255, blank=True, help_text="Shown to the public with the class.")
    # This run's own version of the subject's teacher-only texts, which wins over the subject's for this run.
    class_plan = RichTextField(
        blank=True, help_text="For this run only; leave blank to follow the subject's. Seen by teachers only."
    )
    syllabus = RichTextField(
        blank=True, help_text="For this run only; leave blank to follow the subject's. Seen by teachers only."
    )
    updated_at = models.DateTimeField(auto_now=True)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="class_offer")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="class_offer",
        for_concrete_model=False,
    )

    objects = ClassOfferQuerySet.as_manager()

    class Meta:
        ordering = ["session__key_day_date", "class_day", "start_time"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "session", "class_day"],
                name="one_class_offer_per_subject_session_day",
                violation_error_message="This subject already runs on that day in this session.",
            )
        ]

    def __str__(self):
        return f"{self.subject.title}, {self.session.name} ({self.day_name}s)"

    @property
    def day_name(self):
        return WEEKDAY_NAMES.get(self.class_day, "")

    @property
    def revisions(self):
        return self._revisions

    def get_url(self, request=None):
        """/classes/<subject>/<session>/<day>/: stable for as long as the class exists."""
        return f"{self.subject.get_url(request)}{self.session.slug}/{self.day_name.lower()}/"

    def meeting_dates(self):
        """The class's meetings (DESIGN §3.2), worked out once per instance for as long as what they depend on
        (the session, its dates and skip dates, the day, the subject's weeks) stays the same."""
        session, num_weeks = self.session, self.subject.num_weeks
        key = (
            session,
            session.key_day_date,
            session.max_day_shift,
            session.skip_date_set(),
            self.class_day,
            num_weeks,
        )
        meetings = remembered(
            self, "_meetings_memo", key, lambda: tuple(session.class_meetings(self.class_day, num_weeks))
        )
        return list(meetings)

    # A class offer whose day lies outside its session's window (the session's dates changed under it,
    # which the session form refuses) has no meetings: these answer None rather than fail.

    @property
    def start_date(self):
        meetings = self.meeting_dates()
        return meetings[0] if meetings else None

    @property
    def end_date(self):
        meetings = self.meeting_dates()
        return meetings[-1] if meetings else None

    def skipped_dates(self):
        """The session's skip dates that fall on this class's day during its run, with their reasons."""
        meetings = self.meeting_dates()
        if not meetings:
            return []
        return [
            skip
            for skip in self.session.skip_dates.all()
            if skip.date.weekday() == self.class_day and meetings[0] < skip.date < meetings[-1]
        ]

    def schedule(self):
        """The class's meetings in order, numbered, with the days it skips where they fall."""
        meetings = [{"date": date, "number": number} for number, date in enumerate(self.meeting_dates(), start=1)]
        skipped = [{"date": skip.date, "skip": skip} for skip in self.skipped_dates()]
        return sorted(meetings + skipped, key=lambda day: day["date"])

    @property
    def pre_pay_deadline(self):
        """The last day on which paying online earns the pre-pay discount (DESIGN §4)."""
        start = self.start_date
        return start - datetime.timedelta(days=settings.PRE_PAY_DEADLINE_DAYS) if start else None

    def is_pre_pay_open(self, on=None):
        """Paying online on a day (today) still takes off the pre-pay discount."""
        deadline = self.pre_pay_deadline
        return deadline is not None and (on or timezone.localdate()) <= deadline

    def meetings_held(self, on=None):
        """How many of the class's meetings fall on or before a day (today): the week the class is in."""
        on = on or timezone.localdate()
        return sum(1 for date in self.meeting_dates() if date <= on)

    def has_started(self, on=None):
        return self.meetings_held(on) > 0

    def has_finished(self, on=None):
        end = self.end_date
        return end is not None and end < (on or timezone.localdate())

    @property
    def last_changed(self):
        """When what the class's meetings say (its own fields, its session's dates, its subject) last changed."""
        changes = [self.updated_at, self.session.updated_at, self.subject.last_published_at]
        return max(change for change in changes if change)

    @property
    def end_time(self):
        start = datetime.datetime.combine(datetime.date.min, self.start_time)
        return (start + datetime.timedelta(minutes=self.subject.num_minutes)).time()

    @property
    def plan_for_this_run(self):
        """The class plan the teachers follow in this run: its own, or else the subject's."""
        return self.class_plan or self.subject.class_plan

    @property
    def syllabus_for_this_run(self):
        return self.syllabus or self.subject.syllabus

    @property
    def price(self):
        return self.subject.full_price if self.price_override is None else self.price_override

    @property
    def pre_pay_price(self):
        return max(self.price - self.subject.pre_pay_discount, 0)

    def clean(self):
        super().clean()
        if self.session_id is None or self.class_day is None:
            return
        if self.session.first_day_on(self.class_day) is None:
            raise ValidationError(
                {
                    "class_day": f"{self.day_name} is outside the days of {self.session.name}: "
                    f"{self.session.window_label}. Pick one of those days, or change the session's day shift."
                }
            )
