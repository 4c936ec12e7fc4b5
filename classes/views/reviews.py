"""A student's reviews (DESIGN §5): /account/reviews/, the classes they may review and what they wrote, and
/account/reviews/<class offer>/, one form for the class, each of its teachers and the school."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from accounts.sections import AccountSection
from classes.forms.account import ReviewForm
from classes.models import Review
from classes.models.offers import teachers_with_pages
from classes.services.reviews import (
    ReviewError,
    classes_attended,
    review_targets,
    reviews_by_target,
    write_reviews,
)


@login_required
def reviews(request):
    return TemplateResponse(request, "classes/account/reviews.html", reviews_page(request.user))


def reviews_page(student):
    """What the student's reviews page shows: the classes they may still review, and what they wrote, with the
    school's replies."""
    now = timezone.now()
    written = list(Review.objects.filter(author=student).for_listing())
    for review in written:
        review.editable = review.is_editable(now)
    attended = classes_attended(student).prefetch_related(teachers_with_pages())
    return {
        "student": student,
        "to_review": [offer for offer in attended if not offer.reviewed],
        "written": written,
        "account_url": reverse("account_home"),
    }


@login_required
def review_class(request, pk):
    """A class the student attended (anyone else's, or one they didn't, is a 404): only what they fill in is
    saved, and a review past its 30 days is shown but not changed."""
    class_offer = get_object_or_404(classes_attended(request.user).prefetch_related(teachers_with_pages()), pk=pk)
    now = timezone.now()
    written = reviews_by_target(request.user, class_offer)
    forms = [
        ReviewForm(
            request.POST if request.method == "POST" else None,
            target=target,
            teacher=teacher,
            review=written.get((target, teacher.pk if teacher else None)),
            now=now,
        )
        for target, teacher in review_targets(class_offer)
    ]
    problem = None
    if request.method == "POST":
        valid = [form.is_valid() for form in forms]  # every form checked, so that each shows its own errors
        if all(valid):
            problem = write_filled_in(request.user, class_offer, forms, now)
            if problem is None:
                messages.success(request, f"Thank you: your review of {class_offer.subject.title} is saved.")
                return redirect("account_reviews")
    return TemplateResponse(
        request, "classes/account/review_class.html", {"class_offer": class_offer, "forms": forms, "problem": problem}
    )


def write_filled_in(author, class_offer, forms, now):
    """Write the reviews the forms were filled in with: what stopped it, or None."""
    to_save = [form for form in forms if form.is_to_save()]
    if not to_save:
        return "Choose a rating for the class, a teacher or the school to save a review."
    filled_in = [{"target": form.target, "teacher": form.teacher, **form.cleaned_data} for form in to_save]
    try:
        write_reviews(author=author, class_offer=class_offer, reviews=filled_in, now=now)
    except ReviewError as refusal:
        return refusal.message
    return None


class ReviewsSection(AccountSection):
    """The classes you attended and haven't reviewed yet, and the way to the reviews you wrote: shown once you've
    attended a class."""

    template_name = "classes/account/reviews_section.html"
    order = 60

    @cached_property
    def attended(self):
        return list(classes_attended(self.user))

    @property
    def waiting(self):
        return [offer for offer in self.attended if not offer.reviewed]

    def is_shown(self):
        return bool(self.attended)
