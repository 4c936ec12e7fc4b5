"""The demo school's catalogue: levels, locations and subjects (pages under /classes/)."""

from decimal import Decimal

from django.utils.text import slugify

from classes.models import ClassesIndexPage, Level, Location, SubjectPage
from home.demo_images import PALETTES, demo_image

from .data import LEVELS, LOCATIONS, SUBJECTS


def build_catalogue():
    levels = {name: _level(name, code, rank, rule) for name, code, rank, rule in LEVELS}
    locations = [_location(*location) for location in LOCATIONS]
    index = ClassesIndexPage.objects.get()
    if not index.introduction:
        index.introduction = (
            "<p>New class series start every five weeks. Pick any version of your level: versions teach "
            "different material at the same level, so take them in any order.</p>"
        )
        index.save_revision().publish()
    subjects = {}
    for title, level, version, weeks, tagline, description in SUBJECTS:
        subjects[title] = _subject(index, title, levels[level], version, weeks, tagline, description)
    return subjects, locations


def _level(name, code, rank, rule):
    level, _ = Level.objects.get_or_create(name=name, defaults={"code": code, "rank": rank, "completion_rule": rule})
    return level


def _location(name, address, postcode):
    location, _ = Location.objects.get_or_create(name=name, defaults={"address": address, "postcode": postcode})
    return location


def _picture(level):
    """The level's picture, which the versions of a level share (each picture is cut into every public rendition
    when it is saved, home.renditions)."""
    number = [name for name, *_ in LEVELS].index(level.name)
    palette = list(PALETTES)[number % len(PALETTES)]
    return demo_image(f"{level.name} class", palette, seed=200 + number, size=(960, 540))


def _subject(index, title, level, version, weeks, tagline, description):
    slug = slugify(title)
    existing = SubjectPage.objects.filter(slug=slug).first()
    if existing:
        return existing
    subject = SubjectPage(
        title=title,
        slug=slug,
        level=level,
        version=version,
        num_weeks=weeks,
        num_minutes=120 if level.name == "Workshop" else 60,
        tagline_1=tagline,
        short_description=description,
        description=[
            {"type": "paragraph", "value": f"<p>{description}</p>"},
            {
                "type": "paragraph",
                "value": "<p>No partner needed: we rotate partners throughout class. Wear comfortable shoes "
                "that turn easily. Review videos for every week are in your account.</p>",
            },
        ],
        image=_picture(level),
        full_price=Decimal("150.00") if level.name == "Workshop" else Decimal("95.00"),
        qualifies_for_multi_discount=level.name != "Workshop",
        syllabus=f"<p>Week by week plan for {title}: warm-up, review, new material, social practice.</p>",
        class_plan="<p>Warm up 10 min; review 15; new material 25; practice to two songs.</p>",
    )
    index.add_child(instance=subject)
    subject.save_revision().publish()
    return subject
