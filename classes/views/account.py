"""The student's classes and orders, as sections of their /account/ page (see accounts.sections)."""

from django.utils import timezone
from django.utils.functional import cached_property

from accounts.sections import AccountSection
from classes.models import Order, Registration


class ClassesSection(AccountSection):
    """A list of the student's classes as they stand today, on the school's clock: each subclass says which."""

    template_name = "classes/account/classes_section.html"
    line_template = "classes/account/class_line.html"
    heading = ""

    def chosen(self, registrations, today):
        raise NotImplementedError

    @cached_property
    def today(self):
        return timezone.localdate()

    @cached_property
    def registrations(self):
        return list(self.chosen(Registration.objects.in_account_of(self.user), self.today).for_class_lines())

    def is_shown(self):
        return bool(self.registrations)


class NowSection(ClassesSection):
    """The classes the student is in the middle of, with the week each is at."""

    heading = "Now"
    order = 10

    def chosen(self, registrations, today):
        return registrations.running(today).order_by("first_class_on", "class_offer__start_time")


class UpcomingSection(ClassesSection):
    """The classes still to start, waitlisted ones marked; shown when empty too, with a way to find a class."""

    heading = "Upcoming"
    order = 11

    def chosen(self, registrations, today):
        return registrations.upcoming(today).order_by("first_class_on", "class_offer__start_time")

    def is_shown(self):
        return True


class PastSection(ClassesSection):
    """Every class the student ever took, the latest first, with the classes they came to where recorded."""

    line_template = "classes/account/past_class_line.html"
    heading = "Past classes"
    order = 16

    def chosen(self, registrations, today):
        return registrations.taken(today).with_attendance().order_by("-last_class_on", "class_offer__start_time")


class OrdersSection(AccountSection):
    """The orders you paid for, with what each still owes."""

    template_name = "classes/account/orders_section.html"
    order = 20

    @cached_property
    def orders(self):
        return list(Order.objects.filter(payer=self.user).with_amounts().select_related("attendee"))

    def is_shown(self):
        return bool(self.orders)
