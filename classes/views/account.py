"""The student's classes and orders, as sections of their /account/ page (see accounts.sections)."""

from django.utils.functional import cached_property

from accounts.sections import AccountSection
from classes.models import Order, Registration


class ClassesSection(AccountSection):
    """The classes you dance in."""

    template_name = "classes/account/classes_section.html"
    order = 10

    @cached_property
    def registrations(self):
        return (
            Registration.objects.filter(attendee=self.user)
            .select_related("order", "class_offer__subject__level", "class_offer__session", "class_offer__location")
            .prefetch_related("class_offer__session__skip_dates")
            .order_by("-class_offer__session__key_day_date", "class_offer__class_day", "class_offer__start_time")
        )


class OrdersSection(AccountSection):
    """The orders you paid for, with what each still owes."""

    template_name = "classes/account/orders_section.html"
    order = 20

    @cached_property
    def orders(self):
        return list(Order.objects.filter(payer=self.user).with_amounts().select_related("attendee"))

    def is_shown(self):
        return bool(self.orders)
