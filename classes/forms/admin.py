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


def subject_label(subject):
    """“Swing Outs (Lindy 2 B)”, or “Beginning B” when the title says the level."""
    beside = subject.level_beside_title
    return f"{subject.title} ({beside})" if beside else subject.title


class CopyClassesForm(forms.Form):
    """The copy page's choices: the subject each copy teaches (its next version to begin with) and, for those who
    may publish class offers, whether the copies go live at once."""

    publish = forms.BooleanField(
        required=False,
        label="Publish the copies now",
        help_text="They go live at once, approved on your behalf, instead of each waiting for an admin's approval.",
    )

    def __init__(self, *args, plan, subjects, may_publish, **kwargs):
        super().__init__(*args, **kwargs)
        self.subjects = {str(subject.pk): subject for subject in subjects}
        choices = [(pk, subject_label(subject)) for pk, subject in self.subjects.items()]
        self.lines = []
        for planned in plan.to_copy:
            name = f"subject_{planned.class_offer.pk}"
            initial = str(planned.subject.pk)
            self.fields[name] = forms.ChoiceField(
                label="Copy teaches", choices=choices, initial=initial, required=False
            )
            self.lines.append((planned, name))
        if not may_publish:
            del self.fields["publish"]

    def chosen_subjects(self):
        """The subject chosen for each class, by class offer id; where none is, the copy teaches the proposed one."""
        return {
            planned.class_offer.pk: self.subjects[self.cleaned_data[name]]
            for planned, name in self.lines
            if self.cleaned_data.get(name)
        }

    def line_fields(self):
        return [(planned, self[name]) for planned, name in self.lines]
