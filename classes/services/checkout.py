"""Registering for classes (DESIGN §4): `place_order`, in the steps a checkout takes.

Every change to who holds a seat happens inside one transaction with the class offers' rows
locked (classes.services.locking), so that confirmed registrations and unexpired holds never
exceed a class's capacity.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import STUDENTS
from accounts.tasks import send_activation_email_to
from classes import notifications
from classes.models import ONLINE_METHODS, Order, PaymentMethod, Registration
from classes.pricing import quote
from hepcat.audit import record
from messaging.email import queue_after_commit

from .credits import record_referral
from .errors import CheckoutError, ClassFull
from .locking import lock_class_offers
from .seats import seat, seats_free
from .settlement import settle_confirmed_order

__all__ = ["CheckoutError", "ClassFull", "place_order"]


@dataclass
class Person:
    """Who a checkout is for, or who pays: an account, and whether the checkout makes it.

    A new person's `user` stays unsaved until `create_account`, once the checkout knows it will succeed.
    """

    user: User
    is_new: bool = False
    typed_in: bool = False  # identified by an email typed into the form, not by being signed in

    def create_account(self):
        if self.is_new and self.user.pk is None:
            user = self.user
            try:
                with transaction.atomic():
                    self.user = User.objects.create_user(
                        user.email, first_name=user.first_name, last_name=user.last_name, phone=user.phone
                    )
            except IntegrityError:
                # Another checkout for the same new email committed first (a second tab): theirs is the account.
                self.user, self.is_new = User.objects.get(email=user.email), False


@dataclass
class Seating:
    """Which of the chosen classes give the attendee a seat, and which put them on the waitlist."""

    seated: list = field(default_factory=list)
    waitlisted: list = field(default_factory=list)
    already_registered: list = field(default_factory=list)


@transaction.atomic
def place_order(
    *,
    offers,
    attendee,
    payer=None,
    method,
    dance_role=None,
    join_waitlist=False,
    referrer=None,
    on=None,
    checkout_key=None,
    at_the_door=False,
    by=None,
):
    """Register an attendee for class offers and return the order.

    `attendee` and `payer` are each a User or a dict with first_name, last_name and email; with no
    payer the attendee pays. Online methods hold the seats until the payment arrives; at the door,
    the registrations are confirmed at once. A full class raises ClassFull unless `join_waitlist`.
    A repeated `checkout_key` (a double submit) returns the order already placed. `at_the_door`: a walk-in,
    registered by staff while the class runs, after its session has closed for registration online.
    """
    now, on = timezone.now(), on or timezone.localdate()
    if method not in PaymentMethod.values:
        raise CheckoutError("Please choose how you'd like to pay.")
    class_offer_ids = sorted({getattr(offer, "pk", offer) for offer in offers})
    if not class_offer_ids:
        raise CheckoutError("Please choose at least one class.")
    if placed := order_placed_with(checkout_key):
        return placed

    # People are checked before the locks and their accounts made only once a seat (or the waitlist) is
    # theirs: a checkout that loses the race for the last seat is refused early and leaves nothing behind.
    attendee = resolve_person(attendee, "attendee")
    payer = attendee if payer is None else resolve_person(payer, "payer", same_as=attendee)
    class_offers = lock_open_class_offers(class_offer_ids, on, at_the_door=at_the_door)
    if placed := order_placed_with(checkout_key):
        return placed  # the same form sent twice at once: the first one, now committed, won the locks
    seating = choose_seats(class_offers, attendee, now, join_waitlist=join_waitlist)
    for person in {id(attendee): attendee, id(payer): payer}.values():
        person.create_account()

    online = method in ONLINE_METHODS
    # Only the credit of a signed-in student: an email typed in may belong to anyone.
    credit_holder = None if attendee.typed_in else attendee.user
    priced = quote(seating.seated, attendee=credit_holder, online=online, on=on)
    status = order_status(seating, priced, online)
    order = Order.objects.create(
        payer=payer.user,
        attendee=attendee.user,
        status=status,
        confirmed_at=now if status == Order.Status.CONFIRMED else None,
        method=method,
        subtotal=priced.subtotal,
        pre_pay_discount=priced.pre_pay_discount,
        multi_class_discount=priced.multi_class_discount,
        credit_applied=priced.credit_applied,
        total=priced.total,
        door_total=priced.at_the_door().total,
        checkout_key=checkout_key or None,
    )
    record(
        order,
        "classes.order.placed",
        by=by,
        attendee=attendee.user,
        classes=", ".join(str(offer) for offer in seating.seated + seating.waitlisted),
        method=order.get_method_display(),
        total=order.total,
    )
    take_seats(order, priced, seating, dance_role or Registration.DanceRole.EITHER, now, by=by)
    welcome(attendee, payer, referrer)
    if order.status == Order.Status.CONFIRMED:
        settle_confirmed_order(order, now, just_placed=True)
    elif order.status == Order.Status.WAITLIST:
        notifications.confirm_order_after_commit(order)
    return order


def order_placed_with(checkout_key):
    return Order.objects.filter(checkout_key=checkout_key).first() if checkout_key else None


def resolve_person(details, role="attendee", same_as=None):
    """The person for a User or a dict of first_name, last_name and email: their account, or (for a new email)
    an unsaved one that `Person.create_account` makes, without a password. `same_as` is a person already
    resolved in this checkout, who is meant when the same new email is typed in twice.

    An existing account is used as it is: nothing typed here changes it or is shown about it.
    """
    if isinstance(details, User):
        return Person(details)
    email = (details.get("email") or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise CheckoutError(f"Please give a valid email address for the {role}.") from None
    if same_as is not None and same_as.is_new and same_as.user.email.lower() == email.lower():
        return same_as
    if existing := User.objects.filter(email=email).first():
        return Person(existing, typed_in=True)
    first_name, last_name = (details.get("first_name") or "").strip(), (details.get("last_name") or "").strip()
    if not first_name or not last_name:
        raise CheckoutError(f"Please give the {role}'s first and last name.")
    phone = (details.get("phone") or "").strip()
    return Person(
        User(email=email, first_name=first_name, last_name=last_name, phone=phone), is_new=True, typed_in=True
    )


def lock_open_class_offers(class_offer_ids, on, *, at_the_door=False):
    """The chosen class offers, locked; all of them must still be open for registration (at the door: live, and
    not yet finished)."""
    class_offers = lock_class_offers(class_offer_ids)
    # Checked on the locked rows and their sessions (the rule of ClassOfferQuerySet.open_for_registration).
    if at_the_door:
        is_open = [offer.live and not offer.has_finished(on) for offer in class_offers]
    else:
        is_open = [offer.live and offer.session.is_open_for_registration(on) for offer in class_offers]
    if len(class_offers) != len(class_offer_ids) or not all(is_open):
        raise CheckoutError("One of the classes you chose is no longer open for registration.")
    return class_offers


def choose_seats(class_offers, attendee, now, *, join_waitlist):
    """A seat in each class with room, the waitlist of each full one (if wanted), or ClassFull.

    A class the attendee is already registered for is left out. Signed in, they are told; for an
    email typed in, the answer is the same as for anyone else's, and the account holder is told by
    email, so that nobody learns on screen who takes which class.
    """
    already = (
        set()
        if attendee.user.pk is None  # a new account has no registrations
        else set(
            Registration.objects.active()
            .filter(attendee=attendee.user, class_offer__in=class_offers)
            .values_list("class_offer", flat=True)
        )
    )
    seating = Seating()
    for offer in class_offers:
        if offer.pk in already:
            seating.already_registered.append(offer)
        elif seats_free(offer, now) > 0:
            seating.seated.append(offer)
        elif join_waitlist:
            seating.waitlisted.append(offer)
        else:
            raise ClassFull(offer)
    if seating.already_registered and not attendee.typed_in:
        titles = ", ".join(offer.subject.title for offer in seating.already_registered)
        raise CheckoutError(f"You are already registered for {titles}.")
    if seating.already_registered:
        transaction.on_commit(lambda: notifications.send_already_registered(attendee.user, seating.already_registered))
    if not (seating.seated or seating.waitlisted):
        raise CheckoutError(
            "Thank you. We've sent the dancer an email about these classes: please check it for what comes next."
        )
    return seating


def order_status(seating, priced, online):
    if not seating.seated:
        return Order.Status.WAITLIST
    if online and priced.total > 0:
        return Order.Status.AWAITING_PAYMENT
    return Order.Status.CONFIRMED


def take_seats(order, priced, seating, dance_role, now, *, by=None):
    """A registration for each class: a held or confirmed seat at the quoted price, or a place on the waitlist."""
    for line in priced.lines:
        registration = Registration(
            attendee=order.attendee,
            class_offer=line.offer,
            order=order,
            dance_role=dance_role,
            price=line.price,
            pre_pay_discount=line.pre_pay_discount,
            multi_class_discount=line.multi_class_discount,
        )
        seat(registration, awaiting_payment=order.status == Order.Status.AWAITING_PAYMENT, now=now, by=by)
    for offer in seating.waitlisted:
        Registration(
            attendee=order.attendee,
            class_offer=offer,
            order=order,
            dance_role=dance_role,
            price=offer.price,
            pre_pay_discount=0,
            multi_class_discount=0,
        ).join_waitlist()
        record(order, "classes.registration.waitlisted", by=by, class_offer=offer, attendee=order.attendee)


def welcome(attendee, payer, referrer):
    """The attendee becomes a student; new accounts get an activation link; a referral is noted."""
    attendee.user.groups.add(Group.objects.get(name=STUDENTS))
    if referrer is not None:
        record_referral(referrer, attendee.user)
    for person in {attendee.user.pk: attendee, payer.user.pk: payer}.values():
        if person.is_new:
            queue_after_commit(send_activation_email_to, person.user.pk)
