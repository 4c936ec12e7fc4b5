"""The class list's filter by level and day (/classes/?level=Lindy2&day=1).

It lives with the models because the classes index page renders the list itself (its route), and a
page model imports nothing from the app's views or forms.
"""

from django import forms

from .sessions import WEEKDAY_NAMES


class AnyChoiceField(forms.TypedChoiceField):
    """A filter's choice. A value that is not one of the choices, from an old link or a typo, means any."""

    def to_python(self, value):
        value = super().to_python(value)
        return value if self.valid_value(value) else ""


class ClassFilterForm(forms.Form):
    """Narrow the class list by level and by day. The choices are those of the classes listed
    (classes.models.cards.ListedClass: their `level` and `class_day`)."""

    level = AnyChoiceField(label="Level", required=False, empty_value=None)
    day = AnyChoiceField(label="Day", required=False, coerce=int, empty_value=None)

    def __init__(self, data, offers):
        super().__init__(data)
        levels = sorted(
            {offer.level for offer in offers},
            key=lambda level: (level.rank is None, level.rank or 0, level.name),
        )
        days = sorted({offer.class_day for offer in offers})
        self.fields["level"].choices = [("", "All levels"), *((level.code, level.name) for level in levels)]
        self.fields["day"].choices = [("", "Any day"), *((day, WEEKDAY_NAMES[day]) for day in days)]

    @property
    def choices_made(self):
        """The level code and the day number chosen, each None for any."""
        self.is_valid()  # always: a value that is not a choice means any
        return self.cleaned_data["level"], self.cleaned_data["day"]

    @property
    def is_filtering(self):
        return self.choices_made != (None, None)

    def filter(self, offers):
        level, day = self.choices_made
        return [
            offer
            for offer in offers
            if (level is None or offer.level.code == level) and (day is None or offer.class_day == day)
        ]
