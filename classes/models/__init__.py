from .levels import Level
from .locations import Location
from .offers import ClassOffer
from .sessions import Session, SessionSkipDate
from .subjects import ClassesIndexPage, SubjectPage

__all__ = ["ClassOffer", "ClassesIndexPage", "Level", "Location", "Session", "SessionSkipDate", "SubjectPage"]
