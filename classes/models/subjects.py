from decimal import Decimal
from urllib.parse import urljoin

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BodyStreamBlock

from .cards import ClassCards, by_session_and_day
from .filters import ClassFilterForm
from .levels import VERSION_CHOICES
from .locations import Location
from .offers import ClassOffer, with_page_urls
from .sessions import WEEKDAY_NUMBERS, default_session_weeks


def default_class_minutes():
    return settings.DEFAULT_CLASS_MINUTES


def default_class_price():
    return settings.DEFAULT_CLASS_PRICE


def default_pre_pay_discount():
    return settings.DEFAULT_PRE_DISCOUNT


def default_multi_class_discount():
    return settings.MULTI_DISCOUNT


class ClassesIndexPage(RoutablePageMixin, Page):
    """/classes/: the classes open for sign-up, and the locations where they meet."""

    introduction = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["classes.SubjectPage"]
    max_count = 1

    class Meta:
        verbose_name = "classes index page"

    def get_sitemap_urls(self, request=None):
        """The class list, and the locations page beside it (see sitemap.xml)."""
        locations = {"location": self.get_full_url(request) + self.reverse_subpage("locations")}
        return [*super().get_sitemap_urls(request), locations]

    @path("")
    def class_list(self, request):
        """/classes/: the classes open for registration, by session and by day."""
        locations_url = self.locations_url(request)
        cards = ClassCards(ClassOffer.objects.public(), request, heading_level=4, locations_url=locations_url)
        filter_form = ClassFilterForm(request.GET, cards.offers)
        shown = cards.with_cards(filter_form.filter(cards.offers))
        return self.render(
            request,
            context_overrides={
                "sessions": by_session_and_day(shown),
                "shown_count": len(shown),
                "offer_count": len(cards.offers),
                "filter_form": filter_form,
                "today": timezone.localdate(),
                "locations_url": locations_url,
                "calendar_url": reverse("class_calendar"),
            },
        )

    @path("locations/")
    def locations(self, request):
        """/classes/locations/: where the school's classes meet, and what meets there now."""
        locations = Location.objects.with_current_classes()
        for location in locations:
            with_page_urls(location.current_classes, request)
        return self.render(request, template="classes/locations.html", context_overrides={"locations": locations})

    def locations_url(self, request):
        return self.get_url(request) + self.reverse_subpage("locations")


class SubjectPage(RoutablePageMixin, Page):
    """What is taught, common to every run of it: a subject runs in sessions as class offers."""

    level = models.ForeignKey("classes.Level", on_delete=models.PROTECT, related_name="subjects")
    version = models.CharField(
        max_length=2,
        choices=VERSION_CHOICES,
        default="A",
        help_text="Versions of a level are about equally hard and can be taken in any order.",
    )
    num_weeks = models.PositiveSmallIntegerField(
        "weeks", default=default_session_weeks, validators=[MinValueValidator(1)]
    )
    num_minutes = models.PositiveSmallIntegerField(
        "minutes per class", default=default_class_minutes, validators=[MinValueValidator(1)]
    )
    tagline_1 = models.CharField(max_length=120, blank=True)
    tagline_2 = models.CharField(max_length=120, blank=True)
    tagline_3 = models.CharField(max_length=120, blank=True)
    short_description = models.TextField(blank=True, help_text="One or two sentences for class listings.")
    description = StreamField(BodyStreamBlock(), blank=True)
    image = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    full_price = models.DecimalField(
        max_digits=8, decimal_places=2, default=default_class_price, validators=[MinValueValidator(Decimal("0"))]
    )
    pre_pay_discount = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        default=default_pre_pay_discount,
        validators=[MinValueValidator(Decimal("0"))],
        help_text="Taken off when paying online by the pre-pay deadline.",
    )
    multi_class_discount = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        default=default_multi_class_discount,
        validators=[MinValueValidator(Decimal("0"))],
        help_text="Taken off when registering for two or more qualifying classes at once.",
    )
    qualifies_for_multi_discount = models.BooleanField(default=True)
    syllabus = RichTextField(blank=True, help_text="Seen by teachers only.")
    class_plan = RichTextField(blank=True, help_text="Seen by teachers only.")

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("level"), FieldPanel("version")]),
        MultiFieldPanel(
            [FieldPanel("tagline_1"), FieldPanel("tagline_2"), FieldPanel("tagline_3")], heading="Taglines"
        ),
        FieldPanel("short_description"),
        FieldPanel("image"),
        FieldPanel("description"),
    ]
    schedule_panels = [
        FieldRowPanel([FieldPanel("num_weeks"), FieldPanel("num_minutes")]),
        FieldRowPanel([FieldPanel("full_price"), FieldPanel("pre_pay_discount"), FieldPanel("multi_class_discount")]),
        FieldPanel("qualifies_for_multi_discount"),
    ]
    teaching_panels = [FieldPanel("syllabus"), FieldPanel("class_plan")]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(schedule_panels, heading="Length and price"),
            ObjectList(teaching_panels, heading="Teaching"),
            ObjectList(Page.promote_panels, heading="Promote"),
        ]
    )
    search_fields = Page.search_fields + [
        index.SearchField("short_description"),
        index.SearchField("tagline_1"),
        index.SearchField("description"),
        index.FilterField("level_id"),
    ]

    parent_page_types = ["classes.ClassesIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "subject"

    @property
    def taglines(self):
        return [line for line in (self.tagline_1, self.tagline_2, self.tagline_3) if line]

    @property
    def level_label(self):
        return self.level.name if self.version == "NA" else f"{self.level.name} {self.version}"

    @property
    def level_beside_title(self):
        """The level ("Beginning A") to show beside the title, or "" when the title says it ("Lindy 2 A")."""
        return "" if self.title.strip().casefold() == self.level_label.casefold() else self.level_label

    def clean(self):
        super().clean()
        prices = (self.full_price, self.pre_pay_discount, self.multi_class_discount)
        if None not in prices and self.pre_pay_discount + self.multi_class_discount > self.full_price:
            raise ValidationError(
                {
                    "pre_pay_discount": f"The pre-pay and multi-class discounts together "
                    f"(${self.pre_pay_discount + self.multi_class_discount}) can't be more than the full price "
                    f"(${self.full_price})."
                }
            )

    def get_sitemap_urls(self, request=None):
        """The subject, and the page of each of its classes listed for sign-up (see sitemap.xml)."""
        page_url = self.get_full_url(request)
        classes = [
            # urljoin: the class's URL is relative to the site's root, or already absolute when there are several sites.
            {"location": urljoin(page_url, offer.get_url(request)), "lastmod": offer.last_published_at}
            for offer in self.class_offers.public().select_related("session")
        ]
        return [*super().get_sitemap_urls(request), *classes]

    @path("")
    def subject(self, request):
        """/classes/<subject>/: what the subject teaches, and when it runs next."""
        index_page = self.classes_index()
        locations_url = index_page.locations_url(request)
        offers = ClassOffer.objects.public().filter(subject=self)
        cards = ClassCards(offers, request, heading_level=3, locations_url=locations_url, by_session=True)
        return self.render(
            request,
            context_overrides={
                "offers": cards.with_cards(),
                "pre_pay_price": max(self.full_price - self.pre_pay_discount, 0),
                "pre_pay_deadline_days": settings.PRE_PAY_DEADLINE_DAYS,
                "index_page": index_page,
                "locations_url": locations_url,
            },
        )

    @path("<slug:session_slug>/<slug:day>/")
    def class_offer(self, request, session_slug, day):
        """/classes/<subject>/<session>/<day>/: one run of the subject, while it is listed for registration."""
        if day not in WEEKDAY_NUMBERS:
            raise Http404("No class meets on that day.")
        offer = get_object_or_404(
            ClassOffer.objects.public().for_listing(),
            subject=self,
            session__slug=session_slug,
            class_day=WEEKDAY_NUMBERS[day],
        )
        with_page_urls([offer], request)
        index_page = self.classes_index()
        return self.render(
            request,
            template="classes/class_offer.html",
            context_overrides={
                "offer": offer,
                "schedule": offer.schedule(),
                "index_page": index_page,
                "locations_url": index_page.locations_url(request),
            },
        )

    def classes_index(self):
        return ClassesIndexPage.objects.parent_of(self).get()
