from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


class LevelOverride(models.Model):
    """An admin's word that a student dances at a level they did not complete here (experience from elsewhere): they
    count as having completed it and every lower-ranked level (classes.progress)."""

    student = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="level_override",
        error_messages={"unique": "This student's level is set by hand already: change that one instead."},
    )
    level = models.ForeignKey(
        "classes.Level",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"rank__isnull": False},
        help_text="The student counts as having completed this level and every level below it.",
    )
    reason = models.TextField(help_text="Why, for the record: where they learnt, who saw them dance.")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-set_at"]

    def __str__(self):
        return f"{self.student}: {self.level}"

    def clean(self):
        if self.level_id and self.level.rank is None:
            raise ValidationError({"level": "Pick a level of the progression (one with a rank)."})
