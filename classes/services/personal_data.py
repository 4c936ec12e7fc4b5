"""A person's data (DESIGN §5): everything the school holds about them, to download, and closing their account.

`classes` is the highest app that holds personal data, so the whole of it is gathered here: the profile (every
field of the User model but its password and permission flags, read from the model so that new fields come
along), registrations, orders, payments, credit, attendance and reviews. Each part is a list of plain dicts (the
profile is one dict), the same for the JSON download and the CSV bundle (a .zip of one CSV a part).
"""

import csv
import datetime
import io
import json
import zipfile
from collections.abc import Callable
from decimal import Decimal
from typing import NamedTuple

from axes.utils import reset as forget_failed_logins
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import FileField, Q, Sum
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from wagtail.models import ModelLogEntry

from accounts.models import CreditEntry, User
from accounts.roles import STUDENTS, roles_of
from classes.models import Attendance, Order, Payment, Refund, Registration, Review
from hepcat.audit import record

from .locking import lock_person

# What each part shows of a row: its columns, and where each value is read from ("order.reference").
REGISTRATION_COLUMNS = {
    "class": "class_offer.subject.title",
    "session": "class_offer.session.name",
    "day": "class_offer.day_name",
    "status": "get_status_display",
    "dance_role": "get_dance_role_display",
    "order": "order.reference",
    "price": "price",
    "pre_pay_discount": "pre_pay_discount",
    "multi_class_discount": "multi_class_discount",
    "registered_at": "created_at",
    "confirmed_at": "confirmed_at",
    "cancelled_at": "cancelled_at",
    "cancel_reason": "cancel_reason",
}
ORDER_COLUMNS = {
    "reference": "reference",
    "attendee": "attendee.email",
    "payer": "payer.email",
    "status": "get_status_display",
    "method": "get_method_display",
    "subtotal": "subtotal",
    "pre_pay_discount": "pre_pay_discount",
    "multi_class_discount": "multi_class_discount",
    "credit_applied": "credit_applied",
    "total": "total",
    "amount_paid": "amount_paid",
    "amount_owed": "amount_owed",
    "placed_at": "created_at",
    "confirmed_at": "confirmed_at",
    "paid_at": "paid_at",
}
# django-payments' details of who paid: the payer's own data, blanked when their account closes.
PAYER_FIELDS = [
    "billing_first_name",
    "billing_last_name",
    "billing_email",
    "billing_phone",
    "billing_address_1",
    "billing_address_2",
    "billing_city",
    "billing_postcode",
    "billing_country_code",
    "billing_country_area",
    "customer_ip_address",
]
PAYMENT_COLUMNS = {
    "order": "order.reference",
    "method": "variant",
    "status": "get_status_display",
    "amount": "total",
    "received": "captured_amount",
    "refunded": "refunded",
    "currency": "currency",
    "made_at": "created",
    **{name: name for name in PAYER_FIELDS},
}
CREDIT_COLUMNS = {"amount": "amount", "reason": "reason", "order": "order.reference", "at": "created_at"}
ATTENDANCE_COLUMNS = {
    "class": "registration.class_offer.subject.title",
    "session": "registration.class_offer.session.name",
    "class_number": "meeting.number",
    "date": "meeting.date",
    "status": "status",
}
REVIEW_COLUMNS = {
    "class": "class_offer.subject.title",
    "session": "class_offer.session.name",
    "of": "subject",
    "rating": "rating",
    "text": "text",
    "signed": "signed",
    "written_at": "created_at",
    "changed_at": "updated_at",
}


def _registrations(user):
    return Registration.objects.filter(attendee=user).select_related(
        "order", "class_offer__subject", "class_offer__session"
    )


def _orders(user):
    """The orders the person is in and those they paid for."""
    return Order.objects.involving(user).with_amounts().select_related("attendee", "payer")


def _payments(user):
    """The payments of the orders the person paid for (whose billing details are theirs)."""
    refunded = Sum("refunds__amount", filter=~Q(refunds__status=Refund.Status.FAILED), default=Decimal("0.00"))
    return Payment.objects.filter(order__payer=user).select_related("order").annotate(refunded=refunded)


def _credit(user):
    return CreditEntry.objects.filter(user=user).select_related("order")


def _attendance(user):
    return Attendance.objects.filter(registration__attendee=user).select_related(
        "meeting", "registration__class_offer__subject", "registration__class_offer__session"
    )


def _reviews(user):
    return Review.objects.filter(author=user).select_related("class_offer__subject", "class_offer__session", "teacher")


PARTS = {
    "registrations": (_registrations, REGISTRATION_COLUMNS),
    "orders": (_orders, ORDER_COLUMNS),
    "payments": (_payments, PAYMENT_COLUMNS),
    "credit": (_credit, CREDIT_COLUMNS),
    "attendance": (_attendance, ATTENDANCE_COLUMNS),
    "reviews": (_reviews, REVIEW_COLUMNS),
}
PROFILE_LEFT_OUT = {"password", "is_staff", "is_superuser"}


def personal_data(user):
    """What the school holds about the person, part by part, as plain dicts."""
    data = {"profile": profile(user)}
    for part, (objects, columns) in PARTS.items():
        data[part] = [{column: _read(row, path) for column, path in columns.items()} for row in objects(user)]
    return data


def profile(user):
    return {
        field.name: _plain(field.value_from_object(user))
        for field in User._meta.concrete_fields
        if field.name not in PROFILE_LEFT_OUT
    }


def _read(row, path):
    """The value at `path` from the row, or None where a step on the way is empty (a credit entry of no order)."""
    value = row
    for name in path.split("."):
        value = getattr(value, name)
        if value is None:
            return None
    return _plain(value() if callable(value) else value)


def _plain(value):
    """Text, numbers, amounts, dates and moments as they are; a file by its name; anything else as text."""
    if isinstance(value, FieldFile):
        return value.name or ""
    if value is None or isinstance(value, (str, bool, int, Decimal, datetime.date)):
        return value
    return str(value)


def as_json(data):
    return json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False).encode()


def as_csv_bundle(data):
    """A .zip of one CSV file a part, each with a heading row even when the part is empty."""
    bundle = io.BytesIO()
    with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, part_rows in data.items():
            part_rows = [part_rows] if part == "profile" else part_rows
            columns = list(part_rows[0]) if part == "profile" else list(PARTS[part][1])
            text = io.StringIO()
            writer = csv.DictWriter(text, fieldnames=columns)
            writer.writeheader()
            for row in part_rows:
                writer.writerow({column: _csv_text(value) for column, value in row.items()})
            archive.writestr(f"{part}.csv", text.getvalue())
    return bundle.getvalue()


def _csv_text(value):
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, datetime.date) else value


class Download(NamedTuple):
    label: str
    filename: str
    content_type: str
    write: Callable[[dict], bytes]


DOWNLOADS = {
    "json": Download("JSON", "hepcat-data.json", "application/json", as_json),
    "csv": Download("CSV files", "hepcat-data.zip", "application/zip", as_csv_bundle),
}


def download_personal_data(person, kind, *, by):
    """The person's data as a file (a Download and its content), written in their history with who took it: the
    person, or an admin acting on their request."""
    download = DOWNLOADS[kind]
    content = download.write(personal_data(person))
    record(person, "classes.personal_data.downloaded", by=by, format=download.label)
    return download, content


# Closing an account


class AccountClosingError(Exception):
    """An account that can't be closed yet; the message says why and what to do."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


CLOSED_DOMAIN = "closed.invalid"  # .invalid is never a real domain (RFC 2606): no mail to it goes anywhere
# What closing leaves of the account: the login's state, and when it was made and last used.
KEPT_ON_CLOSING = {"id", "password", "email", "is_active", "is_staff", "is_superuser", "last_login", "date_joined"}


def unfinished_seats(person, on=None):
    """The person's registrations (seats held, taken or waited for) in classes with a meeting still to come."""
    on = on or timezone.localdate()
    return (
        Registration.objects.active()
        .filter(attendee=person, class_offer__meetings__date__gte=on)
        .distinct()
        .select_related("class_offer__subject")
    )


@transaction.atomic
def close_account(person, *, by, on=None):
    """Close the person's account at their request (DESIGN §5), done by them or by an admin (`by`).

    The person is anonymised: their names, phone and every other profile field go back to a new account's (blank,
    or the field's default: an uploaded photo is deleted, the calendar address changes), the email becomes a
    placeholder at an invalid domain, the password unusable and the account inactive, which ends every session it
    has. Their orders, registrations and payments stay, with their amounts, for the school's books, but the
    payments lose who paid (PAYER_FIELDS); their reviews stay, anonymous. The account's history keeps its entries,
    relabelled, and says it was closed and by whom.

    Refused while the person has a seat in a class that hasn't finished (held, confirmed or on its waitlist): it
    would go on under a name nobody knows, and the school couldn't reach them about it. The school cancels it
    first, or the account is closed after the class's last meeting. Refused too for a teacher's or an admin's
    account, which classes and pages name: the role is taken away first.
    """
    lock_person(person)
    if person.is_superuser or person.is_staff or roles_of(person) - {STUDENTS}:
        raise AccountClosingError(
            "This account has a teacher's or an admin's role: take the role away first, then close it."
        )
    if seats := list(unfinished_seats(person, on)):
        classes = ", ".join(f"{seat.class_offer.subject.title} ({seat.class_offer.day_name}s)" for seat in seats)
        raise AccountClosingError(
            f"There is still a place in {classes}, which hasn't finished. The school cancels it first "
            "(ask us), or the account can be closed after the last class."
        )
    former_email = person.email
    _anonymise(person)
    blank = {name: Payment._meta.get_field(name).get_default() for name in PAYER_FIELDS}
    Payment.objects.filter(order__payer=person).update(**blank)
    Review.objects.filter(author=person).update(signed=False)
    forget_failed_logins(username=former_email)
    ModelLogEntry.objects.filter(content_type=ContentType.objects.get_for_model(User), object_id=str(person.pk)).update(
        label=str(person)
    )
    record(person, "classes.account.closed", by=by)


def _anonymise(person):
    """Every profile field back to what a new account has: its default (a new calendar address, the email
    choices), or else blank where blank is allowed (names, phone, pronouns, photo)."""
    for field in User._meta.concrete_fields:
        if field.name in KEPT_ON_CLOSING or not (field.has_default() or field.blank):
            continue
        if field.unique and not field.has_default() and not field.null:
            continue  # a second closed account would collide with the first's blank
        empty = field.get_default()
        if empty is None and not field.null:
            continue  # no empty value to give (a boolean with no default)
        if isinstance(field, FileField):
            getattr(person, field.attname).delete(save=False)
        setattr(person, field.attname, empty)
    person.email = f"closed-{person.pk}@{CLOSED_DOMAIN}"
    person.set_unusable_password()
    person.is_active = False
    person.save()
