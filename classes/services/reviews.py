"""Reviews (DESIGN §5): who may review which class, and writing what they think.

A student may review a class they attended: a confirmed registration in a class offer that has met at least once
by today and, where the teacher recorded attendance for that registration, at which they came (on time or late) at least
once. They review the class, each of its teachers and the school, once each, and may change a review for 30 days
after first writing it (classes.models.reviews.EDITABLE_FOR).

Writing a review is not written in the audit trail: an entry names who made it, and a review is anonymous unless
its author signs it.
"""

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from classes.models import Attendance, ClassMeeting, ClassOffer, Registration, Review
from classes.models.reviews import EDITABLE_FOR

from .locking import lock_person


class ReviewError(Exception):
    """A review that can't be written; the message says why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def attended_registrations(user, on=None):
    """The student's registrations in classes they attended by a day (today)."""
    met = ClassMeeting.objects.held(on).filter(class_offer=OuterRef("class_offer"))
    checked_in = Attendance.objects.filter(registration=OuterRef("pk"))
    came = Exists(checked_in.filter(status__in=Attendance.CAME)) | ~Exists(checked_in)
    return Registration.objects.filter(Exists(met), came, attendee=user, status=Registration.Status.CONFIRMED)


def classes_attended(user, on=None):
    """The class offers the student attended by a day (today), the latest first, each marked `reviewed` once the
    student has written a review of it."""
    theirs = Review.objects.filter(author=user, class_offer=OuterRef("pk"))
    return (
        ClassOffer.objects.filter(pk__in=attended_registrations(user, on).values("class_offer"))
        .annotate(reviewed=Exists(theirs))
        .select_related("subject", "session")
        .order_by("-session__key_day_date", "class_day", "start_time")
    )


def may_review(user, class_offer, on=None):
    return user.is_authenticated and attended_registrations(user, on).filter(class_offer=class_offer).exists()


def review_targets(class_offer):
    """What a student of the class reviews, in order: the class, each of its teachers, the school (as
    (target, teacher) pairs)."""
    Target = Review.Target
    return [
        (Target.CLASS, None),
        *((Target.TEACHER, teacher) for teacher in class_offer.teachers.all()),
        (Target.SCHOOL, None),
    ]


def reviews_by_target(author, class_offer):
    """The author's reviews of the class, keyed by (target, teacher's id)."""
    reviews = Review.objects.filter(author=author, class_offer=class_offer).select_related("teacher")
    return {(review.target, review.teacher_id): review for review in reviews}


@transaction.atomic
def write_review(*, author, class_offer, target, teacher=None, rating, text="", signed=False, now=None):
    """Write the author's review of `target` (the class, `teacher`, the school) in the class offer, or change the
    one they wrote while it is still open to changes."""
    now = now or timezone.now()
    lock_person(author)
    if not may_review(author, class_offer, on=timezone.localdate(now)):
        raise ReviewError("You can review a class once you have attended it.")
    if target == Review.Target.TEACHER and (teacher is None or not class_offer.teachers.filter(pk=teacher.pk).exists()):
        raise ReviewError(f"{teacher or 'Nobody'} doesn't teach {class_offer.subject.title}.")
    teacher = teacher if target == Review.Target.TEACHER else None
    review = Review.objects.filter(author=author, class_offer=class_offer, target=target, teacher=teacher).first()
    if review is None:
        review = Review(author=author, class_offer=class_offer, target=target, teacher=teacher, created_at=now)
    elif not review.is_editable(now):
        raise ReviewError(
            f"Your review of {review.subject} can no longer be changed: "
            f"it was written more than {EDITABLE_FOR.days} days ago."
        )
    review.rating, review.text, review.signed, review.updated_at = rating, text.strip(), signed, now
    review.full_clean()
    review.save()
    return review


@transaction.atomic
def write_reviews(*, author, class_offer, reviews, now=None):
    """Write several of the author's reviews of the class (dicts of write_review's other arguments): all, or if
    one is refused, none."""
    return [write_review(author=author, class_offer=class_offer, now=now, **review) for review in reviews]
