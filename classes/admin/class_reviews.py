"""Students' reviews in the Wagtail admin (DESIGN §5): a list to read, filtered by class, teacher and rating, and
each review on its own. Nothing is edited here. A review shows its author only when the author signed it: an
anonymous review is anonymous to everyone, teachers and admins alike. The teachers' workspace (DESIGN §6) builds
its own views of the reviews on these."""

import django_filters
from django.urls import reverse
from django.utils.text import capfirst
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView

from accounts.models import User
from accounts.roles import TEACHERS
from classes.models import Review
from hepcat.admin import LocalDateTimeColumn, RecordInspectView, RecordsViewSet

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
    def get_object(self):
        return Review.objects.for_listing().select_related("author").get(pk=self.pk)

    def get_field_label(self, field_name, field):
        return "Signed by" if field_name == "signed_by" else super().get_field_label(field_name, field)

    def get_field_display_value(self, field_name, field):
        if field_name == "signed_by":
            return signed_by(self.object)
        return super().get_field_display_value(field_name, field)


class ReviewViewSet(RecordsViewSet):
    model = Review
    name = "reviews"
    icon = "openquote"
    menu_label = "Reviews"
    add_to_admin_menu = True
    inspect_view_enabled = True
    index_view_class = ReviewIndexView
    inspect_view_class = ReviewInspectView
    list_display = [
        TitleColumn("class_offer", label="Class", get_url=lambda review: reverse("reviews:inspect", args=[review.pk])),
        Column("subject", label="Of", accessor=lambda review: capfirst(review.subject)),
        Column("rating", label="Rating", sort_key="rating"),
        Column("text", label="Review", accessor=lambda review: review.text[:120]),
        Column("signed_by", label="Signed by", accessor=signed_by),
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
    ]
