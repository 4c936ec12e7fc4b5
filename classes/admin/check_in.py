"""The check-in page (issue #11 item 3): at the door, on a phone, in the Wagtail admin.

Pick a class (those open to you: ClassOfferQuerySet.open_for_check_in_by) and its meeting, tap each student
present, late, excused or absent, add a walk-in, and, for whoever takes payments at the door, see what each
student owes and record what they pay. Each tap is a small form that saves at once and works without
JavaScript; classes/check_in.js sends it in the background when it can. Another teacher's class is a 404.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.functional import cached_property
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts.roles import sees_money, takes_door_payments
from classes.admin.orders import DoorPaymentForm
from classes.models import Attendance, ClassOffer, Registration
from classes.services.attendance import (
    add_walk_in,
    check_in,
    check_in_list,
    classes_to_check_in,
    meeting_to_check_in,
)
from classes.services.errors import CheckInError, CheckoutError
from classes.services.orders import record_door_payment
from hepcat.money import money

REFUSALS = (CheckInError, CheckoutError)


def class_title(class_offer):
    return f"{class_offer.subject.title}, {class_offer.day_name}s at {class_offer.start_time:%-I:%M %p}"


class CheckInMenuItem(MenuItem):
    def is_shown(self, request):
        # Whoever may check in any class sees it without asking the database on every admin page.
        user = request.user
        return user.has_perm("classes.check_in_any_class") or ClassOffer.objects.open_for_check_in_by(user).exists()


# Each form of the page also carries the date of the meeting it shows (CheckInActionView.meeting).


class MarkForm(forms.Form):
    status = forms.ChoiceField(choices=Attendance.Status.choices)


class WalkInForm(forms.Form):
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    email = forms.EmailField()
    dance_role = forms.ChoiceField(choices=Registration.DanceRole.choices, initial=Registration.DanceRole.EITHER)


class ClassesToCheckInView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "classes/admin/check_in_index.html"
    page_title = "Check-in"
    header_icon = "tick"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        class_offers = classes_to_check_in(self.request.user, today)
        return super().get_context_data(class_offers=class_offers, today=today, **kwargs)


class CheckInClassMixin:
    """The class from the URL, among those open to the person checking in (anyone else's is a 404)."""

    def setup(self, request, *args, pk, **kwargs):
        super().setup(request, *args, **kwargs)
        class_offers = ClassOffer.objects.open_for_check_in_by(request.user).select_related(
            "subject", "session", "location"
        )
        self.class_offer = get_object_or_404(class_offers, pk=pk)

    def class_url(self, meeting=None, student=None):
        url = reverse("check_in_class", args=[self.class_offer.pk])
        if meeting is not None:
            url += f"?date={meeting.date:%Y-%m-%d}"
        return url + (f"#student-{student.pk}" if student is not None else "")


class CheckInView(CheckInClassMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "classes/admin/check_in.html"
    page_title = "Check-in"
    header_icon = "tick"

    def get_page_subtitle(self):
        return class_title(self.class_offer)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("check_in"), "label": "Check-in"},
            {"url": "", "label": self.class_offer.subject.title},
        ]

    @cached_property
    def meetings(self):
        return list(self.class_offer.meetings.all())

    def chosen_meeting(self):
        """The meeting of ?date=, else today's or the nearest one; a date the class doesn't meet on is said so."""
        asked = self.request.GET.get("date")
        if asked:
            for meeting in self.meetings:
                if f"{meeting.date:%Y-%m-%d}" == asked:
                    return meeting
            messages.error(self.request, f"{self.class_offer.subject.title} doesn't meet on {asked}: pick a date.")
        return meeting_to_check_in(self.class_offer)

    def get_context_data(self, **kwargs):
        user = self.request.user
        meeting = self.chosen_meeting()
        with_money = sees_money(user) or takes_door_payments(user)  # what each student owes, and no other figure
        lines = check_in_list(meeting, with_money=with_money) if meeting else []
        marked = [line.status for line in lines if line.status]
        return super().get_context_data(
            class_offer=self.class_offer,
            meetings=self.meetings,
            meeting=meeting,
            opens_later=meeting is not None and meeting.date > timezone.localdate(),
            lines=lines,
            statuses=Attendance.Status.choices,
            came=sum(status in Attendance.CAME for status in marked),
            marked=len(marked),
            takes_door_payments=takes_door_payments(user),
            walk_in_form=WalkInForm(),
            **kwargs,
        )


class CheckInActionView(CheckInClassMixin, View):
    """A form sent from the check-in page: done by a service, then back to the page (or, asked by the page's
    script, answered in JSON); what the service refuses is shown as it says."""

    http_method_names = ["post"]
    form_class = None  # and `invalid_message(form)`, what to say when it doesn't validate

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST)
        meeting = self.meeting(request.POST.get("date", ""))
        try:
            if meeting is None:
                raise CheckInError(
                    f"{self.class_offer.subject.title} doesn't meet on that date: pick one of its dates."
                )
            if not form.is_valid():
                raise CheckInError(self.invalid_message(form))
            student = self.act(form.cleaned_data, meeting)
        except REFUSALS as refusal:
            if self.wants_json():
                return JsonResponse({"error": refusal.message}, status=400)
            messages.error(request, refusal.message)
            return redirect(self.class_url(meeting))
        if self.wants_json():
            return JsonResponse(self.answer(student))
        messages.success(request, self.success_message(student))
        return redirect(self.class_url(meeting, student))

    def meeting(self, date):
        """The class's meeting on the date the page showed (each form carries it)."""
        try:
            date = parse_date(date)
        except ValueError:
            return None
        return self.class_offer.meetings.filter(date=date).first() if date else None

    def wants_json(self):
        return self.request.headers.get("Accept") == "application/json"

    def student(self, registration_pk):
        """A confirmed student of this class (anyone else is a 404)."""
        registrations = self.class_offer.registrations.filter(status=Registration.Status.CONFIRMED)
        return get_object_or_404(registrations.select_related("attendee", "order"), pk=registration_pk)

    def answer(self, student):
        return {"message": self.success_message(student)}


class MarkView(CheckInActionView):
    form_class = MarkForm

    def invalid_message(self, form):
        return "Mark the student present, late, excused or absent."

    def act(self, data, meeting):
        student = self.student(self.kwargs["registration_pk"])
        self.mark = check_in(student, meeting, data["status"], by=self.request.user)
        return student

    def success_message(self, student):
        return f"{student.attendee}: {self.mark.get_status_display().lower()}."

    def answer(self, student):
        return {"message": self.success_message(student), "status": self.mark.status}


class WalkInView(CheckInActionView):
    form_class = WalkInForm

    def invalid_message(self, form):
        return "Give the walk-in's first and last name, a valid email address and their dance role."

    def act(self, data, meeting):
        person = {key: data[key] for key in ("first_name", "last_name", "email")}
        return add_walk_in(self.class_offer, person, data["dance_role"], by=self.request.user, meeting=meeting)

    def success_message(self, student):
        return f"{student.attendee} is registered, to pay {money(student.order.total)} at the door, and present."


class DoorPaymentView(CheckInActionView):
    form_class = DoorPaymentForm

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if not takes_door_payments(request.user):
            raise PermissionDenied

    def invalid_message(self, form):
        return "Enter the amount received, such as 95.00."

    def act(self, data, meeting):
        student = self.student(self.kwargs["registration_pk"])
        self.amount = data["amount"]
        record_door_payment(student.order, self.amount, by=self.request.user)
        return student

    def success_message(self, student):
        return f"Recorded {money(self.amount)} paid at the door by {student.attendee}."


def check_in_urls():
    return [
        path("check-in/", ClassesToCheckInView.as_view(), name="check_in"),
        path("check-in/<int:pk>/", CheckInView.as_view(), name="check_in_class"),
        path("check-in/<int:pk>/mark/<int:registration_pk>/", MarkView.as_view(), name="check_in_mark"),
        path("check-in/<int:pk>/walk-in/", WalkInView.as_view(), name="check_in_walk_in"),
        path(
            "check-in/<int:pk>/door-payment/<int:registration_pk>/",
            DoorPaymentView.as_view(),
            name="check_in_door_payment",
        ),
    ]


def check_in_menu_item():
    return CheckInMenuItem("Check-in", reverse("check_in"), icon_name="tick", order=150)
