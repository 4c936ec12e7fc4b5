import re
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import BodyStreamBlock


class HomePage(Page):
    """The front page: a hero with a call to action, then free content."""

    hero_heading = models.CharField(max_length=120, help_text="The big line at the top of the page.")
    hero_text = models.TextField(blank=True, help_text="A sentence or two under the heading.")
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hero_cta_text = models.CharField("call to action text", max_length=60, blank=True)
    hero_cta_link = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="call to action page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyStreamBlock(), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                FieldPanel("hero_cta_text"),
                FieldPanel("hero_cta_link"),
            ],
            heading="Hero",
        ),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("hero_text"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "home page"


class StandardPage(Page):
    """A page of the public site: about us, policies, FAQ and the like."""

    introduction = models.TextField(blank=True)
    image = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    body = StreamField(BodyStreamBlock(), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("introduction"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = "standard page"


def default_business_name():
    return settings.BUSINESS_NAME


def default_city():
    return settings.DEFAULT_CITY


def default_state():
    return settings.DEFAULT_COUNTRY_AREA_STATE


def default_postcode():
    return settings.DEFAULT_POSTCODE


@register_setting(icon="cog")
class SchoolSettings(BaseGenericSetting):
    """What an admin changes while the site runs: contact details, links and feature switches."""

    business_name = models.CharField(max_length=120, default=default_business_name)
    street_address = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=80, blank=True, default=default_city)
    state = models.CharField("state", max_length=40, blank=True, default=default_state)
    postcode = models.CharField(max_length=15, blank=True, default=default_postcode)
    phone = models.CharField(max_length=30, blank=True)
    contact_email = models.EmailField(blank=True)

    facebook_url = models.URLField("Facebook", blank=True)
    instagram_url = models.URLField("Instagram", blank=True)
    youtube_url = models.URLField("YouTube", blank=True)

    weekly_emails_enabled = models.BooleanField(
        default=True, help_text="Send students the weekly email of each class they take."
    )
    referral_program_enabled = models.BooleanField(
        default=False, help_text="Ask new students who referred them, and reward the referrer."
    )
    referral_reward = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        default=Decimal("10.00"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text="Credit the referrer earns when the referred student's first order is paid.",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("business_name"),
                FieldPanel("street_address"),
                FieldPanel("city"),
                FieldPanel("state"),
                FieldPanel("postcode"),
                FieldPanel("phone"),
                FieldPanel("contact_email"),
            ],
            heading="The school",
        ),
        MultiFieldPanel(
            [FieldPanel("facebook_url"), FieldPanel("instagram_url"), FieldPanel("youtube_url")],
            heading="Social links",
        ),
        MultiFieldPanel(
            [
                FieldPanel("weekly_emails_enabled"),
                FieldPanel("referral_program_enabled"),
                FieldPanel("referral_reward"),
            ],
            heading="Features",
        ),
    ]

    class Meta:
        verbose_name = "school settings"

    @property
    def social_links(self):
        links = [("Facebook", self.facebook_url), ("Instagram", self.instagram_url), ("YouTube", self.youtube_url)]
        return [(name, url) for name, url in links if url]

    @property
    def description(self):
        """What search engines and link previews say of a page that has no description of its own."""
        return f"{self.business_name}: dance classes in {self.city}." if self.city else f"{self.business_name}."

    @property
    def phone_url(self):
        """tel:+12065550135 for "+1 (206) 555-0135": a tel: link takes only digits and "+"."""
        return "tel:" + re.sub(r"[^\d+]", "", self.phone)

    @property
    def city_line(self):
        return " ".join(part for part in [f"{self.city}," if self.city else "", self.state, self.postcode] if part)
