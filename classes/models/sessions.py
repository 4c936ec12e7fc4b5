import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from hepcat.dates import day_label

WEEKDAYS = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]
WEEKDAY_NAMES = dict(WEEKDAYS)
WEEKDAY_NUMBERS = {name.lower(): number for number, name in WEEKDAYS}  # "tuesday" → 1, as in class page URLs
WEEK = datetime.timedelta(weeks=1)


def weekly_meetings(first, count, skip_dates):
    """`count` weekly meetings from `first`; a meeting on a skip date moves it and the rest a week on."""
    meetings = []
    day = first
    while len(meetings) < count:
        if day not in skip_dates:
            meetings.append(day)
        day += WEEK
    return meetings


def remembered(instance, name, key, compute):
    """`compute()`, kept on the instance while `key` (what the answer depends on) stays the same: listings
    ask a session and its classes for the same dates many times in one request, and an edited field or
    fresh skip dates change the key."""
    memo = instance.__dict__.get(name)
    if memo is None or memo[0] != key:
        memo = (key, compute())
        instance.__dict__[name] = memo
    return memo[1]


def default_max_day_shift():
    return settings.DEFAULT_MAX_DAY_SHIFT


def default_session_weeks():
    return settings.DEFAULT_SESSION_WEEKS


class SessionQuerySet(models.QuerySet):
    def regular(self):
        """Sessions long enough to set the school's rhythm (short ones are workshop weekends and such)."""
        return self.filter(num_weeks__gte=settings.SESSION_MINIMUM_WEEKS)

    def current(self, on=None):
        """Sessions listed for sign-up on a day; if none, the most recent one already published."""
        on = on or timezone.localdate()
        listed = self.filter(publish_date__lte=on, expire_date__gte=on)
        if listed.exists():
            return listed
        latest_published = self.filter(publish_date__lte=on).order_by("-key_day_date").values("pk")[:1]
        return self.filter(pk__in=latest_published)


class Session(ClusterableModel):
    """A block of weeks in which classes run. See DESIGN §3.2 for how its dates are worked out."""

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(
        max_length=60, unique=True, help_text="Part of each class's address, e.g. /classes/lindy-2-a/january-2027/."
    )
    key_day_date = models.DateField(
        "key day", help_text="The first class day on the weekday the school most reliably holds classes."
    )
    max_day_shift = models.SmallIntegerField(
        "day shift",
        default=default_max_day_shift,
        validators=[MinValueValidator(-6), MaxValueValidator(6)],
        help_text="How many days before (negative) or after (positive) the key day other classes may start.",
    )
    num_weeks = models.PositiveSmallIntegerField(
        "weeks", default=default_session_weeks, validators=[MinValueValidator(1)]
    )
    break_weeks = models.PositiveSmallIntegerField("break weeks after", default=0)
    publish_date = models.DateField(help_text="Its classes are listed for sign-up from this day.")
    expire_date = models.DateField(
        blank=True,
        null=True,
        help_text="Its classes stop being listed after this day. Leave blank for the usual number of days after "
        "the key day.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["key_day_date"]

    def __str__(self):
        return self.name

    # The session's days

    @property
    def window(self):
        """The first and last day on which the session's classes may start."""
        return self._window_days()[0], self._window_days()[-1]

    @property
    def window_days(self):
        return list(self._window_days())

    def _window_days(self):
        def days():
            first = self.key_day_date + datetime.timedelta(days=min(self.max_day_shift, 0))
            last = self.key_day_date + datetime.timedelta(days=max(self.max_day_shift, 0))
            return tuple(first + datetime.timedelta(days=offset) for offset in range((last - first).days + 1))

        return remembered(self, "_window_memo", (self.key_day_date, self.max_day_shift), days)

    @property
    def window_label(self):
        first, last = self.window
        days = ", ".join(f"{day:%a}" for day in self.window_days)
        if first == last:
            return f"{day_label(first)} only ({days})"
        return f"{day_label(first)} to {day_label(last)} ({days})"

    def first_day_on(self, weekday):
        """The date in the window that falls on a weekday (0 = Monday), or None."""
        return next((day for day in self.window_days if day.weekday() == weekday), None)

    def skip_date_set(self):
        """The skip dates' days (a frozenset). Prefetched skip dates (listings) are read once per instance."""
        prefetched = getattr(self, "_prefetched_objects_cache", {}).get("skip_dates")
        if prefetched is None:
            return frozenset(skip.date for skip in self.skip_dates.all())
        # Kept for these very prefetched rows (compared by identity: rows of a new prefetch or refresh_from_db
        # are equal by primary key even when their dates changed).
        memo = self.__dict__.get("_skip_date_memo")
        if memo is None or memo[0] is not prefetched:
            memo = self.__dict__["_skip_date_memo"] = (prefetched, frozenset(skip.date for skip in prefetched))
        return memo[1]

    def class_meetings(self, weekday, num_weeks=None):
        """The dates a class on this weekday meets, `num_weeks` times (the session's weeks by default)."""
        first = self.first_day_on(weekday)
        if first is None:
            return []
        return weekly_meetings(first, num_weeks or self.num_weeks, self.skip_date_set())

    @property
    def start_date(self):
        return self.window[0]

    @property
    def end_date(self):
        """The latest last meeting of a session-long class over every weekday of the window."""
        key = (self.key_day_date, self.max_day_shift, self.num_weeks, self.skip_date_set())
        return remembered(
            self, "_end_date_memo", key, lambda: max(self.class_meetings(day.weekday())[-1] for day in self.window_days)
        )

    def is_open_for_registration(self, on=None):
        """Listed for sign-up on a day (today): the rule of ClassOfferQuerySet.open_for_registration."""
        return self.publish_date <= (on or timezone.localdate()) <= self.expire_date

    @property
    def is_short(self):
        return self.num_weeks < settings.SESSION_MINIMUM_WEEKS

    def default_expire_date(self):
        days = settings.SHORT_SESSION_EXPIRE if self.is_short else settings.DEFAULT_SESSION_EXPIRE
        return self.window[1] + datetime.timedelta(days=days)

    # Neighbours

    def previous_regular(self):
        earlier = Session.objects.regular().filter(key_day_date__lt=self.key_day_date).exclude(pk=self.pk)
        return earlier.order_by("-key_day_date").first()

    def next_regular(self):
        later = Session.objects.regular().filter(key_day_date__gt=self.key_day_date).exclude(pk=self.pk)
        return later.order_by("key_day_date").first()

    @classmethod
    def next_defaults(cls, max_day_shift=None, today=None):
        """Suggested fields for the next regular session, following the latest one (DESIGN §3.2)."""
        today = today or timezone.localdate()
        shift = settings.DEFAULT_MAX_DAY_SHIFT if max_day_shift is None else max_day_shift
        previous = cls.objects.regular().order_by("-key_day_date").first()
        if previous is None:
            days_ahead = (settings.DEFAULT_KEY_DAY - today.weekday() - 1) % 7 + 1
            key_day = today + datetime.timedelta(days=days_ahead)
            publish_date = today
        else:
            last_meeting = previous.class_meetings(previous.key_day_date.weekday())[-1]
            key_day = last_meeting + WEEK * (1 + previous.break_weeks)
            while key_day + datetime.timedelta(days=min(shift, 0)) <= previous.end_date:
                key_day += WEEK
            publish_date = previous.expire_date
        upcoming = cls(
            key_day_date=key_day,
            max_day_shift=shift,
            num_weeks=settings.DEFAULT_SESSION_WEEKS,
            break_weeks=0,
            publish_date=publish_date,
        )
        name = cls.unique_name(f"{key_day:%B %Y}")
        return {
            "name": name,
            "slug": slugify(name),
            "key_day_date": key_day,
            "max_day_shift": shift,
            "num_weeks": upcoming.num_weeks,
            "break_weeks": 0,
            "publish_date": publish_date,
            "expire_date": upcoming.default_expire_date(),
        }

    @classmethod
    def unique_name(cls, name):
        candidate, number = name, 2
        while cls.objects.filter(models.Q(name=candidate) | models.Q(slug=slugify(candidate))).exists():
            candidate, number = f"{name} ({number})", number + 1
        return candidate

    @classmethod
    def suggested_key_weekday(cls):
        """The weekday that had classes in the most sessions (the later one on a tie), or None."""
        # Through the reverse relation: the class offers' module imports this one.
        class_offers = cls.class_offers.rel.related_model.objects
        return class_offers.busiest_weekday()

    # Validation and saving

    def clean(self):
        super().clean()
        if self.key_day_date is None or self.num_weeks is None or self.max_day_shift is None:
            return  # the missing field has its own error
        if self.num_weeks < 1 or not -6 <= self.max_day_shift <= 6:
            return
        errors = {}
        if self.publish_date and self.expire_date and self.expire_date < self.publish_date:
            errors["expire_date"] = (
                f"The session can't stop being listed ({day_label(self.expire_date)}) before it is published "
                f"({day_label(self.publish_date)})."
            )
        if stranded := self._stranded_class_offers():
            errors["max_day_shift"] = self._stranded_message(stranded)
        if not self.is_short:
            previous = self.previous_regular()
            if previous and self.start_date <= previous.end_date:
                errors["key_day_date"] = self._overlaps_previous(previous)
            following = self.next_regular()
            if following and following.start_date <= self.end_date:
                errors["num_weeks"] = self._overlaps_next(following)
        if errors:
            raise ValidationError(errors)

    def _stranded_class_offers(self):
        """The session's class offers whose day the new dates leave outside its window."""
        if self.pk is None:
            return []
        window_weekdays = {day.weekday() for day in self.window_days}
        class_offers = self.class_offers.select_related("subject").order_by("class_day", "start_time")
        return [offer for offer in class_offers if offer.class_day not in window_weekdays]

    def _stranded_message(self, stranded):
        classes = "; ".join(f"{offer.subject.title} ({offer.day_name}s)" for offer in stranded)
        return (
            f"These classes would meet outside the session's days ({self.window_label}): {classes}. Move them "
            "to one of those days first, or keep a day shift that includes their days."
        )

    def _overlaps_previous(self, previous):
        key_day = self.key_day_date
        early_days = -min(self.max_day_shift, 0)
        while key_day - datetime.timedelta(days=early_days) <= previous.end_date:
            key_day += WEEK
        fixes = [
            f"move the key day to {day_label(key_day)} (the session would then start on "
            f"{day_label(key_day - datetime.timedelta(days=early_days))})"
        ]
        if early_days and self.key_day_date > previous.end_date:
            fixes.insert(0, f"move the early days after the key day with a day shift of +{early_days}")
        return (
            f"This session would start on {day_label(self.start_date)}, but the previous session, "
            f"“{previous.name}”, runs until {day_label(previous.end_date)}. To fix it, " + ", or ".join(fixes) + "."
        )

    def _overlaps_next(self, following):
        fitting_weeks = next(
            (
                weeks
                for weeks in range(self.num_weeks - 1, 0, -1)
                if max(self.class_meetings(day.weekday(), weeks)[-1] for day in self.window_days) < following.start_date
            ),
            None,
        )
        fix = f"A session of {fitting_weeks} weeks fits" if fitting_weeks else "Move the next session first"
        return (
            f"This session would run until {day_label(self.end_date)}, but the next session, “{following.name}”, "
            f"starts on {day_label(following.start_date)}. {fix}."
        )

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)
        if self.expire_date is None:
            self.expire_date = self.default_expire_date()
        previous_expire_date = (
            Session.objects.filter(pk=self.pk).values_list("expire_date", flat=True).first() if self.pk else None
        )
        super().save(*args, **kwargs)
        self.sessions_that_followed = []
        if previous_expire_date and previous_expire_date != self.expire_date and not self.is_short:
            self._move_next_publish_date(previous_expire_date)

    def _move_next_publish_date(self, previous_expire_date):
        """The next session is published when this one expires, unless someone set its date by hand."""
        following = self.next_regular()
        if following and following.publish_date == previous_expire_date:
            following.publish_date = self.expire_date
            following.save(update_fields=["publish_date", "updated_at"])
            self.sessions_that_followed.append(following)


class SessionSkipDate(Orderable):
    """A day without class, such as a holiday; classes that would meet on it move a week later."""

    session = ParentalKey(Session, on_delete=models.CASCADE, related_name="skip_dates")
    date = models.DateField()
    reason = models.CharField(max_length=120, default="No class", help_text="Shown to the public, e.g. “Thanksgiving”.")

    class Meta(Orderable.Meta):
        constraints = [models.UniqueConstraint(fields=["session", "date"], name="one_skip_per_session_date")]

    def __str__(self):
        return f"{day_label(self.date)}: {self.reason}"
