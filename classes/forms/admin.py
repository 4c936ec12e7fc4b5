from django import forms
from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.rich_text import DraftailRichTextArea

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


# What the notes editor hands over when what was posted isn't the editor's (a broken page, a hand-made request).
UNREADABLE = object()


class NotesEditor(DraftailRichTextArea):
    def value_from_datadict(self, data, files, name):
        try:
            return super().value_from_datadict(data, files, name)
        except (ValueError, KeyError, TypeError, AttributeError):
            return UNREADABLE

    def format_value(self, value):
        return super().format_value("" if value is UNREADABLE else value)


class NotesField(forms.CharField):
    def to_python(self, value):
        if value is UNREADABLE:
            raise ValidationError("The notes didn't come through from the editor: reload the page and write again.")
        return super().to_python(value)


class ClassNotesForm(forms.Form):
    """A class's running notes, in the same rich text editor as the class plan."""

    body = NotesField(
        label="Notes",
        required=False,
        widget=NotesEditor(features=ClassNotes._meta.get_field("body").features),
        help_text="What you taught, what to review next week, who needs a hand. Saving keeps a new version.",
    )
