import secrets
from decimal import Decimal

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .fields import LowercaseEmailField
from .forms import TeacherPageForm


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=email, **extra_fields)
        user.set_password(password)  # None gives an unusable password: the account awaits activation
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class DanceRole(models.TextChoices):
    """Who a dancer dances as: a registration's role, and the one a person prefers."""

    LEAD = "lead", "Lead"
    FOLLOW = "follow", "Follow"
    EITHER = "either", "Either"


def new_calendar_token():
    """The secret in a person's private calendar address: whoever has it sees their classes."""
    return secrets.token_urlsafe(32)


class User(AbstractUser):
    """A person known to the school. The email address is the login; there is no username."""

    username = None
    email = LowercaseEmailField("email address", unique=True)
    phone = models.CharField(max_length=30, blank=True, help_text="For the school to call about a class.")
    pronouns = models.CharField(max_length=40, blank=True, help_text="How teachers and classmates refer to you.")
    preferred_dance_role = models.CharField(
        max_length=10,
        choices=DanceRole.choices,
        default=DanceRole.EITHER,
        help_text="What the registration form starts with.",
    )
    # Served only to its owner (accounts.settings_views.photo): the media folder does not serve it.
    photo = models.ImageField(upload_to="students/", blank=True)
    # Stored now; the school's mail follows them once class emails and promotions are sent from the site.
    email_weekly_class = models.BooleanField(
        "weekly class emails", default=True, help_text="What's coming up in your classes this week."
    )
    email_class_announcements = models.BooleanField(
        "class announcements", default=True, help_text="Your teachers' news about your classes."
    )
    email_promotions = models.BooleanField(
        "promotions", default=True, help_text="New classes, workshops and dances at the school."
    )
    calendar_token = models.CharField(max_length=43, unique=True, default=new_calendar_token, editable=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        ordering = ["first_name", "last_name", "email"]
        constraints = [
            models.CheckConstraint(condition=models.Q(email=Lower("email")), name="user_email_is_lowercase"),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    def reset_calendar_token(self):
        """A new private calendar address: the old one stops working at once."""
        self.calendar_token = new_calendar_token()
        self.save(update_fields=["calendar_token"])


class TeachersIndexPage(Page):
    """/teachers/: the school's teachers, each with a profile page."""

    introduction = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["accounts.TeacherPage"]
    max_count = 1

    class Meta:
        verbose_name = "teachers index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["teacher_pages"] = TeacherPage.objects.child_of(self).live().select_related("photo")
        return context


class TeacherPage(Page):
    """A teacher's public profile. The teacher edits it; an admin approves it before it goes live."""

    teacher = models.OneToOneField(
        User, on_delete=models.PROTECT, related_name="teacher_page", limit_choices_to={"groups__name": "Teachers"}
    )
    photo = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    short_bio = models.CharField(max_length=200, blank=True, help_text="One line for the teachers list.")
    bio = RichTextField(blank=True, features=["bold", "italic", "link", "ol", "ul"])

    content_panels = Page.content_panels + [
        FieldPanel("teacher", permission="accounts.change_user"),
        FieldPanel("photo"),
        FieldPanel("short_bio"),
        FieldPanel("bio"),
    ]
    search_fields = Page.search_fields + [index.SearchField("short_bio"), index.SearchField("bio")]
    parent_page_types = ["accounts.TeachersIndexPage"]
    subpage_types = []
    base_form_class = TeacherPageForm

    class Meta:
        verbose_name = "teacher profile"

    def save(self, *args, **kwargs):
        # Wagtail lets a user edit the pages they own: owning their profile lets the teacher keep it up to date.
        self.owner = self.teacher
        super().save(*args, **kwargs)


class CreditEntryQuerySet(models.QuerySet):
    def balance(self):
        return self.aggregate(balance=models.Sum("amount", default=Decimal("0.00")))["balance"]

    def refunds(self):
        """Credit given back for an order instead of money (see classes.services.orders.cancel_registration)."""
        return self.filter(order__isnull=False, amount__gt=0)


class CreditEntry(models.Model):
    """One line of a student's credit ledger: positive when credit is granted, negative when it is used."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="credit_entries")
    amount = models.DecimalField(max_digits=8, decimal_places=2)
    reason = models.CharField(max_length=200)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    order = models.ForeignKey(
        "classes.Order", null=True, blank=True, on_delete=models.PROTECT, related_name="credit_entries"
    )

    objects = CreditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "credit entries"

    def __str__(self):
        return f"{self.amount:+} for {self.user}: {self.reason}"


class Referral(models.Model):
    """Who brought a new student to the school. The referrer earns credit when that student first pays."""

    referrer = models.ForeignKey(User, on_delete=models.CASCADE, related_name="referrals_made")
    referred = models.OneToOneField(User, on_delete=models.CASCADE, related_name="referral")
    created_at = models.DateTimeField(default=timezone.now)
    reward = models.OneToOneField(
        CreditEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="referral"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.referrer} referred {self.referred}"
