"""The demo school's catalogue, schedule and students (`manage.py load_demo_school`)."""

from .catalogue import build_catalogue
from .levels import build_level_overrides
from .reviews import build_reviews
from .schedule import build_schedule
from .students import build_registrations, student_to_try
from .teaching import build_class_notes

__all__ = [
    "build_catalogue",
    "build_class_notes",
    "build_level_overrides",
    "build_registrations",
    "build_reviews",
    "build_schedule",
    "student_to_try",
]
