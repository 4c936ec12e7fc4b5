"""My classes (DESIGN §6): a teacher's workspace in the Wagtail admin. The classes they teach now and next; for
each, its roster with every student's experience, a student's class history, the class plan and syllabus with the
syllabi of the levels below, and the running notes with every version kept. Admins reach every class, from here
and from each class offer.

No money is shown here, to anyone: what students paid and owe is on the admins' rosters. Which classes a person
may open is decided by classes.teaching.classes_open_to; anything else is a 404. Teachers read the plan and
syllabus here, without the right to edit the subject's page."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, Table, TitleColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets import Button

from accounts.roles import is_admin, is_teacher
from classes.forms.admin import ClassNotesForm
from classes.models import ClassOffer
from classes.progress import synopsis
from classes.services.notes import notes_of, save_class_notes, versions_of
from classes.teaching import (
    class_history,
    class_roster,
    classes_open_to,
    compare_texts,
    my_classes,
    students_open_to,
    syllabi_below,
)
from hepcat.dates import day_label, moment_label


def uses_my_classes(user):
    """Who has My classes in their menu: teachers, and admins (who see every class)."""
    return is_teacher(user) or is_admin(user)


class MyClassesMenuItem(MenuItem):
    def is_shown(self, request):
        return uses_my_classes(request.user)


def teacher_names(class_offer):
    return ", ".join(teacher.get_full_name() for teacher in class_offer.teachers.all())


def seats_taken(class_offer):
    """ "12/16": seats taken of the capacity (confirmed students and unexpired holds, the checkout's rule)."""
    return f"{class_offer.capacity - class_offer.seats_left}/{class_offer.capacity}"


def where_it_stands(class_offer):
    if class_offer.has_started():
        return f"Week {class_offer.meetings_held()} of {len(class_offer.meeting_dates())}"
    return f"Starts {day_label(class_offer.start_date)}"


def class_columns(url_name):
    return [
        TitleColumn(
            "subject",
            label="Class",
            accessor=lambda offer: offer.subject.title,
            get_url=lambda offer: reverse(url_name, args=[offer.pk]),
        ),
        Column("when", label="When", accessor=lambda offer: f"{offer.day_name}s {offer.start_time:%-I:%M %p}"),
        Column("week", label="Now", accessor=where_it_stands),
        Column("teachers", label="Teachers", accessor=teacher_names),
        Column("students", label="Students", accessor=seats_taken),
    ]


class MyClassesView(WagtailAdminTemplateMixin, TemplateView):
    """The classes running now and those still to start."""

    template_name = "classes/admin/my_classes/index.html"
    page_title = "My classes"
    header_icon = "group"
    class_url_name = None

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def dispatch(self, request, *args, **kwargs):
        if not uses_my_classes(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        offers = my_classes(self.request.user)
        columns = class_columns(self.class_url_name)
        running = [offer for offer in offers if offer.has_started()]
        upcoming = [offer for offer in offers if not offer.has_started()]
        return super().get_context_data(
            sections=[("Running now", Table(columns, running)), ("Coming up", Table(columns, upcoming))],
            sees_every_class=is_admin(self.request.user),
            **kwargs,
        )


class ClassMixin(WagtailAdminTemplateMixin):
    """A view of one class its viewer may open (classes_open_to); any other is a 404."""

    header_icon = "group"
    index_url_name = class_url_name = student_url_name = None
    notes_url_name = versions_url_name = version_url_name = None

    def setup(self, request, *args, pk, **kwargs):
        super().setup(request, *args, **kwargs)
        self.class_offer = get_object_or_404(
            classes_open_to(request.user)
            .select_related("subject__level", "session", "location")
            .prefetch_related("session__skip_dates", "teachers"),
            pk=pk,
        )

    def get_page_subtitle(self):
        return f"{self.class_offer.subject.title}, {self.class_offer.session.name} ({self.class_offer.day_name}s)"

    @cached_property
    def class_url(self):
        return reverse(self.class_url_name, args=[self.class_offer.pk])

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": "My classes"},
            {"url": self.class_url, "label": self.get_page_subtitle()},
            {"url": "", "label": self.page_title},
        ]


def student_columns(history_url, started=True):
    """A roster's columns; before the class starts, nobody has been checked in and "Came" says nothing."""
    not_checked = "Not checked in yet" if started else ""
    return [
        TitleColumn(
            "name",
            label="Student",
            accessor=lambda line: line.student.get_full_name() or line.student.email,
            get_url=lambda line: history_url(line.student),
        ),
        Column("role", label="Dances", accessor=lambda line: line.registration.get_dance_role_display()),
        Column("synopsis", label="Experience", accessor="synopsis"),
        Column("first_time", label="New here", accessor=lambda line: "First class" if line.first_time else ""),
        Column("attendance", label="Came", accessor=lambda line: line.attendance or not_checked),
    ]


def waitlist_columns(history_url):
    return [
        Column("position", label="Position", accessor="position"),
        *student_columns(history_url)[:4],
    ]


class ClassView(ClassMixin, TemplateView):
    """A class's roster and waitlist, its latest notes, and what the teachers follow: the plan and syllabus of
    this run, and the syllabi of the levels below."""

    template_name = "classes/admin/my_classes/class.html"
    page_title = "Class"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": "My classes"},
            {"url": "", "label": self.get_page_subtitle()},
        ]

    def history_url(self, student):
        return reverse(self.student_url_name, args=[self.class_offer.pk, student.pk])

    def get_context_data(self, **kwargs):
        offer = self.class_offer
        roster = class_roster(offer)
        return super().get_context_data(
            offer=offer,
            roster=roster,
            students=Table(student_columns(self.history_url, offer.has_started()), roster.students),
            waitlist=Table(waitlist_columns(self.history_url), roster.waitlist),
            notes=notes_of(offer),
            class_plan=offer.plan_for_this_run,
            plan_is_this_runs=bool(offer.class_plan),
            syllabus=offer.syllabus_for_this_run,
            syllabus_is_this_runs=bool(offer.syllabus),
            syllabi_below=syllabi_below(offer.subject),
            **kwargs,
        )


def dates_of(registration):
    return f"{registration.first_class_on:%b %-d} – {registration.last_class_on:%b %-d, %Y}"


HISTORY_COLUMNS = [
    Column("class", label="Class", accessor=lambda registration: registration.class_offer.subject.title),
    Column("level", label="Level", accessor=lambda registration: registration.class_offer.subject.level.name),
    Column("session", label="Session", accessor=lambda registration: registration.class_offer.session.name),
    Column("dates", label="Dates", accessor=dates_of),
    Column("teachers", label="Teachers", accessor=lambda registration: teacher_names(registration.class_offer)),
    Column("role", label="Danced", accessor=lambda registration: registration.get_dance_role_display()),
    Column(
        "attendance",
        label="Came",
        accessor=lambda registration: (
            f"{registration.classes_attended} of {registration.classes_checked}"
            if registration.classes_checked
            else "Not checked in"
        ),
    ),
]


class StudentView(ClassMixin, TemplateView):
    """A student of the class: their experience and every class they took at the school."""

    template_name = "classes/admin/my_classes/student.html"

    def setup(self, request, *args, student_pk, **kwargs):
        super().setup(request, *args, **kwargs)
        self.student = get_object_or_404(students_open_to(request.user, self.class_offer), pk=student_pk)

    @property
    def page_title(self):
        return self.student.get_full_name() or self.student.email

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            student=self.student,
            synopsis=synopsis(self.student),
            history=Table(HISTORY_COLUMNS, class_history(self.student)),
            **kwargs,
        )


class NotesView(ClassMixin, FormView):
    """Write the class's notes: each save keeps a new version, with who wrote it and when."""

    template_name = "classes/admin/my_classes/notes_form.html"
    form_class = ClassNotesForm
    page_title = "Notes"

    def get_initial(self):
        notes = notes_of(self.class_offer)
        return {"body": notes.body if notes else ""}

    def get_context_data(self, **kwargs):
        plan = self.class_offer.plan_for_this_run
        return super().get_context_data(class_plan=plan, back_url=self.class_url, **kwargs)

    def form_valid(self, form):
        version = save_class_notes(self.class_offer, form.cleaned_data["body"], by=self.request.user)
        if version is None:
            messages.info(self.request, "The notes are as they were: there was no new version to keep.")
        else:
            messages.success(self.request, f"Notes saved at {moment_label(version.created_at)}; every version is kept.")
        return redirect(self.class_url)


def author(version):
    return version.user.get_full_name() if version.user else "—"


class VersionsView(ClassMixin, TemplateView):
    """Every saved version of the notes, with who wrote it and when, each to compare with the plan."""

    template_name = "classes/admin/my_classes/notes_versions.html"
    page_title = "Versions of the notes"

    def get_context_data(self, **kwargs):
        versions = versions_of(notes_of(self.class_offer))
        for number, version in zip(range(len(versions), 0, -1), versions, strict=True):
            version.number = number
        columns = [
            TitleColumn(
                "number",
                label="Version",
                accessor=lambda version: f"Version {version.number}",
                get_url=lambda version: reverse(self.version_url_name, args=[self.class_offer.pk, version.pk]),
            ),
            Column("user", label="Written by", accessor=author),
            Column("created_at", label="Saved", accessor=lambda version: moment_label(version.created_at)),
        ]
        return super().get_context_data(versions=Table(columns, versions), **kwargs)


class VersionView(ClassMixin, TemplateView):
    """One version of the notes, as written, and how it differs from the class plan and from the version before."""

    template_name = "classes/admin/my_classes/notes_version.html"

    def setup(self, request, *args, revision_pk, **kwargs):
        super().setup(request, *args, **kwargs)
        notes = notes_of(self.class_offer)
        versions = versions_of(notes)
        found = [index for index, version in enumerate(versions) if version.pk == revision_pk]
        if not found:
            raise Http404("The notes of this class have no such version.")
        index = found[0]
        self.version, self.number = versions[index], len(versions) - index
        self.previous = versions[index + 1] if index + 1 < len(versions) else None

    @property
    def page_title(self):
        return f"Notes, version {self.number}"

    def get_breadcrumbs_items(self):
        items = super().get_breadcrumbs_items()
        versions_url = reverse(self.versions_url_name, args=[self.class_offer.pk])
        return items[:-1] + [{"url": versions_url, "label": "Versions of the notes"}, items[-1]]

    def get_context_data(self, **kwargs):
        body = self.version.content.get("body", "")
        plan = self.class_offer.plan_for_this_run
        previous_body = self.previous.content.get("body", "") if self.previous else None
        return super().get_context_data(
            version=self.version,
            number=self.number,
            saved_at=moment_label(self.version.created_at),
            body=body,
            compared_with_plan=compare_texts(plan, body),
            compared_with_previous=compare_texts(previous_body, body) if self.previous else None,
            **kwargs,
        )


def class_page_buttons(snippet, user, next_url=None):
    """A class offer's link to its page in My classes (the students' experience, the plan and the notes), in the
    class offer list, for admins."""
    if isinstance(snippet, ClassOffer) and is_admin(user):
        url = reverse("my_classes:class", args=[snippet.pk])
        return [Button("Class plan and notes", url=url, icon_name="group", priority=15)]
    return []


class MyClassesViewSet(ViewSet):
    name = "my_classes"
    url_prefix = "my-classes"
    icon = "group"
    menu_label = "My classes"
    menu_order = 50
    add_to_admin_menu = True
    menu_item_class = MyClassesMenuItem

    def get_common_view_kwargs(self, **kwargs):
        names = ["index", "class", "student", "notes", "versions", "version"]
        urls = {f"{name}_url_name": self.get_url_name(name) for name in names}
        return super().get_common_view_kwargs(**urls, **kwargs)

    def get_urlpatterns(self):
        return [
            path("", self.construct_view(MyClassesView), name="index"),
            path("<int:pk>/", self.construct_view(ClassView), name="class"),
            path("<int:pk>/students/<int:student_pk>/", self.construct_view(StudentView), name="student"),
            path("<int:pk>/notes/", self.construct_view(NotesView), name="notes"),
            path("<int:pk>/notes/versions/", self.construct_view(VersionsView), name="versions"),
            path("<int:pk>/notes/versions/<int:revision_pk>/", self.construct_view(VersionView), name="version"),
        ]
