"""A class offer's roster for the school's admins (DESIGN §6): who is in the class, what they paid and owe, how
to reach them, and the waitlist in order; on screen, on paper and as a spreadsheet with the same rows."""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column, Table, TitleColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.admin.widgets import HeaderButton

from accounts.roles import sees_money
from classes.models import ClassOffer, Registration
from classes.progress import roster_progress
from hepcat.dates import moment_label
from hepcat.money import money

CONFIRMED = "Confirmed"
WAITLIST = "Waitlist"


@dataclass
class RosterLine:
    """One person on a roster, as the screen, the printout and the spreadsheet show them."""

    list: str  # CONFIRMED or WAITLIST
    position: int  # a student's number on the roster; a waiting person's place in line
    student: str
    dance_role: str
    progress: str  # the student's experience in one line (classes.progress)
    email: str
    phone: str
    paid: Decimal | None
    owed: Decimal | None
    method: str
    order: str
    order_id: int | None  # for the link to the order, where the door payment is recorded
    note: str


def roster_lines(class_offer, now=None):
    """The class's confirmed students by name, then its waitlist in the order seats are offered, in a fixed
    number of queries."""
    now = now or timezone.now()
    registrations = list(Registration.objects.on_roster(class_offer))
    progress = roster_progress(registration.attendee for registration in registrations)
    Status = Registration.Status
    confirmed = sorted(
        (registration for registration in registrations if registration.status == Status.CONFIRMED),
        key=lambda registration: (str(registration.attendee).casefold(), registration.attendee.email),
    )
    waiting = [registration for registration in registrations if registration.status == Status.WAITLISTED]
    lines = [(CONFIRMED, number, registration) for number, registration in enumerate(confirmed, start=1)]
    lines += [(WAITLIST, place, registration) for place, registration in enumerate(waiting, start=1)]
    return [_line(*line, progress[line[2].attendee_id], now) for line in lines]


def _line(list_name, position, registration, progress, now):
    attendee, order = registration.attendee, registration.order
    in_class = list_name == CONFIRMED
    offer_until = registration.waitlist_offer_expires_at
    return RosterLine(
        list=list_name,
        position=position,
        student=str(attendee),
        dance_role=registration.get_dance_role_display(),
        progress=progress.synopsis,
        email=attendee.email,
        phone=attendee.phone,
        paid=order.amount_paid if in_class else None,
        owed=order.amount_owed if in_class else None,
        method=order.get_method_display() if in_class else "",
        order=order.reference if in_class else "",
        order_id=order.pk if in_class else None,
        note=f"Seat offered until {moment_label(offer_until)}" if offer_until and offer_until > now else "",
    )


# The columns of both lists, in the order the spreadsheet has them after "List".
COLUMNS = [
    ("position", "#"),
    ("student", "Student"),
    ("dance_role", "Dance role"),
    ("progress", "Progress"),
    ("email", "Email"),
    ("phone", "Phone"),
    ("paid", "Paid"),
    ("owed", "Owed"),
    ("method", "Method"),
    ("order", "Order"),
    ("note", "Note"),
]
MONEY_COLUMNS = {"paid", "owed"}


def as_text(value):
    """What a person typed (a name, a phone number) stays text when a spreadsheet opens the CSV: a cell starting
    like a formula ("=", "+", "-", "@") would be run as one. (Wagtail's XLSX keeps such cells text itself.)"""
    return f"'{value}" if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def in_cents(amount):
    """An amount as a spreadsheet sums it: to the cent, blank for none."""
    return "" if amount is None else amount.quantize(Decimal("0.01"))


def roster_table(lines, *, with_orders):
    def shown(name):
        if name in MONEY_COLUMNS:
            return lambda line: money(getattr(line, name))
        return name

    def column(name, label):
        if name == "order" and with_orders:
            return TitleColumn(name, label=label, get_url=order_url)
        return Column(name, label=label, accessor=shown(name))

    return Table([column(name, label) for name, label in COLUMNS], lines)


def order_url(line):
    return reverse("orders:inspect", args=[line.order_id])


class RosterView(SpreadsheetExportMixin, WagtailAdminTemplateMixin, TemplateView):
    """The roster of one class offer. Money is on every line, so only those who may see it open the roster:
    anyone else is refused as Wagtail refuses a screen they may not use."""

    template_name = "classes/admin/roster.html"
    header_icon = "group"
    for_print = False
    index_url_name = None
    edit_url_name = None
    roster_url_name = None
    print_url_name = None
    list_export = ["list", *(name for name, _ in COLUMNS)]
    export_headings = {"list": "List", **dict(COLUMNS)}
    custom_field_preprocess = {
        name: {SpreadsheetExportMixin.FORMAT_CSV: in_cents, SpreadsheetExportMixin.FORMAT_XLSX: in_cents}
        for name in MONEY_COLUMNS
    }
    custom_value_preprocess = {
        **SpreadsheetExportMixin.custom_value_preprocess,
        str: {SpreadsheetExportMixin.FORMAT_CSV: as_text},
    }

    def dispatch(self, request, *args, **kwargs):
        if not sees_money(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def setup(self, request, *args, pk, **kwargs):
        super().setup(request, *args, **kwargs)
        self.pk = pk

    @cached_property
    def class_offer(self):
        offers = (
            ClassOffer.objects.select_related("subject__level", "session", "location")
            .prefetch_related("session__skip_dates", "teachers")
            .with_seats_left()
        )
        return get_object_or_404(offers, pk=self.pk)

    @cached_property
    def lines(self):
        return roster_lines(self.class_offer)

    def get_template_names(self):
        return ["classes/admin/roster_print.html"] if self.for_print else [self.template_name]

    def get_page_title(self):
        # The slim header shows the title only: the class is named in it.
        return f"Roster of {self.class_offer}"

    def get_filename(self):
        offer = self.class_offer
        return f"roster-{offer.subject.slug}-{offer.session.slug}-{offer.day_name.lower()}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": "Class offers"},
            {"url": reverse(self.edit_url_name, args=[self.class_offer.pk]), "label": str(self.class_offer)},
            {"url": "", "label": "Roster"},
        ]

    @cached_property
    def header_buttons(self):
        url = reverse(self.print_url_name, args=[self.class_offer.pk])
        return [HeaderButton("Print", url=url, icon_name="doc-full", attrs={"target": "_blank"})]

    def get(self, request, *args, **kwargs):
        if self.is_export:
            return self.as_spreadsheet(self.lines, request.GET["export"])
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs):
        offer = self.class_offer
        confirmed = [line for line in self.lines if line.list == CONFIRMED]
        waitlist = [line for line in self.lines if line.list == WAITLIST]
        roles = Counter(line.dance_role for line in confirmed)
        return super().get_context_data(
            class_offer=offer,
            confirmed=confirmed,
            waitlist=waitlist,
            confirmed_table=roster_table(confirmed, with_orders=True),
            waitlist_table=roster_table(waitlist, with_orders=False),
            seats_taken=offer.capacity - offer.seats_left,
            dance_roles=[(role, roles[role]) for role in Registration.DanceRole.labels if roles[role]],
            owed=money(sum((line.owed for line in confirmed if line.owed > 0), start=Decimal("0.00"))),
            roster_url=reverse(self.roster_url_name, args=[offer.pk]),
            **kwargs,
        )
