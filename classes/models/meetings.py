from django.conf import settings
from django.db import models
from django.utils import timezone


class ClassMeetingQuerySet(models.QuerySet):
    def held(self, on=None):
        """Meetings on or before a day (today)."""
        return self.filter(date__lte=on or timezone.localdate())


class ClassMeeting(models.Model):
    """One meeting of a class offer: class number `number` meets on `date`.

    The dates follow from the session, its skip dates, the class's day and its subject's weeks
    (ClassOffer.meeting_dates, DESIGN §3.2); they are stored so that queries can ask what was released on
    the day of class 3 (resources.access) or which meeting a check-in is for. classes.services.meetings keeps
    them in step with every change to what they follow from.
    """

    class_offer = models.ForeignKey("classes.ClassOffer", on_delete=models.CASCADE, related_name="meetings")
    number = models.PositiveSmallIntegerField()
    date = models.DateField()
    # What "on the day of the last class" and "class 9 of a class of 5" release on (resources.access).
    is_last = models.BooleanField(default=False)

    objects = ClassMeetingQuerySet.as_manager()

    class Meta:
        ordering = ["class_offer", "number"]
        constraints = [
            models.UniqueConstraint(fields=["class_offer", "number"], name="one_meeting_per_class_number"),
        ]
        indexes = [models.Index(fields=["class_offer", "date"])]

    def __str__(self):
        return f"{self.class_offer}, class {self.number} ({self.date:%b %-d})"


class Attendance(models.Model):
    """Whether a registered student came to one meeting, as the teacher or front desk checked them in: one mark
    per registration and meeting, changed in place (classes.services.attendance)."""

    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        LATE = "late", "Late"
        EXCUSED = "excused", "Excused"
        ABSENT = "absent", "Absent"

    # Who came to the class: on time or late. Excused and absent students missed it.
    CAME = [Status.PRESENT, Status.LATE]

    registration = models.ForeignKey("classes.Registration", on_delete=models.CASCADE, related_name="attendance")
    meeting = models.ForeignKey(ClassMeeting, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PRESENT)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, help_text="When the mark was last set.")

    class Meta:
        ordering = ["meeting__date"]
        verbose_name_plural = "attendance"
        constraints = [
            models.UniqueConstraint(fields=["registration", "meeting"], name="one_check_in_per_meeting"),
        ]
        permissions = [
            # The school's reports of attendance, retention and level progression (classes.admin.reports).
            ("view_school_reports", "Can see the attendance, retention and progression reports"),
            # Teachers check in the classes they teach (ClassOfferQuerySet.open_for_check_in_by); with this, any.
            ("check_in_any_class", "Can check in any class"),
        ]

    def __str__(self):
        return f"{self.registration.attendee}: {self.get_status_display().lower()} at {self.meeting}"

    @property
    def came(self):
        return self.status in self.CAME
