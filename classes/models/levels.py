from collections import Counter

from django.core.exceptions import ValidationError
from django.db import models

VERSIONS = ["A", "B", "C", "D"]
VERSION_CHOICES = [(version, version) for version in VERSIONS] + [("NA", "NA (one-off subject)")]


def parse_completion_rule(rule):
    """ "A|C,B|D" → [{"A", "C"}, {"B", "D"}]: groups separated by commas, alternatives by "|"."""
    if not rule.strip():
        return []
    groups = [{version.strip().upper() for version in group.split("|")} for group in rule.split(",")]
    for group in groups:
        unknown = sorted(group - set(VERSIONS))
        if unknown:
            shown = ", ".join(f"“{version}”" if version else "an empty version" for version in unknown)
            raise ValidationError(
                f"{shown} in “{rule}” is not a version: use A, B, C or D. Separate groups with commas and "
                "alternatives with |, for example A|C,B|D."
            )
    seen = Counter(version for group in groups for version in group)
    repeated = sorted(version for version, count in seen.items() if count > 1)
    if repeated:
        raise ValidationError(f"Version {', '.join(repeated)} appears in more than one group of “{rule}”.")
    return groups


def validate_completion_rule(rule):
    parse_completion_rule(rule)


class Level(models.Model):
    """How far along a class is: Beginning, Lindy 2, ... or a category outside the progression."""

    name = models.CharField(max_length=60, unique=True)
    code = models.CharField(max_length=12, unique=True, help_text="A short name, e.g. “Beg”.")
    rank = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Higher is more advanced. Leave blank for workshops, special focus, private lessons and other "
        "classes outside the progression.",
    )
    completion_rule = models.CharField(
        max_length=60,
        blank=True,
        validators=[validate_completion_rule],
        help_text="Which versions complete the level: groups separated by commas, alternatives by |. "
        "“A|C,B|D” means one class of version A or C and one of B or D.",
    )

    class Meta:
        ordering = [models.F("rank").asc(nulls_last=True), "name"]

    def __str__(self):
        return self.name

    @property
    def in_progression(self):
        return self.rank is not None

    def times_completed(self, classes_by_version):
        """How many disjoint times the classes taken (a count per version) satisfy the rule."""
        groups = parse_completion_rule(self.completion_rule)
        if not groups:
            return 0
        return min(sum(classes_by_version.get(version, 0) for version in group) for group in groups)
