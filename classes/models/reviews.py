import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .offers import ClassOffer

# How long a review stays open to its author's changes after it was first written.
EDITABLE_FOR = datetime.timedelta(days=30)


class ReviewQuerySet(models.QuerySet):
    def for_listing(self):
        return self.select_related("class_offer__subject", "class_offer__session", "teacher")

    def seen_by_teacher(self, teacher):
        """What a teacher reads of their classes' reviews: of the class and the school, and of themselves; never
        of another teacher of the same class."""
        return self.filter(
            Q(target=Review.Target.TEACHER, teacher=teacher)
            | Q(
                target__in=[Review.Target.CLASS, Review.Target.SCHOOL],
                class_offer__in=ClassOffer.objects.filter(teachers=teacher),
            )
        )


class Review(models.Model):
    """What a student who attended a class thinks of it, of one of its teachers, or of the school: a rating from 1
    to 5 and, if they like, a few words. A review is anonymous unless its author signs it: whoever reads it sees
    the author's name only then (`signed_by`). One review per class offer and target per author."""

    class Target(models.TextChoices):
        CLASS = "class", "The class"
        TEACHER = "teacher", "A teacher"
        SCHOOL = "school", "The school"

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews")
    class_offer = models.ForeignKey("classes.ClassOffer", on_delete=models.PROTECT, related_name="reviews")
    target = models.CharField(max_length=10, choices=Target.choices)
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews_received",
        help_text="The teacher reviewed, for a review of a teacher.",
    )
    rating = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    text = models.TextField(blank=True)
    signed = models.BooleanField(default=False, help_text="The author shows their name with the review.")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # The school's answer (classes.services.reviews.reply_to_review): mailed to the author, shown in their account.
    reply = models.TextField(blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    replied_at = models.DateTimeField(null=True, blank=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="review_rating_1_to_5"),
            models.CheckConstraint(
                condition=Q(target="teacher", teacher__isnull=False) | (~Q(target="teacher") & Q(teacher__isnull=True)),
                name="review_names_a_teacher_only_for_a_teacher",
            ),
            # Two constraints, because NULL teachers never collide in a unique index.
            models.UniqueConstraint(
                fields=["author", "class_offer", "target"],
                condition=Q(teacher__isnull=True),
                name="one_review_of_a_class_or_school_per_author",
            ),
            models.UniqueConstraint(
                fields=["author", "class_offer", "teacher"],
                condition=Q(teacher__isnull=False),
                name="one_review_of_a_teacher_per_author",
            ),
        ]

    def __str__(self):
        return f"{self.rating}/5 for {self.subject} in {self.class_offer}"

    @property
    def subject(self):
        """What the review is about, in the school's words: "the class", "Ann Lee", "the school"."""
        if self.target == self.Target.TEACHER:
            return str(self.teacher)
        return self.get_target_display().lower()

    @property
    def signed_by(self):
        """The author, for a signed review; nobody, for an anonymous one."""
        return self.author if self.signed else None

    def editable_until(self):
        return self.created_at + EDITABLE_FOR

    def is_editable(self, now=None):
        return (now or timezone.now()) < self.editable_until()
