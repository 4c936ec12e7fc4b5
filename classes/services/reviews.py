"""Reviews (DESIGN §5): who may review which class, and writing what they think.

A student may review a class they attended: a confirmed registration in a class offer that has met at least once
by today and, where the teacher recorded attendance for that registration, at which they came (on time or late) at least
once. They review the class, each of its teachers and the school, once each, and may change a review for 30 days
after first writing it (classes.models.reviews.EDITABLE_FOR).

Writing a review is not written in the audit trail: an entry names who made it, and a review is anonymous unless
its author signs it. The school's reply is written there (by the admin who wrote it), and mailed to the author by a
task, so that whoever replies never handles the author's address.
"""

from collections import defaultdict

from django.db import transaction
from django.db.models import Avg, Count, Exists, OuterRef
from django.utils import timezone

from classes.models import Attendance, ClassMeeting, ClassOffer, Registration, Review
from classes.models.reviews import EDITABLE_FOR
from classes.notifications import reply_to_review_after_commit
from hepcat.audit import record

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


class ReviewAverages:
    """The average rating (and how many) of a teacher's reviews per target, over all their classes and per class."""

    TARGETS = [Review.Target.CLASS, Review.Target.TEACHER, Review.Target.SCHOOL]

    def __init__(self, reviews):
        rows = reviews.order_by().values("class_offer", "target").annotate(average=Avg("rating"), count=Count("pk"))
        self.per_class = defaultdict(dict)
        totals = defaultdict(lambda: [0, 0])
        for row in rows:
            self.per_class[row["class_offer"]][row["target"]] = (row["average"], row["count"])
            totals[row["target"]][0] += row["average"] * row["count"]
            totals[row["target"]][1] += row["count"]
        self.overall = [(target, *averaged(*totals[target])) for target in self.TARGETS]
        offers = ClassOffer.objects.filter(pk__in=self.per_class).select_related("subject", "session")
        self.classes = [
            (offer, [self.per_class[offer.pk].get(target, (None, 0)) for target in self.TARGETS])
            for offer in offers.order_by("-session__key_day_date", "class_day", "start_time")
        ]


def averaged(total, count):
    return (total / count if count else None), count


@transaction.atomic
def reply_to_review(review, text, *, by, now=None):
    """The school answers a review: the reply is kept with the review, shown in the author's account and mailed
    to them, anonymous review or not. Replying again replaces the reply and mails the new one."""
    text = text.strip()
    if not text:
        raise ReviewError("Write a reply to send.")
    review.reply, review.replied_by, review.replied_at = text, by, now or timezone.now()
    review.save(update_fields=["reply", "replied_by", "replied_at"])
    record(review, "classes.review.replied", by=by, subject=review.subject, class_offer=review.class_offer)
    reply_to_review_after_commit(review)
    return review
