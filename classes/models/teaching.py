from django.db import models
from wagtail.fields import RichTextField
from wagtail.models import RevisionMixin


class ClassNotes(RevisionMixin, models.Model):
    """What the teachers of a class write down during its run (DESIGN §6): one text per class offer, every saved
    version kept as a Wagtail revision with who wrote it and when (classes.services.notes)."""

    class_offer = models.OneToOneField("classes.ClassOffer", on_delete=models.CASCADE, related_name="notes")
    body = RichTextField(blank=True, features=["h3", "bold", "italic", "ol", "ul", "link"])
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "class notes"
        verbose_name_plural = "class notes"

    def __str__(self):
        return f"Notes of {self.class_offer}"
