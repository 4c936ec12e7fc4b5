import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.search import index

from classes.models import ClassOffer

from .access import ResourcePageQuerySet, can_view, visible_resources
from .blocks import ResourceBodyBlock
from .feeds import PublicResourcesFeed
from .forms import ResourcePageForm
from .panels import ReleaseDatesPanel
from .responses import keep_private, refuse

# A resource expires at the latest a year after its release: past that, "never" says it better.
MAX_EXPIRY_WEEKS = 52


class ResourceIndexPage(RoutablePageMixin, Page):
    """/resources/: the school's posts, videos and notes, each shown to whom it is for (resources.access), and
    /resources/feed/, the public ones for feed readers."""

    introduction = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["resources.ResourcePage"]
    max_count = 1

    class Meta:
        verbose_name = "resources index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["resources"] = visible_resources(request.user).child_of(self).order_by("-first_published_at")
        return context

    @path("feed/")
    def feed(self, request):
        return PublicResourcesFeed(self)(request)


class ResourcePage(Page):
    """A post for students, teachers or everyone: a review video, notes, a document, a link or an announcement
    (DESIGN §5). Who may see it, and from when, is resources.access."""

    class Kind(models.TextChoices):
        VIDEO = "video", "Video"
        DOCUMENT = "document", "Document"
        LINK = "link", "Link"
        TEXT = "text", "Notes"
        ANNOUNCEMENT = "announcement", "Announcement"

    class Audience(models.TextChoices):
        PUBLIC = "public", "Everyone"
        STUDENTS = "students", "Every student with an account"
        CLASS = "class", "Students of the classes below"
        TEACHERS = "teachers", "Teachers"
        STAFF = "staff", "Admins"

    class Release(models.TextChoices):
        SIGNUP = "signup", "When the student signs up"
        AFTER_CLASS = "after_class", "On the day of class number…"
        COMPLETION = "completion", "On the day of the last class"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.VIDEO)
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.CLASS)
    subjects = ParentalManyToManyField(
        "classes.SubjectPage",
        blank=True,
        related_name="resources",
        help_text="Every run of these subjects, past and future, gets the resource.",
    )
    class_offers = ParentalManyToManyField(
        "classes.ClassOffer", blank=True, related_name="resources", help_text="Just these runs of a subject."
    )
    release = models.CharField(max_length=20, choices=Release.choices, default=Release.AFTER_CLASS)
    release_class_number = models.PositiveSmallIntegerField(
        "class number",
        default=1,
        validators=[MinValueValidator(1)],
        help_text="For “on the day of class number…”: 3 releases it on the day of the third class. A number "
        "past the class's last meeting releases it on the last one.",
    )
    expire_after_weeks = models.PositiveSmallIntegerField(
        "expires after (weeks)",
        default=0,
        validators=[MaxValueValidator(MAX_EXPIRY_WEEKS)],
        help_text="How many weeks after its release the students stop seeing it. 0: never.",
    )
    summary = models.CharField(max_length=255, blank=True, help_text="One line for lists of resources.")
    body = StreamField(ResourceBodyBlock(), blank=True)

    objects = PageManager.from_queryset(ResourcePageQuerySet)()

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("audience")]),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("subjects"),
                FieldPanel("class_offers"),
                FieldRowPanel([FieldPanel("release"), FieldPanel("release_class_number")]),
                FieldPanel("expire_after_weeks"),
                ReleaseDatesPanel(heading="When each class gets it"),
            ],
            heading="Which classes, and when",
        ),
    ]
    base_form_class = ResourcePageForm
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["resources.ResourceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "resource"

    @property
    def is_public(self):
        return self.audience == self.Audience.PUBLIC

    @property
    def needs_approval(self):
        """What everyone or every student sees goes live once an admin approves it; a class's own material and
        the teachers' notes go live when their teacher saves them."""
        return self.audience in (self.Audience.PUBLIC, self.Audience.STUDENTS)

    def release_on(self, meetings, signed_up_on=None):
        """The day a class with these meeting dates (in order) gets the resource, and the day it stops seeing it
        (None: never), for the editor and the student area; resources.access asks the same in a query."""
        if self.release == self.Release.SIGNUP:
            released = signed_up_on
        elif not meetings:
            released = None
        elif self.release == self.Release.AFTER_CLASS:
            released = meetings[min(self.release_class_number, len(meetings)) - 1]
        else:
            released = meetings[-1]
        if released is None or not self.expire_after_weeks:
            return released, None
        return released, released + datetime.timedelta(weeks=self.expire_after_weeks)

    def release_dates(self, on=None):
        """For each class that gets the resource (its class offers, and the current and upcoming runs of its
        subjects), the day it is released there and the day it expires (None: never), for the page editor.
        On sign-up, the release is each student's own day (None here)."""
        upcoming = Q(meetings__date__gte=on or timezone.localdate())
        offers = ClassOffer.objects.filter(
            Q(pk__in=[offer.pk for offer in self.class_offers.all()])
            | upcoming & Q(subject__in=[subject.pk for subject in self.subjects.all()])
        )
        offers = offers.distinct().select_related("subject", "session").prefetch_related("session__skip_dates")
        dates = []
        for offer in offers.order_by("session__key_day_date", "class_day", "subject__title"):
            released, expires = self.release_on(offer.meeting_dates())
            dates.append((offer, released, expires))
        return dates

    def serve(self, request, *args, **kwargs):
        if not can_view(request.user, self):
            return refuse(request)
        response = super().serve(request, *args, **kwargs)
        return response if self.is_public else keep_private(response)

    def get_sitemap_urls(self, request=None):
        return super().get_sitemap_urls(request) if self.is_public else []
