"""The forms of a student's own area: reviewing a class they attended, and closing their account."""

from django import forms

from classes.models import Review

RATINGS = [(number, str(number)) for number in range(1, 6)]


class ReviewForm(forms.Form):
    """The student's review of one target of a class: the class, one of its teachers, or the school. Left without a
    rating, nothing is saved for it. A review no longer open to changes is shown, not asked (`read_only`)."""

    rating = forms.TypedChoiceField(
        label="Your rating (1 = poor, 5 = excellent)",
        choices=RATINGS,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label="In your words (optional)",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    signed = forms.BooleanField(
        label="Sign it with my name",
        required=False,
        help_text="Unless you sign it, your review is anonymous: nobody sees who wrote it.",
    )

    def __init__(self, *args, target, teacher=None, review=None, now=None, **kwargs):
        self.target, self.teacher, self.review = target, teacher, review
        self.read_only = review is not None and not review.is_editable(now)
        prefix = f"teacher-{teacher.pk}" if teacher else target
        initial = {"rating": review.rating, "text": review.text, "signed": review.signed} if review else None
        super().__init__(*args, prefix=prefix, initial=initial, **kwargs)
        if self.read_only:
            for field in self.fields.values():
                field.disabled = True

    @property
    def heading(self):
        if self.teacher:
            return f"{self.teacher.get_full_name() or self.teacher}, your teacher"
        return "The class" if self.target == Review.Target.CLASS else "The school"

    def clean(self):
        data = super().clean()
        if data.get("rating") is None and not self.read_only:
            if self.review is not None:
                self.add_error("rating", "Your review keeps its rating: choose one from 1 to 5.")
            elif data.get("text") or data.get("signed"):
                self.add_error("rating", "Choose a rating from 1 to 5 to save this review.")
        return data

    def is_to_save(self):
        """Filled in, and open to changes."""
        return not self.read_only and self.cleaned_data.get("rating") is not None


class CloseAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To be sure it's you.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That isn't your password.")
        return password
