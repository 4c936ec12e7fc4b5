"""An admin reads, from the student's page in the admin, what a student sees in their area (DESIGN §6): their
/account/ page, the pages of their classes with the material released to them, and their reviews with the school's
replies. Nothing is done as the student: the pages are rendered for them, with every form and action left out,
under a banner; a POST is refused; each reading is written in the student's history with the admin who read it.
Only admins read them (and only a superuser a superuser's)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_GET
from wagtail.admin.widgets import Button

from accounts.models import User
from accounts.roles import is_admin
from accounts.sections import account_sections
from classes.models import Registration
from classes.views.reviews import reviews_page
from hepcat.audit import record

from .account import class_page

ACTIONS = {
    "resources.student_area.viewed": ("Student's area read", "Their {page} read as they see it, read-only."),
}


def may_view_as(admin, student):
    return is_admin(admin) and (admin.is_superuser or not student.is_superuser)


def readable(request, student):
    """The student, if whoever asks may read their area."""
    if not may_view_as(request.user, student):
        raise PermissionDenied
    return student


def as_student(request, student, template, context, page):
    """The student's page, read-only, written in their history."""
    record(student, "resources.student_area.viewed", by=request.user, page=page)
    context = {
        **context,
        "student": student,
        "read_only": True,
        "account_url": reverse("view_as_home", args=[student.pk]),
        "back_to_admin_url": reverse("wagtailusers_users:edit", args=[student.pk]),
    }
    return TemplateResponse(request, template, context)


@require_GET
def account_home(request, pk):
    student = readable(request, get_object_or_404(User, pk=pk))
    context = {"sections": account_sections(request, student)}
    return as_student(request, student, "accounts/account_home.html", context, "account page")


@require_GET
def class_page_of(request, pk):
    registration = get_object_or_404(Registration.objects.select_related("attendee"), pk=pk)
    student = readable(request, registration.attendee)
    return as_student(request, student, "resources/account/class_page.html", class_page(student, pk), "class page")


@require_GET
def reviews_of(request, pk):
    student = readable(request, get_object_or_404(User, pk=pk))
    return as_student(request, student, "classes/account/reviews.html", reviews_page(student), "reviews")


urlpatterns = [
    path("people/<int:pk>/as-student/", account_home, name="view_as_home"),
    path("people/<int:pk>/as-student/reviews/", reviews_of, name="view_as_reviews"),
    path("people/as-student/classes/<int:pk>/", class_page_of, name="view_as_class"),
]


def view_as_buttons(user, request_user):
    """On a user's page and their row in the users list, for admins."""
    if not may_view_as(request_user, user):
        return []
    url = reverse("view_as_home", args=[user.pk])
    return [Button("View as student", url=url, icon_name="view", priority=50)]
