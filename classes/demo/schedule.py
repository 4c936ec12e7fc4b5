"""The demo school's schedule, laid out around the day the demo is loaded: two past sessions, the one open
now, a workshop weekend and the next, already published. Built only once: a second run leaves the
existing schedule alone rather than adding sessions that would overlap it."""

import datetime

from django.utils import timezone
from django.utils.text import slugify

from classes.models import ClassOffer, Session, SessionSkipDate
from classes.models.sessions import WEEK

from .data import TEACHER_PAIRS, WEEKLY_SCHEDULE


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
