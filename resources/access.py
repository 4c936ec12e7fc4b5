"""Who may see which resource, and from when (DESIGN §5): the one answer every path asks — the page itself,
listings, the student area, search, feeds, the sitemap and the files a resource holds.

* `public`: everyone. `students`: anyone signed in. `teachers`: teachers. `staff`: admins.
* `class`: a student with a confirmed registration in a class offer the resource is attached to, directly or
  through its subject (every run of it), once the resource is released for that class and until it expires.
  The release day comes from that class's own meetings (classes.ClassMeeting, skip dates included): the day
  the student's registration was confirmed, the day of class N (the last one if the class has fewer), or the
  day of the last class. It expires `expire_after_weeks` weeks after it (0: never). Teachers see every class
  resource of the subjects they teach and of every lower level; admins see everything.
* Wagtail's own publishing applies on top: a resource that is not live, or past its expiry date, is seen by
  nobody here.

Everything is one query over the resources, so that a list of them costs the same for 4 classes as for 40.
"""

import datetime

from django.apps import apps
from django.db.models import Exists, F, Func, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import TruncDate
from django.db.models.lookups import GreaterThan
from django.utils import timezone
from wagtail.models import PageQuerySet

from accounts.roles import is_admin, is_teacher
from classes.models import ClassMeeting, ClassOffer, Registration, SubjectPage

EPOCH = datetime.date(1970, 1, 1)


class DayNumber(Func):
    """A date as a number of days, so that a query can add a resource's weeks to the day it was released."""

    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="CAST(julianday(%(expressions)s) - 2440587.5 AS INTEGER)")

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="(%(expressions)s - DATE '1970-01-01')")


def visible_resources(user, on=None):
    """The resources `user` may see on a day (today): a queryset of ResourcePage."""
    return apps.get_model("resources", "ResourcePage").objects.visible_to(user, on)


def can_view(user, page, on=None):
    return visible_resources(user, on).filter(pk=page.pk).exists()


def hidden_resources(user, on=None):
    """The ids of the resources `user` may not see (a subquery), for what lists every kind of page (site search)."""
    ResourcePage = apps.get_model("resources", "ResourcePage")
    return ResourcePage.objects.exclude(pk__in=visible_resources(user, on).values("pk")).values("pk")


class ResourcePageQuerySet(PageQuerySet):
    def visible_to(self, user, on=None):
        Audience = self.model.Audience
        shown = self.live().filter(Q(expire_at__isnull=True) | Q(expire_at__gt=_moment(on)))
        if not user.is_authenticated:
            return shown.filter(audience=Audience.PUBLIC)
        if is_admin(user):
            return shown
        allowed = Q(audience__in=[Audience.PUBLIC, Audience.STUDENTS]) | Q(audience=Audience.CLASS) & self._released_to(
            user, on or timezone.localdate()
        )
        if is_teacher(user):
            allowed |= Q(audience=Audience.TEACHERS) | Q(audience=Audience.CLASS) & self._taught_by(user)
        return shown.filter(allowed)

    def _released_to(self, user, on):
        """Class resources released to the student on `on` and not yet expired, through any of their classes.

        A release on a class's day is one of that class's meetings (classes.ClassMeeting): class N, or the last
        one when the class has fewer; a release on sign-up is the registration's confirmation. Each is found from
        the student's side, their few dozen meetings and registrations joined to what is attached to their
        classes, so that the resources are not each asked in turn (DESIGN §5; bench/run.py --mode account).
        """
        Release = self.model.Release
        today = (on - EPOCH).days
        released = Q()
        for attached in ("class_offer__resources", "class_offer__subject__resources"):

            def resource(field, attached=attached):
                return F(f"{attached}__{field}")

            def not_expired(released_on, attached=attached):
                weeks = resource("expire_after_weeks")
                return Q(**{f"{attached}__expire_after_weeks": 0}) | GreaterThan(
                    DayNumber(released_on) + 7 * weeks, today
                )

            on_a_class_day = ClassMeeting.objects.filter(
                Q(**{f"{attached}__release": Release.AFTER_CLASS})
                & (
                    Q(number=resource("release_class_number"))
                    | Q(is_last=True, number__lt=resource("release_class_number"))
                )
                | Q(**{f"{attached}__release": Release.COMPLETION}, is_last=True),
                not_expired("date"),
                class_offer__registrations__attendee=user,
                class_offer__registrations__status=Registration.Status.CONFIRMED,
                date__lte=on,
            )
            on_sign_up = Registration.objects.filter(
                not_expired(TruncDate("confirmed_at")),
                **{f"{attached}__release": Release.SIGNUP},
                attendee=user,
                status=Registration.Status.CONFIRMED,
                confirmed_at__date__lte=on,
            )
            released |= Q(pk__in=on_a_class_day.values(attached)) | Q(pk__in=on_sign_up.values(attached))
        return released

    def _taught_by(self, teacher):
        """Class resources of the subjects the teacher teaches, and of every subject of a lower level."""
        taught = SubjectPage.objects.filter(class_offers__teachers=teacher)
        highest_rank = taught.filter(level__rank__isnull=False).order_by("-level__rank").values("level__rank")[:1]
        subjects = SubjectPage.objects.filter(
            Q(pk__in=taught.values("pk")) | Q(level__rank__lte=Subquery(highest_rank))
        )
        return Exists(subjects.filter(resources=OuterRef("pk"))) | Exists(
            ClassOffer.objects.filter(subject__in=subjects, resources=OuterRef("pk"))
        )


def _moment(on):
    """When Wagtail's expiry dates are compared: now, or the start of the day asked about."""
    if on is None:
        return timezone.now()
    return timezone.make_aware(datetime.datetime.combine(on, datetime.time.min))
