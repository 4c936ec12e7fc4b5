"""The school at a glance on the Wagtail admin's home page (DESIGN §6): this week's classes with seats taken and
how far check-in has got, money owed, waitlists, classes awaiting approval and new reviews.

An admin sees the whole school; a teacher sees their own classes and the reviews they may read
(Review.objects.seen_by_teacher), and no money. Each panel costs a fixed number of queries, however many classes
or rows there are.
"""

import datetime

from django.db.models import Avg, CharField, Count, Exists, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.ui.components import Component
from wagtail.models import WorkflowState

from accounts.roles import is_admin, is_teacher, sees_money
from classes.models import Attendance, ClassMeeting, ClassOffer, Order, Registration, Review
from classes.teaching import classes_open_to
from hepcat.money import money

NEW_REVIEWS_FOR = datetime.timedelta(days=7)
LATEST_REVIEWS = 5


def reviews_of(user):
    if is_admin(user):
        return Review.objects.all()
    if is_teacher(user):
        return Review.objects.seen_by_teacher(user)
    return Review.objects.none()


def count_of(rows, outer):
    """How many of `rows` belong to the outer row `outer` names, as a subquery (zero when none)."""
    counted = rows.filter(**{outer: OuterRef("pk")}).order_by().values(outer).annotate(count=Count("pk"))
    return Coalesce(Subquery(counted.values("count")), 0)


def this_weeks_meetings(user, today):
    """This week's meetings (Monday to Sunday) of the person's approved classes, in order, each with `taken`
    (seats taken of the class's capacity), `confirmed` (students with a seat) and `checked` (those checked in or
    out of that meeting)."""
    monday = today - datetime.timedelta(days=today.weekday())
    seats = Registration.objects.filter(Registration.seat_taken_condition(), class_offer=OuterRef("class_offer"))
    taken = seats.order_by().values("class_offer").annotate(count=Count("pk")).values("count")
    confirmed = seats.filter(status=Registration.Status.CONFIRMED)
    confirmed = confirmed.order_by().values("class_offer").annotate(count=Count("pk")).values("count")
    return (
        ClassMeeting.objects.filter(
            date__range=(monday, monday + datetime.timedelta(days=6)),
            class_offer__in=classes_open_to(user).filter(live=True),
        )
        .select_related("class_offer__subject", "class_offer__session")
        .annotate(
            taken=Coalesce(Subquery(taken), 0),
            confirmed=Coalesce(Subquery(confirmed), 0),
            checked=count_of(Attendance.objects.all(), "meeting"),
        )
        .order_by("date", "class_offer__start_time", "class_offer__subject__title")
    )


def roster_url_name(user):
    """Where a class's name links to, for those who may open its roster (which shows money)."""
    return ClassOffer.snippet_viewset.get_url_name("roster") if sees_money(user) else None


class DashboardPanel(Component):
    """One panel of the school's dashboard, about what `user` may see on `today`; a panel with nothing to say is
    left out."""

    template_name = ""
    order = 100

    def __init__(self, user, today):
        self.user = user
        self.today = today

    def is_shown(self):
        return True

    def render_html(self, parent_context=None):
        return super().render_html(parent_context) if self.is_shown() else ""

    def get_context_data(self, parent_context=None):
        return {"panel": self}


class ThisWeekPanel(DashboardPanel):
    template_name = "classes/admin/dashboard/this_week.html"
    order = 50

    @cached_property
    def meetings(self):
        meetings = list(this_weeks_meetings(self.user, self.today))
        for meeting in meetings:
            meeting.is_past_or_today = meeting.date <= self.today
        return meetings

    def roster_url_name(self):
        return roster_url_name(self.user)

    def is_shown(self):
        return is_admin(self.user) or is_teacher(self.user)


class MoneyOwedPanel(DashboardPanel):
    template_name = "classes/admin/dashboard/money_owed.html"
    order = 55

    @cached_property
    def owed(self):
        return Order.objects.owing().aggregate(total=Sum("annotated_amount_owed"), orders=Count("pk"))

    @cached_property
    def owed_back(self):
        return (
            Order.objects.with_amounts()
            .filter(annotated_amount_owed__lt=0)
            .aggregate(total=Sum("annotated_amount_owed"), orders=Count("pk"))
        )

    def owed_total(self):
        return money(self.owed["total"] or 0)

    def owed_back_total(self):
        return money(-(self.owed_back["total"] or 0))

    def orders_url(self):
        return reverse("orders:index")

    def to_look_at_url(self):
        return reverse("orders:to_look_at")

    def is_shown(self):
        return sees_money(self.user)


class WaitlistsPanel(DashboardPanel):
    """Classes not yet over with people waiting for a seat, the longest waitlists first."""

    template_name = "classes/admin/dashboard/waitlists.html"
    order = 60

    @cached_property
    def class_offers(self):
        waiting = Registration.objects.filter(status=Registration.Status.WAITLISTED)
        still_to_meet = ClassMeeting.objects.filter(date__gte=self.today).values("class_offer")
        return list(
            classes_open_to(self.user)
            .filter(pk__in=still_to_meet)
            .annotate(waiting=count_of(waiting, "class_offer"))
            .filter(waiting__gt=0)
            .select_related("subject", "session")
            .order_by("-waiting", "session__key_day_date", "class_day")
        )

    def roster_url_name(self):
        return roster_url_name(self.user)

    def is_shown(self):
        return bool(self.class_offers)


class AwaitingApprovalPanel(DashboardPanel):
    """Class offers waiting in the approval workflow (classes.services.schedule starts it for each copy)."""

    template_name = "classes/admin/dashboard/awaiting_approval.html"
    order = 65

    @cached_property
    def class_offers(self):
        in_moderation = WorkflowState.objects.filter(
            status=WorkflowState.STATUS_IN_PROGRESS,
            base_content_type__app_label="classes",
            base_content_type__model="classoffer",
            object_id=Cast(OuterRef("pk"), CharField()),  # WorkflowState keeps any model's key as text
        )
        offers = classes_open_to(self.user).filter(Exists(in_moderation)).select_related("subject", "session")
        return list(offers.order_by("session__key_day_date", "class_day", "start_time"))

    def edit_url_name(self):
        return ClassOffer.snippet_viewset.get_url_name("edit") if is_admin(self.user) else None

    def is_shown(self):
        return bool(self.class_offers)


class NewReviewsPanel(DashboardPanel):
    """The reviews of the last seven days: how many, their average, and the latest few, never with an author."""

    template_name = "classes/admin/dashboard/new_reviews.html"
    order = 70

    @cached_property
    def reviews(self):
        since = timezone.now() - NEW_REVIEWS_FOR
        return reviews_of(self.user).filter(created_at__gte=since)

    @cached_property
    def summary(self):
        return self.reviews.aggregate(count=Count("pk"), average=Avg("rating"), with_words=Count("pk", Q(text__gt="")))

    @cached_property
    def latest(self):
        return list(self.reviews.for_listing()[:LATEST_REVIEWS])

    def all_reviews_url(self):
        return reverse("reviews:index") if is_admin(self.user) else reverse("teacher_reviews")

    def is_shown(self):
        return bool(self.summary["count"])


PANELS = [ThisWeekPanel, MoneyOwedPanel, WaitlistsPanel, AwaitingApprovalPanel, NewReviewsPanel]


def add_dashboard_panels(request, panels):
    """The construct_homepage_panels hook: the school's panels above Wagtail's own."""
    today = timezone.localdate()
    panels[:0] = [panel(request.user, today) for panel in PANELS]
