"""The school's reports in the Wagtail admin (DESIGN §6): payments per session, attendance by class and week,
students missing classes, retention and level progression. The figures come from classes.reports.

Each report names its columns once (Figure): the table on screen and the CSV and XLSX downloads are made from
the same list, so a download has the screen's rows and columns, with plain numbers where the screen formats
them. Charts draw the numbers of a table shown beside them (static/js/report-charts.js).
"""

from collections.abc import Callable
from dataclasses import dataclass

import django_filters
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from accounts.roles import sees_money
from classes import reports
from classes.models import ClassOffer, Session
from hepcat.dates import day_label
from hepcat.money import money

# Who may see the attendance, retention and progression reports: Admins (who hold every permission), and
# whoever an admin gives it in the group settings.
REPORTS_PERMISSION = "classes.view_school_reports"


def percent(value):
    return "—" if value is None else f"{value:g}%"


def count(value):
    return "—" if value is None else str(value)


def teacher_names(offer):
    return ", ".join(f"{teacher.first_name} {teacher.last_name}".strip() for teacher in offer.teachers.all())


@dataclass(frozen=True)
class Figure:
    """One column of a report: `value(row)` is what a download holds, `shown(value)` what the screen says."""

    name: str
    label: str
    value: Callable
    shown: Callable = str

    def column(self):
        return Column(self.name, label=self.label, accessor=lambda row: self.shown(self.value(row)))


class SchoolReport(ReportView):
    """A report that asks for a permission of its own (`permission_required`, a full name) and shows `figures`."""

    figures = []
    permission_required = REPORTS_PERMISSION
    header_icon = "table"
    template_name = "classes/admin/reports/report.html"
    results_template_name = "classes/admin/reports/results.html"
    # {"kind": "bar" or "line", "label", "x_label"}, drawn from chart_rows(): [{"label", "value", "detail"}]
    chart = None

    def user_has_permission(self, permission):
        return self.request.user.has_perm(permission)

    @cached_property
    def columns(self):
        return [figure.column() for figure in self.figures]

    @property
    def list_export(self):
        return [figure.name for figure in self.figures]

    @property
    def export_headings(self):
        return {figure.name: figure.label for figure in self.figures}

    def to_row_dict(self, item):
        return {figure.name: figure.value(item) for figure in self.figures}

    def get_filename(self):
        return f"{self.export_filename}-{timezone.localdate():%Y-%m-%d}"

    def chart_rows(self):
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.chart:
            context["chart"] = {**self.chart, "rows": self.chart_rows()}
        return context


class SessionFilterSet(WagtailFilterSet):
    """Which session a report is about; the report reads it (SessionReport.session) rather than filtering by it."""

    session = django_filters.ModelChoiceFilter(
        label="Session", queryset=Session.objects.order_by("-key_day_date"), empty_label=None
    )

    class Meta:
        model = Session
        fields = []


class SessionReport(SchoolReport):
    """A report about one session: the one chosen, or the one whose classes met last."""

    filterset_class = SessionFilterSet
    paginate_by = None
    is_filtering = False  # choosing a session is not a search: no "There are 5 matches"

    @cached_property
    def session(self):
        chosen = self.filters.form.cleaned_data.get("session") if self.filters.is_valid() else None
        return chosen or reports.latest_started_session()

    def get_page_subtitle(self):
        return str(self.session) if self.session else ""

    def get_queryset(self):
        return self.rows(self.session) if self.session else []

    def filter_queryset(self, rows):
        return rows  # the rows are the chosen session's already


# Payments


class PaymentsReport(SchoolReport):
    page_title = "Payments per session"
    index_url_name = "class_reports:payments"
    index_results_url_name = "class_reports:payments_results"
    export_filename = "payments-per-session"
    header_icon = "tasks"
    figures = [
        Figure("session", "Session", lambda session: session.name),
        Figure("online", "Paid online", lambda session: session.money.online, money),
        Figure("door", "Paid at the door", lambda session: session.money.door, money),
        Figure("credit", "Paid with credit", lambda session: session.money.credit, money),
        Figure("refunds", "Refunded (money and credit)", lambda session: session.money.refunds, money),
        Figure("received", "Received, less refunds", lambda session: session.money.received, money),
        Figure("owed", "Still owed", lambda session: session.money.owed, money),
    ]

    def user_has_permission(self, permission):
        return sees_money(self.request.user)

    paginate_by = 12  # the school's last year or two; a page's figures are worked out from its sessions' orders

    def get_queryset(self):
        return Session.objects.order_by("-key_day_date")

    def decorate_paginated_queryset(self, sessions):
        # In place: the table holds the same sessions (Wagtail makes it before this hook).
        for session, figures in zip(sessions, reports.payments_per_session(sessions), strict=True):
            session.money = figures
        return sessions


# Attendance


class AttendanceReport(SessionReport):
    page_title = "Attendance"
    index_url_name = "class_reports:attendance"
    index_results_url_name = "class_reports:attendance_results"
    export_filename = "attendance"
    header_icon = "user"
    chart = {"kind": "line", "label": "Attendance rate (%)", "x_label": "Week"}

    def rows(self, session):
        offers = reports.with_students(
            ClassOffer.objects.filter(session=session).select_related("subject").prefetch_related("teachers")
        ).in_schedule_order()
        return reports.attendance_by_week(list(offers))

    @cached_property
    def figures(self):
        weeks = max((len(offer.weeks) for offer in self.object_list), default=0)
        return [
            Figure("class", "Class", lambda offer: f"{offer.subject.title} ({offer.day_name}s)"),
            Figure("teachers", "Teachers", teacher_names),
            Figure("students", "Students", lambda offer: offer.students or 0),
            *(
                Figure(
                    f"week_{number}",
                    f"Week {number}",
                    lambda offer, index=number - 1: week_came(offer, index),
                    count,
                )
                for number in range(1, weeks + 1)
            ),
            Figure("rate", "Rate", lambda offer: offer.rate, percent),
        ]

    def chart_rows(self):
        return [
            {"label": f"Week {week['week']}", "value": week["rate"], "detail": f"{week['came']} of {week['places']}"}
            for week in reports.weekly_rates(self.object_list)
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["missing_url"] = reverse("class_reports:missing") + (
            f"?session={self.session.pk}" if self.session else ""
        )
        return context


def week_came(offer, index):
    """How many came that week, or None when the class has not met or was not checked in."""
    week = offer.weeks[index] if index < len(offer.weeks) else None
    return week.came if week and week.checked else None


class MissingStudentsReport(SessionReport):
    page_title = "Students missing classes"
    index_url_name = "class_reports:missing"
    index_results_url_name = "class_reports:missing_results"
    export_filename = "students-missing-classes"
    header_icon = "warning"
    paginate_by = 50
    no_results_message = "No student missed two of their class's last three meetings."
    figures = [
        Figure("student", "Student", lambda row: f"{row.attendee.first_name} {row.attendee.last_name}".strip()),
        Figure("email", "Email", lambda row: row.attendee.email),
        Figure("class", "Class", lambda row: f"{row.class_offer.subject.title} ({row.class_offer.day_name}s)"),
        Figure("missed", "Missed", lambda row: row.missed),
        Figure("of", "Of the last", lambda row: row.recent_meetings),
        Figure("last_came", "Last came", lambda row: row.last_came, lambda day: day_label(day) if day else "Never"),
    ]

    def rows(self, session):
        return (
            reports.missing_students(session)
            .select_related("attendee", "class_offer__subject")
            .order_by("class_offer__subject__title", "attendee__last_name", "attendee__first_name")
        )


# Retention and progression


class RetentionReport(SessionReport):
    page_title = "Retention"
    index_url_name = "class_reports:retention"
    index_results_url_name = "class_reports:retention_results"
    export_filename = "retention"
    header_icon = "redirect"
    chart = {"kind": "bar", "label": "Came back next session (%)", "x_label": "Students of"}
    figures = [
        Figure("group", "By", lambda row: row.group),
        Figure("name", "Name", lambda row: row.name),
        Figure("students", "Students", lambda row: row.students),
        Figure("came_back", "Came back next session", lambda row: row.came_back, count),
        Figure("rate", "Rate", lambda row: row.rate, percent),
    ]

    def rows(self, session):
        return reports.retention(session)

    def chart_rows(self):
        return [
            {
                "label": f"{row.group}: {row.name}",
                "value": row.rate,
                "detail": f"{count(row.came_back)} of {row.students}",
            }
            for row in self.object_list
        ]


class ProgressionReport(SessionReport):
    page_title = "Level progression"
    index_url_name = "class_reports:progression"
    index_results_url_name = "class_reports:progression_results"
    export_filename = "level-progression"
    header_icon = "pick"
    figures = [
        Figure("level", "Level", lambda step: step.level.name),
        Figure("students", "Took a class of it", lambda step: step.students),
        Figure("completed", "Completed it (first time)", lambda step: step.completed),
        Figure("completion_rate", "Completion rate", lambda step: step.completion_rate, percent),
        Figure("moved_on", "Moved on to a higher level", lambda step: step.moved_on),
        Figure("moved_on_rate", "Of those completing", lambda step: step.moved_on_rate, percent),
    ]

    def rows(self, session):
        return reports.level_progression(session)


class ReportMenuItem(MenuItem):
    """A report in Wagtail's Reports menu, shown to those its view lets in."""

    def __init__(self, name, view, order):
        url = reverse(f"class_reports:{name}")
        super().__init__(view.page_title, url, name=f"school-{name}", icon_name=view.header_icon, order=order)
        self.view = view

    def is_shown(self, request):
        return self.view(request=request).user_has_permission(self.view.permission_required)


REPORTS = [
    ("payments", PaymentsReport),
    ("attendance", AttendanceReport),
    ("missing", MissingStudentsReport),
    ("retention", RetentionReport),
    ("progression", ProgressionReport),
]


def report_urls():
    """Each report's page, and its results alone (which Wagtail swaps in when a filter changes)."""
    urls = []
    for name, view in REPORTS:
        urls += [
            path(f"{name}/", view.as_view(), name=name),
            path(f"{name}/results/", view.as_view(results_only=True), name=f"{name}_results"),
        ]
    return [path("school-reports/", include((urls, "class_reports")))]


def report_menu_items():
    """For the register_reports_menu_item hook: a function per report that makes its menu item."""
    return [
        lambda name=name, view=view, order=order: ReportMenuItem(name, view, order)
        for order, (name, view) in enumerate(REPORTS, start=100)
    ]
