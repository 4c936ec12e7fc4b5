"""The student's material in their account (DESIGN §5): the page of one of their classes, and the Resources
section of /account/ (see accounts.sections)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from accounts.sections import AccountSection
from classes.models import Registration
from classes.views.account import classes_in_account

from .released import RECENT_FOR, announcements, attached_resources, class_material, next_release


@login_required
def account_class(request, pk):
    """/account/classes/<registration>/: one of the student's classes, its schedule and what it has released to
    them. Someone else's registration is a 404, for admins too (they read it with resources.view_as)."""
    return TemplateResponse(request, "resources/account/class_page.html", class_page(request.user, pk))


def class_page(student, pk):
    """What the page of one of the student's classes shows: a 404 unless the registration is theirs."""
    registrations = Registration.objects.in_account_of(student).with_attendance().for_class_lines()
    registration = get_object_or_404(registrations, pk=pk)
    today = timezone.localdate()
    offer = registration.class_offer
    confirmed = registration.status == Registration.Status.CONFIRMED
    return {
        "student": student,
        "registration": registration,
        "offer": offer,
        "schedule": offer.schedule(),
        "material": class_material(registration, attached_resources(student, [offer]), today),
        "next_release": next_release(registration, today) if confirmed else None,
        "account_url": reverse("account_home"),
    }


class ResourcesSection(AccountSection):
    """The student's material, class by class and kind by kind, with what came out this week marked, and the
    school's latest announcements. The classes of the last few weeks list theirs; earlier classes say what they
    hold and link to their page, so that a student of many years gets a page they can read (and fast)."""

    template_name = "resources/account/resources_section.html"
    order = 15

    @cached_property
    def today(self):
        return timezone.localdate()

    @cached_property
    def classes(self):
        registrations = [
            registration
            for registration in reversed(classes_in_account(self.request, self.user))
            if registration.status == Registration.Status.CONFIRMED
        ]
        attached = attached_resources(self.user, [registration.class_offer for registration in registrations])
        materials = [class_material(registration, attached, self.today) for registration in registrations]
        return [material for material in materials if material.releases]

    @cached_property
    def recent_classes(self):
        return [material for material in self.classes if material.registration.last_class_on >= self.since]

    @cached_property
    def earlier_classes(self):
        return [material for material in self.classes if material.registration.last_class_on < self.since]

    @cached_property
    def since(self):
        return self.today - RECENT_FOR

    @cached_property
    def announcements(self):
        return announcements(self.user, self.today)

    def is_shown(self):
        return bool(self.classes or self.announcements)
