from django import forms
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.rich_text import get_rich_text_editor_widget

from classes.models import ClassNotes


class SessionForm(WagtailAdminModelForm):
    """The admin's session form, which checks the session's dates with the skip dates being entered."""

    def _post_clean(self):
        # Session.clean() works out when the session ends, and a skip date moves the end a week later.
        # Django validates the session before the skip dates below it are applied, so apply them first
        # (in memory only: nothing is saved until the whole form is valid).
        skip_dates = self.formsets["skip_dates"]
        if skip_dates.is_valid():
            skip_dates.instance = self.instance
            skip_dates.save(commit=False)
        super()._post_clean()


class ClassNotesForm(forms.Form):
    """A class's running notes, in the same rich text editor as the class plan."""

    body = forms.CharField(
        label="Notes",
        required=False,
        widget=get_rich_text_editor_widget(features=ClassNotes._meta.get_field("body").features),
        help_text="What you taught, what to review next week, who needs a hand. Saving keeps a new version.",
    )
