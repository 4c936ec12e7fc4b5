from .levels import Level
from .locations import Location
from .meetings import Attendance, ClassMeeting
from .offers import ClassOffer
from .progress import LevelOverride
from .registrations import (
    ONLINE_METHODS,
    Order,
    OrderAdjustment,
    Payment,
    PaymentMethod,
    ProcessorEvent,
    Refund,
    Registration,
)
from .reviews import Review
from .sessions import Session, SessionSkipDate
from .subjects import ClassesIndexPage, SubjectPage
from .teaching import ClassNotes

__all__ = [
    "ONLINE_METHODS",
    "Attendance",
    "ClassMeeting",
    "ClassNotes",
    "ClassOffer",
    "ClassesIndexPage",
    "Level",
    "LevelOverride",
    "Location",
    "Order",
    "OrderAdjustment",
    "Payment",
    "PaymentMethod",
    "ProcessorEvent",
    "Refund",
    "Registration",
    "Review",
    "Session",
    "SessionSkipDate",
    "SubjectPage",
]
