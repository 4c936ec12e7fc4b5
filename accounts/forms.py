from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminPageForm


class TeacherPageForm(WagtailAdminPageForm):
    """A teacher's profile form. Only those who manage accounts choose whose profile a page is;
    a teacher writing their own profile is its teacher."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "teacher" not in self.fields and self.instance.teacher_id is None:
            self.instance.teacher = self.for_user

    def clean(self):
        cleaned_data = super().clean()
        others = type(self.instance).objects.filter(teacher=self.instance.teacher_id).exclude(pk=self.instance.pk)
        if "teacher" not in self.fields and others.exists():
            raise ValidationError("You already have a profile page: edit that one instead.")
        return cleaned_data
