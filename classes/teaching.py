"""What a teacher sees of the classes they teach (DESIGN §6): which classes, each one's roster with every
student's experience (DESIGN §3.1), a student's class history, the class plan and syllabus with those of the
levels below, and how a version of the running notes differs from the plan. Admins see every class.

Who may see a class is decided in one place, `classes_open_to`: whatever lies outside it is a 404, so that a
teacher learns nothing of another teacher's class, its students or its notes."""

from collections import Counter
from dataclasses import dataclass, field

from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.safestring import mark_safe
from wagtail.admin.compare import diff_text

from accounts.models import DanceRole
from accounts.roles import is_admin, is_teacher
from classes.models import ClassMeeting, ClassOffer, Registration, SubjectPage
from classes.progress import roster_progress


def classes_open_to(user):
    """The class offers whose rosters, students, plans and notes a person may see: every class for an admin,
    the classes they teach for a teacher, none for anybody else (front desk, students, a former teacher)."""
    if is_admin(user):
        return ClassOffer.objects.all()
    if is_teacher(user):
        return ClassOffer.objects.taught_by(user)
    return ClassOffer.objects.none()


def my_classes(user, on=None):
    """The classes a person teaches that are running or still to start on a day (today), in schedule order,
    with their seats taken; an admin's list has every such class."""
    return list(classes_open_to(user).running_or_upcoming(on).for_listing().in_schedule_order())


@dataclass
class RosterLine:
    """One student of a class, as the teacher reads them: no money, ever (that is the admins' roster)."""

    registration: Registration
    synopsis: str
    first_time: bool
    position: int | None = None  # on the waitlist

    @property
    def student(self):
        return self.registration.attendee

    @property
    def attendance(self):
        """ "3 of 4": the classes they came to, of those they were checked in or out of; "" before any check."""
        registration = self.registration
        if not registration.classes_checked:
            return ""
        return f"{registration.classes_attended} of {registration.classes_checked}"


@dataclass
class Roster:
    class_offer: ClassOffer
    students: list[RosterLine]
    waitlist: list[RosterLine]
    roles: Counter = field(default_factory=Counter)

    @property
    def leads(self):
        return self.roles[DanceRole.LEAD]

    @property
    def follows(self):
        return self.roles[DanceRole.FOLLOW]

    @property
    def either(self):
        return self.roles[DanceRole.EITHER]


def class_roster(class_offer):
    """The students of a class with their experience, and its waitlist in the order a freed seat is offered, in
    a fixed number of queries however many students it has."""
    registrations = list(
        class_offer.registrations.filter(status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED])
        .with_attendance()
        .select_related("attendee")
        .order_by("created_at", "pk")
    )
    people = [registration.attendee for registration in registrations]
    progress = roster_progress(people)
    returning = came_before(people, class_offer)
    lines = [
        RosterLine(
            registration=registration,
            synopsis=progress[registration.attendee_id].synopsis,
            first_time=registration.attendee_id not in returning,
        )
        for registration in registrations
    ]
    students = sorted(
        (line for line in lines if line.registration.status == Registration.Status.CONFIRMED),
        key=lambda line: (line.student.first_name.casefold(), line.student.last_name.casefold(), line.student.pk),
    )
    waitlist = [line for line in lines if line.registration.status == Registration.Status.WAITLISTED]
    for position, line in enumerate(waitlist, start=1):
        line.position = position
    roles = Counter(line.registration.dance_role for line in students)
    return Roster(class_offer=class_offer, students=students, waitlist=waitlist, roles=roles)


def came_before(people, class_offer):
    """Of these people, those who took a class at the school that started before this one: the others are
    here for the first time."""
    start = class_offer.start_date or timezone.localdate()
    earlier_classes = ClassMeeting.objects.filter(number=1, date__lt=start).values("class_offer")
    return set(
        Registration.objects.filter(
            attendee__in=people, status=Registration.Status.CONFIRMED, class_offer__in=earlier_classes
        )
        .exclude(class_offer=class_offer)
        .values_list("attendee", flat=True)
    )


def students_open_to(user, class_offer):
    """Those whose class history a person may read from a class they may open: its confirmed and waitlisted
    students for its teachers, anyone for an admin."""
    if is_admin(user):
        return get_user_model().objects.all()
    registered = class_offer.registrations.filter(
        status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED]
    ).values("attendee")
    return get_user_model().objects.filter(pk__in=registered)


def class_history(student, on=None):
    """Every class the student took at the school (as their progress counts them), the latest first, with the
    classes they came to."""
    teachers = Prefetch("class_offer__teachers", queryset=get_user_model().objects.only("first_name", "last_name"))
    return list(
        Registration.objects.filter(attendee=student)
        .attended(on)
        .with_attendance()
        .select_related("class_offer__subject__level", "class_offer__session")
        .prefetch_related(teachers)
        .order_by("-first_class_on", "-pk")
    )


def syllabi_below(subject):
    """The live subjects of every level ranked below the subject's, which have a syllabus, lowest first: what the
    class's students were taught before. A level outside the progression has none below it."""
    if subject.level.rank is None:
        return []
    return list(
        SubjectPage.objects.live()
        .filter(level__rank__lt=subject.level.rank)
        .exclude(syllabus="")
        .select_related("level")
        .order_by("level__rank", "version", "title")
    )


def plain_text(html):
    """The words of a rich text, a line per paragraph or list item, for comparing two texts."""
    return BeautifulSoup(html or "", "html.parser").get_text("\n").strip()


def compare_texts(before, after):
    """What changed from one rich text to another, word by word, as Wagtail's revision comparison marks it
    (<span class="deletion">, <span class="addition">), a line per paragraph."""
    # The diff is escaped text and Wagtail's spans: its line breaks can become <br> safely.
    return mark_safe(diff_text(plain_text(before), plain_text(after)).to_html().replace("\n", "<br>"))
