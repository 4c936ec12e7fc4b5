"""An admin reads, from the student's page in the admin, what a student sees in their area (DESIGN §6): their
/account/ page, the pages of their classes with the material released to them, each resource they have, and their
reviews with the school's replies. Nothing is done as the student: the pages are rendered for them, with every
form and action left out, under a banner, and kept by no cache; a POST is refused; each reading is written in the
student's history with the admin who read it. Only admins read them (and only a superuser a superuser's)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
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

from .access import can_view
from .account import class_page
from .models import ResourcePage
from .responses import keep_private

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
    """The student's page, read-only, kept by no cache, written in their history."""
    record(student, "resources.student_area.viewed", by=request.user, page=page)
    context = {
        **context,
        "student": student,
        "read_only": True,
        "account_url": reverse("view_as_home", args=[student.pk]),
        "back_to_admin_url": reverse("wagtailusers_users:edit", args=[student.pk]),
    }
    return keep_private(TemplateResponse(request, template, context))


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
def resource_of(request, pk, resource_pk):
    """A resource the student has (released to them and not expired): anything else is a 404, as for them."""
    student = readable(request, get_object_or_404(User, pk=pk))
    resource = get_object_or_404(ResourcePage.objects.live(), pk=resource_pk)
    if not can_view(student, resource):
        raise Http404("The student doesn't have this resource.")
    template, context = resource.get_template(request), resource.get_context(request)
    return as_student(request, student, template, context, f"resource “{resource.title}”")


@require_GET
def reviews_of(request, pk):
    student = readable(request, get_object_or_404(User, pk=pk))
    return as_student(request, student, "classes/account/reviews.html", reviews_page(student), "reviews")


urlpatterns = [
    path("people/<int:pk>/as-student/", account_home, name="view_as_home"),
    path("people/<int:pk>/as-student/reviews/", reviews_of, name="view_as_reviews"),
    path("people/<int:pk>/as-student/resources/<int:resource_pk>/", resource_of, name="view_as_resource"),
    path("people/as-student/classes/<int:pk>/", class_page_of, name="view_as_class"),
]


def view_as_buttons(user, request_user):
    """On a user's page and their row in the users list, for admins."""
    if not may_view_as(request_user, user):
        return []
    url = reverse("view_as_home", args=[user.pk])
    return [Button("View as student", url=url, icon_name="view", priority=50)]
