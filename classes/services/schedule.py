"""Building the schedule: copying a session's classes into the next one, and approving new classes."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy

from classes.models import ClassOffer, Session, SubjectPage
from classes.models.levels import VERSIONS

from .locking import lock_class_offers


class NoNextSession(Exception):
    """There is no regular session to copy the classes into."""


@dataclass
class SkippedClass:
    class_offer: ClassOffer
    reason: str


@dataclass
class PlannedCopy:
    """A class to be copied, and the subject its copy teaches."""

    class_offer: ClassOffer
    subject: SubjectPage


@dataclass
class ClassCopyPlan:
    """What copying a session's classes would do, worked out before anything is saved."""

    from_session: Session
    to_session: Session
    to_copy: list[PlannedCopy] = field(default_factory=list)
    skipped: list[SkippedClass] = field(default_factory=list)


@dataclass
class PublishedClasses:
    published: list[ClassOffer]
    not_published: list[SkippedClass]


@dataclass
class CopiedClasses:
    to_session: Session
    copied: list[ClassOffer]
    skipped: list[SkippedClass]
    published: PublishedClasses | None = None


def next_versions(subjects):
    """Each subject's next version, by subject id: the school rotates a level's versions (DESIGN §3.1) from one
    session to the next, Beginning A→B→C→D→A. The next version is the live subject of the same level with the
    next version the level has, wrapping around; a one-off subject (NA), or a level with no other version, keeps
    its subject. Two subjects of one level and version: the first in the page tree."""
    levels = {subject.level_id for subject in subjects if subject.version in VERSIONS}
    by_level = defaultdict(dict)
    for candidate in SubjectPage.objects.live().filter(level__in=levels, version__in=VERSIONS).order_by("path"):
        by_level[candidate.level_id].setdefault(candidate.version, candidate)
    following = {}
    for subject in subjects:
        if subject.version not in VERSIONS:
            following[subject.pk] = subject
            continue
        versions, at = by_level[subject.level_id], VERSIONS.index(subject.version)
        after = VERSIONS[at + 1 :] + VERSIONS[:at]
        following[subject.pk] = next((versions[version] for version in after if version in versions), subject)
    return following


def plan_class_copy(from_session, to_session=None, subjects=None):
    """Which classes of a session can run again in the next regular session, teaching which subject, and why the
    others can't. Each copy teaches its class's next version (`next_versions`) unless `subjects` (class offer id
    → subject) says otherwise."""
    to_session = to_session or from_session.next_regular()
    if to_session is None:
        raise NoNextSession(
            f"There is no regular session after {from_session.name} to copy its classes into. Add the next session "
            "first."
        )
    taken = set(to_session.class_offers.values_list("subject_id", "class_day"))
    plan = ClassCopyPlan(from_session, to_session)
    class_offers = list(
        from_session.class_offers.select_related("subject", "location").prefetch_related("teachers").in_schedule_order()
    )
    proposed = next_versions([class_offer.subject for class_offer in class_offers])
    for class_offer in class_offers:
        subject = (subjects or {}).get(class_offer.pk) or proposed[class_offer.subject_id]
        if (subject.pk, class_offer.class_day) in taken:
            reason = f"{subject.title} already runs on {class_offer.day_name}s in {to_session.name}."
            plan.skipped.append(SkippedClass(class_offer, reason))
        elif to_session.first_day_on(class_offer.class_day) is None:
            reason = f"{class_offer.day_name} is outside the days of {to_session.name}: {to_session.window_label}."
            plan.skipped.append(SkippedClass(class_offer, reason))
        else:
            taken.add((subject.pk, class_offer.class_day))
            plan.to_copy.append(PlannedCopy(class_offer, subject))
    return plan


@transaction.atomic
def copy_class_offers(from_session, to_session=None, *, user=None, subjects=None, publish=False):
    """Copy a session's classes into the next regular session (or `to_session`), each as a new draft of the
    subject the plan says (`plan_class_copy`).

    A copy keeps the location, teachers, day, time, capacity, price and note. It goes live at once when the
    school assumes classes are approved, or when `publish` says so and `user` may approve and publish it;
    otherwise it waits for an admin's approval.
    """
    plan = plan_class_copy(from_session, to_session, subjects)
    publish = publish and not settings.ASSUME_CLASS_APPROVE and may_publish_class_offers(user)
    copied = [_copy_class_offer(planned, plan.to_session, user, publish) for planned in plan.to_copy]
    published = approve_and_publish(copied, by=user) if publish else None
    return CopiedClasses(plan.to_session, copied, plan.skipped, published)


def may_publish_class_offers(user):
    return user is not None and ModelPermissionPolicy(ClassOffer).user_has_permission(user, "publish")


def _copy_class_offer(planned, to_session, user, publish):
    class_offer = planned.class_offer
    copy = ClassOffer(
        subject=planned.subject,
        session=to_session,
        location=class_offer.location,
        class_day=class_offer.class_day,
        start_time=class_offer.start_time,
        capacity=class_offer.capacity,
        price_override=class_offer.price_override,
        note=class_offer.note,
        live=False,
    )
    copy.teachers.set(class_offer.teachers.all())
    copy.save()
    revision = copy.save_revision(user=user)
    log(instance=copy, action="wagtail.create", user=user, revision=revision, content_changed=True)
    if publish_if_approval_assumed(copy, user) or publish:
        return copy  # published, or about to be: nobody is asked to approve it
    workflow = copy.get_workflow()
    if workflow:  # without one, the copy stays a draft for an admin to publish
        workflow.start(copy, user)
    return copy


def publish_if_approval_assumed(class_offer, user=None):
    """Put a new class offer live at once when the school assumes classes are approved (ASSUME_CLASS_APPROVE).

    Returns whether it was published. The setting stands in for the admin's approval, so the user
    who created the class offer needs no permission to publish.
    """
    if not settings.ASSUME_CLASS_APPROVE or ClassOffer.objects.filter(pk=class_offer.pk, live=True).exists():
        return False
    class_offer.get_latest_revision().publish(user=user, skip_permission_checks=True)
    return True


def approve_and_publish(class_offers, *, by):
    """Put class offers live as they were last saved: approve each one awaiting approval on `by`'s behalf (every
    step of its workflow `by` may approve), and publish each draft. Wagtail logs each approval and publication.

    A class offer stays as it is, with the reason, when `by` may not approve it or nothing of it awaits
    publishing. Each is done in a transaction of its own, so that one refused leaves the others published.
    """
    result = PublishedClasses([], [])
    for class_offer in class_offers:
        with transaction.atomic():
            # Locked, so that two admins publishing the same classes at once approve each of them once.
            [locked] = lock_class_offers([class_offer.pk])
            reason = _approve_and_publish(locked, by)
        if reason:
            result.not_published.append(SkippedClass(class_offer, reason))
        else:
            result.published.append(class_offer)
    return result


def _approve_and_publish(class_offer, user):
    """None once `class_offer` is live as last saved; otherwise why it isn't."""
    if class_offer.live and not class_offer.has_unpublished_changes:
        return f"{class_offer} is live already."
    if not class_offer.workflow_in_progress:
        if not may_publish_class_offers(user):
            return f"{class_offer} is a draft, and you may not publish class offers."
        class_offer.get_latest_revision().publish(user=user)
        return None
    while class_offer.workflow_in_progress:
        task_state = class_offer.current_workflow_task_state
        task = task_state.task.specific
        if "approve" not in {name for name, _label, _needs_form in task.get_actions(class_offer, user)}:
            return f"{class_offer} waits for “{task.name}”, which you may not approve."
        task.on_action(task_state, user, "approve")
        class_offer = ClassOffer.objects.get(pk=class_offer.pk)
    return None
