"""Building the schedule: copying a session's classes into the next one, and approving new classes."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from wagtail.log_actions import log

from classes.models import ClassOffer, Session


class NoNextSession(Exception):
    """There is no regular session to copy the classes into."""


@dataclass
class SkippedClass:
    class_offer: ClassOffer
    reason: str


@dataclass
class ClassCopyPlan:
    """What copying a session's classes would do, worked out before anything is saved."""

    from_session: Session
    to_session: Session
    to_copy: list[ClassOffer] = field(default_factory=list)
    skipped: list[SkippedClass] = field(default_factory=list)


@dataclass
class CopiedClasses:
    to_session: Session
    copied: list[ClassOffer]
    skipped: list[SkippedClass]


def plan_class_copy(from_session, to_session=None):
    """Which classes of a session can run again in the next regular session, and why the others can't."""
    to_session = to_session or from_session.next_regular()
    if to_session is None:
        raise NoNextSession(
            f"There is no regular session after {from_session.name} to copy its classes into. Add the next session "
            "first."
        )
    already_running = set(to_session.class_offers.values_list("subject_id", "class_day"))
    plan = ClassCopyPlan(from_session, to_session)
    for class_offer in (
        from_session.class_offers.select_related("subject", "location").prefetch_related("teachers").in_schedule_order()
    ):
        if (class_offer.subject_id, class_offer.class_day) in already_running:
            reason = f"{class_offer.subject.title} already runs on {class_offer.day_name}s in {to_session.name}."
            plan.skipped.append(SkippedClass(class_offer, reason))
        elif to_session.first_day_on(class_offer.class_day) is None:
            reason = f"{class_offer.day_name} is outside the days of {to_session.name}: {to_session.window_label}."
            plan.skipped.append(SkippedClass(class_offer, reason))
        else:
            plan.to_copy.append(class_offer)
    return plan


@transaction.atomic
def copy_class_offers(from_session, to_session=None, *, user=None):
    """Copy a session's classes into the next regular session (or `to_session`), each as a new draft.

    A copy keeps the subject, location, teachers, day, time, capacity, price and note. It goes live at
    once when the school assumes classes are approved; otherwise it waits for an admin's approval.
    """
    plan = plan_class_copy(from_session, to_session)
    copied = [_copy_class_offer(class_offer, plan.to_session, user) for class_offer in plan.to_copy]
    return CopiedClasses(plan.to_session, copied, plan.skipped)


def _copy_class_offer(class_offer, to_session, user):
    copy = ClassOffer(
        subject=class_offer.subject,
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
    if publish_if_approval_assumed(copy, user):
        return copy
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
