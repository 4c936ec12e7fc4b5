"""Students' reviews in the Wagtail admin (DESIGN §5, §6).

Admins read them all, filtered by class, teacher and rating, each on its own, and reply; nothing else is edited.
A review shows its author only when the author signed it: an anonymous review is anonymous to everyone, teachers
and admins alike, and a reply reaches its author by email without anyone seeing their address
(classes.services.reviews.reply_to_review). Teachers read, without any author, the averages and the words of the
reviews of their classes and of themselves (`TeacherReviewsView`), never another teacher's."""

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.views.generic import TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy

from accounts.models import User
from accounts.roles import TEACHERS, is_teacher
from classes.models import Review
from classes.services.reviews import ReviewAverages, ReviewError, reply_to_review
from hepcat.admin import LocalDateTimeColumn, ObjectActionView, RecordInspectView, RecordsViewSet

from .orders import recent_class_offers

ANONYMOUS = "Anonymous"


def signed_by(review):
    return review.signed_by or ANONYMOUS


class ReviewFilterSet(WagtailFilterSet):
    class_offer = django_filters.ModelChoiceFilter(queryset=recent_class_offers(), label="Class")
    teacher = django_filters.ModelChoiceFilter(queryset=User.objects.filter(groups__name=TEACHERS), label="Teacher")
    rating = django_filters.ChoiceFilter(choices=[(number, str(number)) for number in range(1, 6)], label="Rating")

    class Meta:
        model = Review
        fields = ["class_offer", "target", "teacher", "rating"]


class ReviewIndexView(IndexView):
    def get_base_queryset(self):
        return Review.objects.for_listing().select_related("author")


class ReviewInspectView(RecordInspectView):
    reply_url_name = None

    def get_object(self):
        return Review.objects.for_listing().select_related("author", "replied_by").get(pk=self.pk)

    @cached_property
    def header_buttons(self):
        if not self.permission_policy.user_has_permission(self.request.user, "change"):
            return []
        label = "Change the reply" if self.object.reply else "Reply"
        return [HeaderButton(label, url=reverse(self.reply_url_name, args=[self.object.pk]), icon_name="mail")]

    def get_field_label(self, field_name, field):
        return "Signed by" if field_name == "signed_by" else super().get_field_label(field_name, field)

    def get_field_display_value(self, field_name, field):
        if field_name == "signed_by":
            return signed_by(self.object)
        return super().get_field_display_value(field_name, field)


class ReplyForm(forms.Form):
    reply = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), max_length=4000)


class ReplyToReviewView(ObjectActionView):
    """The school's answer to a review, emailed to its author: the admin writes it without learning who that is,
    for an anonymous review."""

    model = Review
    permission_policy = ModelPermissionPolicy(Review)
    permission_required = "change"
    form_class = ReplyForm
    page_title = "Reply to the review"
    submit_button_label = "Send the reply"
    refusals = (ReviewError,)
    index_url_name = "reviews:index"
    inspect_url_name = "reviews:inspect"

    def get_base_object_queryset(self):
        return Review.objects.for_listing().select_related("author")

    def get_initial(self):
        return {"reply": self.object.reply}

    def get_description(self):
        review = self.object
        about = f"{review.rating}/5 for {review.subject} in {review.class_offer}"
        words = f": “{review.text}”" if review.text else ""
        sent_to = (
            f"{review.signed_by}, who signed it"
            if review.signed
            else "whoever wrote it, whose name and address stay hidden from you"
        )
        shown = "and shown with the review in their account"
        return f"{capfirst(about)}{words}. The reply is emailed to {sent_to}, {shown}."

    def act(self, data):
        reply_to_review(self.object, data["reply"], by=self.request.user)

    def get_success_message(self):
        return "Reply sent to the author of the review."


class ReviewViewSet(RecordsViewSet):
    model = Review
    name = "reviews"
    icon = "openquote"
    menu_label = "Reviews"
    add_to_admin_menu = True
    inspect_view_enabled = True
    history_view_enabled = True
    index_view_class = ReviewIndexView
    inspect_view_class = ReviewInspectView
    list_display = [
        TitleColumn("class_offer", label="Class", get_url=lambda review: reverse("reviews:inspect", args=[review.pk])),
        Column("subject", label="Of", accessor=lambda review: capfirst(review.subject)),
        Column("rating", label="Rating", sort_key="rating"),
        Column("text", label="Review", accessor=lambda review: review.text[:120]),
        Column("signed_by", label="Signed by", accessor=signed_by),
        Column("replied", label="Replied", accessor=lambda review: "Yes" if review.reply else ""),
        LocalDateTimeColumn("created_at", label="Written", sort_key="created_at"),
    ]
    filterset_class = ReviewFilterSet
    search_fields = ["text"]
    ordering = "-created_at"
    inspect_view_fields = [
        "class_offer",
        "target",
        "teacher",
        "rating",
        "text",
        "signed_by",
        "created_at",
        "updated_at",
        "reply",
        "replied_by",
        "replied_at",
    ]

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            reply_url_name=self.get_url_name("reply"), history_url_name=self.get_url_name("history"), **kwargs
        )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("reply/<int:pk>/", self.construct_view(ReplyToReviewView), name="reply"),
        ]


# A teacher's reviews


class TeacherReviewsView(WagtailAdminTemplateMixin, TemplateView):
    """/admin/my-reviews/: what the students of a teacher's classes think of the classes, of them and of the
    school, as averages and words, never with an author. Only for teachers: admins have the full list."""

    template_name = "classes/admin/teacher_reviews.html"
    page_title = "Reviews of my classes"
    header_icon = "openquote"
    latest = 200  # the words of the latest reviews; the averages count them all

    def dispatch(self, request, *args, **kwargs):
        if not is_teacher(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        reviews = Review.objects.seen_by_teacher(self.request.user)
        return super().get_context_data(
            averages=ReviewAverages(reviews),
            targets=[label for value, label in Review.Target.choices],
            reviews=reviews.for_listing()[: self.latest],
            **kwargs,
        )
