"""The forms of a person's settings page (/account/settings/). Each saves only its own fields, so that one
form sent from an old tab leaves what the other changed alone."""

from django import forms

from .models import User
from .photos import NOT_A_PHOTO, photo_to_keep


class OwnFieldsForm(forms.ModelForm):
    def save(self):
        user = super().save(commit=False)
        user.save(update_fields=self._meta.fields)
        return user


class ProfileForm(OwnFieldsForm):
    """What the school and classmates know a person by: name, dance role, pronouns and an optional photo."""

    photo = forms.ImageField(
        label="Photo (optional)",
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text="A JPEG, PNG or WebP picture of at most 5 MB, so that your teachers can put a face to your name.",
        error_messages={"invalid_image": NOT_A_PHOTO},
    )
    remove_photo = forms.BooleanField(label="Remove my photo", required=False)

    class Meta:
        model = User
        fields = ["first_name", "last_name", "preferred_dance_role", "pronouns", "photo"]
        widgets = {"preferred_dance_role": forms.RadioSelect}
        labels = {"preferred_dance_role": "Preferred dance role", "pronouns": "Pronouns (optional)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        self.fields["pronouns"].widget.attrs["placeholder"] = "she/her, he/him, they/them…"
        self.photo_before = self.instance.photo.name

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if "photo" not in self.changed_data or not upload:
            return upload  # no new picture: the one kept stays
        return photo_to_keep(upload)

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("remove_photo") and "photo" not in self.changed_data:
            cleaned_data["photo"] = False  # what a FileField takes as "clear it"
        return cleaned_data

    def save(self):
        user = super().save()
        if self.photo_before and user.photo.name != self.photo_before:
            # A photo replaced or removed is gone, not left behind in the media folder.
            user.photo.storage.delete(self.photo_before)
        return user


class EmailPreferencesForm(OwnFieldsForm):
    """Which of the school's emails a person wants."""

    class Meta:
        model = User
        fields = ["email_weekly_class", "email_class_announcements", "email_promotions"]
