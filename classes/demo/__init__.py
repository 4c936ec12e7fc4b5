"""The demo school's catalogue, schedule, students and their attendance (`manage.py load_demo_school`)."""

from .attendance import build_attendance
from .catalogue import build_catalogue
from .levels import build_level_overrides
from .reviews import build_reviews
from .schedule import build_schedule
from .students import build_registrations, student_to_try
from .teaching import build_class_notes

__all__ = [
    "build_attendance",
    "build_catalogue",
    "build_class_notes",
    "build_level_overrides",
    "build_registrations",
    "build_reviews",
    "build_schedule",
    "student_to_try",
]
