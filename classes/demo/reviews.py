"""Reviews from some of the demo school's students, of the classes they finished: the class, its teachers and the
school, mostly anonymous, a few signed."""

import datetime

from django.utils import timezone

from classes.models import Registration, Review

CLASS_WORDS = [
    (5, "Clear, patient teaching and a lot of dancing. I finally get the swing out."),
    (4, "Great class; the room was a bit crowded in week 2."),
    (5, "The review videos made practising at home easy."),
    (3, "Good material, but I'd have liked more time on each move."),
]
TEACHER_WORDS = [
    (5, "Explains the lead and the follow equally well."),
    (4, "Fun, energetic, and always had time for questions."),
]
SCHOOL_WORDS = [(5, "The friendliest school in town."), (4, "Easy to register and pay; lovely studios.")]


def build_reviews(today=None):
    """Made once: one student in eight of a finished class reviews it, two days after its last meeting."""
    today = today or timezone.localdate()
    if Review.objects.exists():
        return
    finished = (
        Registration.objects.filter(
            status=Registration.Status.CONFIRMED,
            class_offer__meetings__is_last=True,
            class_offer__meetings__date__lt=today - datetime.timedelta(days=2),
        )
        .select_related("attendee", "class_offer__subject")
        .prefetch_related("class_offer__teachers", "class_offer__meetings")
        .order_by("pk")
    )
    reviews = []
    for number, registration in enumerate(finished[::8]):
        offer, author = registration.class_offer, registration.attendee
        last_meeting = max(meeting.date for meeting in offer.meetings.all())
        written = timezone.make_aware(
            datetime.datetime.combine(last_meeting + datetime.timedelta(days=2), datetime.time(20))
        )
        signed = number % 4 == 0
        rating, text = CLASS_WORDS[number % len(CLASS_WORDS)]
        review = {
            "author": author,
            "class_offer": offer,
            "signed": signed,
            "created_at": written,
            "updated_at": written,
        }
        reviews.append(Review(target=Review.Target.CLASS, rating=rating, text=text, **review))
        for teacher in list(offer.teachers.all())[: number % 2 + 1]:
            rating, text = TEACHER_WORDS[number % len(TEACHER_WORDS)]
            reviews.append(Review(target=Review.Target.TEACHER, teacher=teacher, rating=rating, text=text, **review))
        if number % 3 == 0:
            rating, text = SCHOOL_WORDS[number % len(SCHOOL_WORDS)]
            reviews.append(Review(target=Review.Target.SCHOOL, rating=rating, text=text, **review))
    # Written at once: the demo's students attended these classes (the rules are classes.services.reviews).
    Review.objects.bulk_create(reviews)
