from urllib.parse import urlencode

from django.db import models

from home.models import default_city, default_postcode, default_state

from .offers import ClassOffer


class LocationQuerySet(models.QuerySet):
    def with_current_classes(self):
        """Each location with `current_classes`: its public class offers, in schedule order."""
        current_classes = models.Prefetch(
            "class_offers",
            queryset=ClassOffer.objects.public()
            .select_related("subject", "subject__level", "session")
            .prefetch_related("session__skip_dates")
            .in_schedule_order(),
            to_attr="current_classes",
        )
        return self.prefetch_related(current_classes)


class Location(models.Model):
    """A studio or hall where classes meet."""

    name = models.CharField(max_length=120, unique=True)
    address = models.CharField(max_length=200)
    city = models.CharField(max_length=80, default=default_city)
    state = models.CharField(max_length=40, default=default_state)
    postcode = models.CharField(max_length=15, default=default_postcode)
    map_link = models.URLField(blank=True, help_text="Leave blank to link to a map search for the address.")

    objects = LocationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def full_address(self):
        return f"{self.address}, {self.city}, {self.state} {self.postcode}".strip()

    @property
    def map_url(self):
        return self.map_link or "https://www.openstreetmap.org/search?" + urlencode({"query": self.full_address})
