"""The demo school's catalogue and schedule: levels, subjects, locations, sessions and classes.

The schedule is laid out around the day the demo is loaded (two past sessions, the one open
now, and the next, already published), and is built only once: a second run leaves the existing
schedule alone rather than adding sessions that would overlap it.
"""

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from home.demo_images import PALETTES, demo_image

from .models import ClassesIndexPage, ClassOffer, Level, Location, Session, SessionSkipDate, SubjectPage
from .models.sessions import WEEK

LEVELS = [
    ("Beginning", "Beg", Decimal(1), "A|C,B|D"),
    ("Lindy 2", "L2", Decimal(2), "A,B,C,D"),
    ("Lindy 3", "L3", Decimal(3), "A,B,C,D"),
    ("Workshop", "WS", None, ""),
    ("Special Focus", "SF", None, ""),
]

LOCATIONS = [
    ("Capitol Hill Studio", "1530 E Pine St", "98122"),
    ("Ballard Dance Loft", "5320 Ballard Ave NW", "98107"),
    ("Columbia City Ballroom", "4916 Rainier Ave S", "98118"),
]

# (title, level, version, weeks, tagline, description)
SUBJECTS = [
    (
        "Beginning Lindy Hop A",
        "Beginning",
        "A",
        5,
        "Your first swing outs",
        "Start here: the basic rhythms, the swing out, and how to lead and follow them with a partner.",
    ),
    (
        "Beginning Lindy Hop B",
        "Beginning",
        "B",
        5,
        "Charleston and kicks",
        "Partnered Charleston, kicks and the joy of dancing fast, built on the basics.",
    ),
    (
        "Beginning Lindy Hop C",
        "Beginning",
        "C",
        5,
        "Six-count rhythms and turns",
        "Six-count moves, inside and outside turns and smooth transitions from open to closed.",
    ),
    (
        "Beginning Lindy Hop D",
        "Beginning",
        "D",
        5,
        "Circles and connection",
        "Lindy circles, the feel of momentum and a connection you can trust.",
    ),
    (
        "Lindy 2 A",
        "Lindy 2",
        "A",
        5,
        "Swing out variations",
        "Take the swing out apart and put it back together a dozen different ways.",
    ),
    (
        "Lindy 2 B",
        "Lindy 2",
        "B",
        5,
        "Tandem Charleston",
        "Tandem and hand-to-hand Charleston with clean switches between them.",
    ),
    (
        "Lindy 2 C",
        "Lindy 2",
        "C",
        5,
        "Musicality: breaks and hits",
        "Hear the breaks coming, hit them together, and phrase your dancing with the band.",
    ),
    (
        "Lindy 2 D",
        "Lindy 2",
        "D",
        5,
        "Swing outs from closed",
        "Entries and exits from closed position, and the swing out from closed.",
    ),
    (
        "Lindy 3 A",
        "Lindy 3",
        "A",
        5,
        "Swivels and stretch",
        "Swivels, stretch and the stylish details that make a swing out yours.",
    ),
    (
        "Lindy 3 B",
        "Lindy 3",
        "B",
        5,
        "Improvisation",
        "Leave the patterns behind: lead and follow ideas on the fly, in rhythm.",
    ),
    (
        "Solo Jazz: The Shim Sham",
        "Special Focus",
        "NA",
        4,
        "The line dance of swing",
        "Learn the Shim Sham and the classic jazz steps inside it, so you can join in at every dance.",
    ),
    (
        "Follow's Styling",
        "Special Focus",
        "NA",
        4,
        "Your voice on the floor",
        "Styling, swivels and playful footwork for follows of every level above Beginning.",
    ),
    (
        "Balboa Weekend",
        "Workshop",
        "NA",
        1,
        "Small steps, fast music",
        "A weekend introduction to Balboa, the close-embrace dance for the fastest swing music.",
    ),
]

# The weekly schedule of a regular session: (day, start, subject of that day, location, capacity).
# Subjects named by level rotate through their versions from one session to the next.
WEEKLY_SCHEDULE = [
    (1, datetime.time(19, 0), "Beginning", 0, 24),
    (1, datetime.time(20, 15), "Lindy 2", 0, 24),
    (1, datetime.time(19, 0), "Solo Jazz: The Shim Sham", 2, 20),
    (2, datetime.time(19, 0), "Beginning+1", 1, 24),
    (2, datetime.time(20, 15), "Lindy 2+1", 1, 24),
    (2, datetime.time(20, 15), "Lindy 3", 2, 16),
    (3, datetime.time(19, 0), "Beginning+2", 0, 24),
    (3, datetime.time(20, 15), "Lindy 2+2", 0, 24),
    (3, datetime.time(19, 0), "Lindy 3+1", 1, 8),
    (3, datetime.time(20, 15), "Follow's Styling", 2, 16),
]

TEACHER_PAIRS = [(0, 1), (4, 0), (2,), (1, 4), (3, 2), (1, 0), (0, 3), (4, 1), (1, 4), (2,)]


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
    for number, (title, level, version, weeks, tagline, description) in enumerate(SUBJECTS):
        subjects[title] = _subject(index, number, title, levels[level], version, weeks, tagline, description)
    return subjects, locations


def build_schedule(subjects, locations, teachers, today=None):
    """Two past sessions, the one open for sign-up now, a workshop weekend, and the next session."""
    if Session.objects.exists():
        return
    today = today or timezone.localdate()
    key_day = today - datetime.timedelta(days=(today.weekday() - 3) % 7)  # this week's Thursday, or last week's
    for number, weeks_back in enumerate([10, 5, 0]):
        session = _session(key_day - WEEK * weeks_back)
        _schedule_classes(session, number, subjects, locations, teachers)

    weekend = Session.objects.create(
        name=f"Balboa Weekend {key_day + datetime.timedelta(days=9):%B %Y}",
        slug=slugify(f"balboa-weekend-{key_day + datetime.timedelta(days=9):%B-%Y}"),
        key_day_date=key_day + datetime.timedelta(days=9),
        max_day_shift=1,
        num_weeks=1,
        publish_date=today - datetime.timedelta(days=3),
    )
    _class_offer(weekend, subjects["Balboa Weekend"], 5, datetime.time(13, 0), locations[1], 30, [teachers[3]])

    following = Session(**Session.next_defaults())
    following.publish_date = today - datetime.timedelta(days=1)  # published early: the upcoming session is listed
    following.save()
    SessionSkipDate.objects.create(session=following, date=following.key_day_date + WEEK, reason="Studio holiday")
    _schedule_classes(following, 3, subjects, locations, teachers, drafts=1)


def _level(name, code, rank, rule):
    level, _ = Level.objects.get_or_create(name=name, defaults={"code": code, "rank": rank, "completion_rule": rule})
    return level


def _location(name, address, postcode):
    location, _ = Location.objects.get_or_create(name=name, defaults={"address": address, "postcode": postcode})
    return location


def _subject(index, number, title, level, version, weeks, tagline, description):
    slug = slugify(title)
    existing = SubjectPage.objects.filter(slug=slug).first()
    if existing:
        return existing
    palettes = list(PALETTES)
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
        image=demo_image(f"{title} class", palettes[number % len(palettes)], seed=200 + number, size=(960, 540)),
        full_price=Decimal("150.00") if level.name == "Workshop" else Decimal("95.00"),
        qualifies_for_multi_discount=level.name != "Workshop",
        syllabus=f"<p>Week by week plan for {title}: warm-up, review, new material, social practice.</p>",
        class_plan="<p>Warm up 10 min; review 15; new material 25; practice to two songs.</p>",
    )
    index.add_child(instance=subject)
    subject.save_revision().publish()
    return subject


def _session(key_day):
    previous = Session.objects.regular().order_by("-key_day_date").first()
    name = f"{key_day:%B %Y}"
    return Session.objects.create(
        name=name,
        slug=slugify(name),
        key_day_date=key_day,
        max_day_shift=-2,
        num_weeks=5,
        publish_date=previous.expire_date if previous else key_day - datetime.timedelta(days=21),
    )


def _versioned_subject(subjects, entry, session_number):
    """ "Lindy 2+1" is the Lindy 2 subject one version further along in this session's rotation."""
    level_name, _, step = entry.partition("+")
    if level_name in subjects:
        return subjects[level_name]
    versions = [subject for subject in subjects.values() if subject.level.name == level_name]
    return versions[(session_number + int(step or 0)) % len(versions)]


def _schedule_classes(session, number, subjects, locations, teachers, drafts=0):
    for position, (day, start, entry, location, capacity) in enumerate(WEEKLY_SCHEDULE):
        class_teachers = [teachers[index] for index in TEACHER_PAIRS[position]]
        draft = position >= len(WEEKLY_SCHEDULE) - drafts
        subject = _versioned_subject(subjects, entry, number)
        _class_offer(session, subject, day, start, locations[location], capacity, class_teachers, draft=draft)


def _class_offer(session, subject, day, start, location, capacity, teachers, draft=False):
    offer = ClassOffer(
        subject=subject, session=session, location=location, class_day=day, start_time=start, capacity=capacity
    )
    offer.live = not draft
    offer.teachers.set(teachers)
    offer.save()
    revision = offer.save_revision()
    if not draft:
        revision.publish()
    return offer
