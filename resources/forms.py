from django import forms
from wagtail.admin.forms import WagtailAdminPageForm

from accounts.roles import is_admin
from classes.models import ClassOffer, SubjectPage


class ResourcePageForm(WagtailAdminPageForm):
    """The resource editor. A teacher attaches resources only to the subjects and class offers they teach
    (what else they are offered is all they may choose, so another teacher's class posted anyway is refused)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is not None and not is_admin(user):
            self.fields["subjects"].queryset = SubjectPage.objects.filter(class_offers__teachers=user).distinct()
            self.fields["class_offers"].queryset = ClassOffer.objects.filter(teachers=user)

    def clean(self):
        cleaned_data = super().clean()
        attached = cleaned_data.get("subjects") or cleaned_data.get("class_offers")
        for_classes = cleaned_data.get("audience") == self.instance.Audience.CLASS
        if for_classes and not attached and not self.has_error("subjects"):
            self.add_error(
                "subjects", forms.ValidationError("Choose the subjects or class offers whose students get it.")
            )
        return cleaned_data
