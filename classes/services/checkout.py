"""Registering for classes and paying for them (DESIGN §4).

Every change to who holds a seat happens inside one transaction with the class offers' rows
locked, so that confirmed registrations and unexpired holds never exceed a class's capacity.
"""

import datetime
import secrets

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from accounts.activation import send_activation_email
from accounts.credits import credit_balance, grant_credit
from accounts.models import Referral, User
from accounts.roles import STUDENTS
from classes import notifications
from classes.models import ONLINE_METHODS, ClassOffer, Order, OrderAdjustment, Payment, PaymentMethod, Registration
from classes.pricing import ZERO, quote
from home.models import SchoolSettings

HOLD_EXPIRED = "The seat's hold ran out before payment."
WAITLIST_OFFER_EXPIRED = "The waitlist offer ran out."


class CheckoutError(Exception):
    """Something the person registering can fix; the message says what."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class ClassFull(CheckoutError):
    def __init__(self, class_offer):
        super().__init__(f"{class_offer.subject.title} ({class_offer.day_name}s) is full.")
        self.class_offer = class_offer


def resolve_person(details, role="attendee"):
    """The account for a User or a dict of first_name, last_name and email; made (without a password) if new.

    An existing account is used as it is: nothing typed here changes it or is shown about it.
    """
    if isinstance(details, User):
        return details, False
    email = (details.get("email") or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise CheckoutError(f"Please give a valid email address for the {role}.") from None
    existing = User.objects.filter(email=email).first()
    if existing:
        return existing, False
    first_name, last_name = (details.get("first_name") or "").strip(), (details.get("last_name") or "").strip()
    if not first_name or not last_name:
        raise CheckoutError(f"Please give the {role}'s first and last name.")
    return User.objects.create_user(email, first_name=first_name, last_name=last_name), True


def lock_class_offers(class_offer_ids):
    """The class offers, locked until the transaction ends (in a fixed order, so checkouts can't deadlock)."""
    return list(
        ClassOffer.objects.select_for_update()
        .filter(pk__in=class_offer_ids)
        .select_related("subject", "session")
        .order_by("pk")
    )


def seats_free(class_offer, now):
    return class_offer.capacity - Registration.objects.filter(class_offer=class_offer).taking_seats(now).count()


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
):
    """Register an attendee for class offers and return the order.

    `attendee` and `payer` are each a User or a dict with first_name, last_name and email; with no
    payer the attendee pays. Online methods hold the seats until the payment arrives; at the door,
    the registrations are confirmed at once. A full class raises ClassFull unless `join_waitlist`.
    A repeated `checkout_key` (a double submit) returns the order already placed.
    """
    now, on = timezone.now(), on or timezone.localdate()
    if method not in PaymentMethod.values:
        raise CheckoutError("Please choose how you'd like to pay.")
    class_offer_ids = sorted({getattr(offer, "pk", offer) for offer in offers})
    if not class_offer_ids:
        raise CheckoutError("Please choose at least one class.")
    if checkout_key and (placed := Order.objects.filter(checkout_key=checkout_key).first()):
        return placed

    attendee_user, attendee_is_new = resolve_person(attendee, "attendee")
    payer_user, payer_is_new = (attendee_user, False) if payer is None else resolve_person(payer, "payer")
    class_offers = lock_class_offers(class_offer_ids)
    open_ids = set(ClassOffer.objects.open_for_registration(on).values_list("pk", flat=True))
    closed = [offer for offer in class_offers if offer.pk not in open_ids]
    if len(class_offers) != len(class_offer_ids) or closed:
        raise CheckoutError("One of the classes you chose is no longer open for registration.")
    if checkout_key and (placed := Order.objects.filter(checkout_key=checkout_key).first()):
        return placed  # the same form sent twice at once: the first one, now committed, won the locks
    already = Registration.objects.active().filter(attendee=attendee_user, class_offer__in=class_offers)
    if already.exists():
        titles = ", ".join(registration.class_offer.subject.title for registration in already)
        raise CheckoutError(f"This person is already registered for {titles}.")

    seated, waitlisted = [], []
    for offer in class_offers:
        if seats_free(offer, now) > 0:
            seated.append(offer)
        elif join_waitlist:
            waitlisted.append(offer)
        else:
            raise ClassFull(offer)

    online = method in ONLINE_METHODS
    # Only the credit of a signed-in student: an email typed in may belong to anyone.
    credit_holder = attendee if isinstance(attendee, User) else None
    priced = quote(seated, attendee=credit_holder, online=online, on=on)
    at_door = quote(seated, attendee=credit_holder, online=False, on=on)
    if not seated:
        status = Order.Status.WAITLIST
    elif online and priced.total > 0:
        status = Order.Status.AWAITING_PAYMENT
    else:
        status = Order.Status.CONFIRMED

    order = Order.objects.create(
        payer=payer_user,
        attendee=attendee_user,
        status=status,
        method=method,
        subtotal=priced.subtotal,
        pre_pay_discount=priced.pre_pay_discount,
        multi_class_discount=priced.multi_class_discount,
        credit_applied=priced.credit_applied,
        total=priced.total,
        door_total=at_door.total,
        checkout_key=checkout_key or None,
    )
    seat_status = Registration.Status.HELD if status == Order.Status.AWAITING_PAYMENT else Registration.Status.CONFIRMED
    hold_expires_at = now + datetime.timedelta(minutes=settings.CHECKOUT_HOLD_MINUTES)
    for line in priced.lines:
        Registration.objects.create(
            attendee=attendee_user,
            class_offer=line.offer,
            order=order,
            status=seat_status,
            dance_role=dance_role or Registration.DanceRole.EITHER,
            hold_expires_at=hold_expires_at if seat_status == Registration.Status.HELD else None,
            confirmed_at=now if seat_status == Registration.Status.CONFIRMED else None,
            price=line.price,
            pre_pay_discount=line.pre_pay_discount,
            multi_class_discount=line.multi_class_discount,
        )
    for offer in waitlisted:
        Registration.objects.create(
            attendee=attendee_user,
            class_offer=offer,
            order=order,
            status=Registration.Status.WAITLISTED,
            dance_role=dance_role or Registration.DanceRole.EITHER,
            price=offer.price,
            pre_pay_discount=0,
            multi_class_discount=0,
        )

    attendee_user.groups.add(Group.objects.get(name=STUDENTS))
    if referrer is not None:
        record_referral(referrer, attendee_user)
    for person, is_new in [(attendee_user, attendee_is_new), (payer_user, payer_is_new)]:
        if is_new:
            transaction.on_commit(lambda person=person: send_activation_email(person))
    if status == Order.Status.CONFIRMED:
        _settle_confirmed_order(order, now)
    elif status == Order.Status.WAITLIST:
        transaction.on_commit(lambda: notifications.send_order_confirmation(order))
    return order


def _settle_confirmed_order(order, now):
    """What follows an order's confirmation: its credit is used, and the payer and attendee are told."""
    order.confirmed_at = now
    _use_credit(order)
    order.save()
    mark_paid_if_settled(order)
    transaction.on_commit(lambda: notifications.send_order_confirmation(order))


def _use_credit(order):
    """Deduct the credit the order was priced with. If some was spent meanwhile, the order owes the rest."""
    if order.credit_applied <= 0:
        return
    list(User.objects.select_for_update().filter(pk=order.attendee_id))  # one order at a time spends the credit
    usable = min(order.credit_applied, max(credit_balance(order.attendee), 0))
    order.total += order.credit_applied - usable
    order.credit_applied = usable
    if usable > 0:
        grant_credit(order.attendee, -usable, f"Used for order {order.reference}", order=order)


@transaction.atomic
def confirm_paid_order(order, now=None):
    """The payment for an online order arrived: confirm its seats (once, however often this is called).

    A seat whose hold ran out is confirmed if the class still has room; otherwise the money is kept,
    the registration is marked "paid, no seat", and the admins are told to sort it out.
    """
    now = now or timezone.now()
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.status not in (Order.Status.AWAITING_PAYMENT, Order.Status.EXPIRED):
        return order
    class_offers = {offer.pk: offer for offer in lock_class_offers(order.registrations.values("class_offer"))}
    for registration in order.registrations.filter(
        status__in=[Registration.Status.HELD, Registration.Status.CANCELLED]
    ):
        if registration.status == Registration.Status.CANCELLED and registration.cancel_reason != HOLD_EXPIRED:
            continue
        still_held = registration.status == Registration.Status.HELD and registration.hold_expires_at > now
        if still_held or seats_free(class_offers[registration.class_offer_id], now) > 0:
            registration.status, registration.confirmed_at = Registration.Status.CONFIRMED, now
            registration.cancelled_at, registration.cancel_reason = None, ""
        else:
            registration.status = Registration.Status.PAID_NO_SEAT
            transaction.on_commit(
                lambda registration=registration: notifications.tell_admins_paid_no_seat(registration)
            )
        registration.hold_expires_at = None
        registration.save()
    order.status = Order.Status.CONFIRMED
    _settle_confirmed_order(order, now)
    return order


@transaction.atomic
def pay_at_the_door_instead(order, on=None):
    """An online payment didn't go through: keep the seats, and pay the door price at the first class."""
    now, on = timezone.now(), on or timezone.localdate()
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.status not in (Order.Status.AWAITING_PAYMENT, Order.Status.EXPIRED):
        raise CheckoutError("This order is not waiting for an online payment.")
    class_offers = {offer.pk: offer for offer in lock_class_offers(order.registrations.values("class_offer"))}
    unpaid = [
        registration
        for registration in order.registrations.all()
        if registration.status == Registration.Status.HELD or registration.cancel_reason == HOLD_EXPIRED
    ]
    for registration in unpaid:
        still_held = registration.status == Registration.Status.HELD and registration.hold_expires_at > now
        if not still_held and seats_free(class_offers[registration.class_offer_id], now) <= 0:
            raise ClassFull(class_offers[registration.class_offer_id])
    credit_holder = order.attendee if order.credit_applied else None
    lines = {
        line.offer.pk: line
        for line in quote(
            [class_offers[r.class_offer_id] for r in unpaid], attendee=credit_holder, online=False, on=on
        ).lines
    }
    for registration in unpaid:
        line = lines[registration.class_offer_id]
        registration.status, registration.confirmed_at, registration.hold_expires_at = (
            Registration.Status.CONFIRMED,
            now,
            None,
        )
        registration.cancelled_at, registration.cancel_reason = None, ""
        registration.pre_pay_discount, registration.multi_class_discount = ZERO, line.multi_class_discount
        registration.save()
    order.method, order.status = PaymentMethod.DOOR, Order.Status.CONFIRMED
    order.pre_pay_discount = ZERO
    order.multi_class_discount = sum((line.multi_class_discount for line in lines.values()), ZERO)
    order.total = order.door_total
    _settle_confirmed_order(order, now)
    return order


def mark_paid_if_settled(order):
    """Note when an order is first fully paid, which is when a referral earns its reward."""
    if order.paid_at is None and order.status == Order.Status.CONFIRMED and order.amount_owed <= 0:
        order.paid_at = timezone.now()
        order.save(update_fields=["paid_at"])
        reward_referral(order.attendee)


def record_referral(referrer, student):
    """Remember who referred a new student, when the referral program is on."""
    if not SchoolSettings.load().referral_program_enabled or referrer == student:
        return
    if Order.objects.filter(attendee=student, paid_at__isnull=False).exists():
        return  # not a new student
    Referral.objects.get_or_create(referred=student, defaults={"referrer": referrer})


def reward_referral(student):
    """Credit the referrer once the student they referred has paid for a first order."""
    referral = Referral.objects.filter(referred=student, reward__isnull=True).select_related("referrer").first()
    if referral is None:
        return
    school = SchoolSettings.load()
    if not school.referral_program_enabled or school.referral_reward <= 0:
        return
    referral.reward = grant_credit(
        referral.referrer, school.referral_reward, f"Referral reward: {student.get_full_name()} joined the school"
    )
    referral.save(update_fields=["reward"])


@transaction.atomic
def cancel_registration(registration, *, refund_as_credit=False, by=None, reason="Cancelled by the school"):
    """Cancel a registration: its seat is freed, and the order no longer charges for it.

    With `refund_as_credit`, what the payer has overpaid as a result goes to the attendee's credit
    instead of being refunded.
    """
    registration = (
        Registration.objects.select_for_update().select_related("order", "class_offer__subject").get(pk=registration.pk)
    )
    if registration.status == Registration.Status.CANCELLED:
        raise CheckoutError("This registration is already cancelled.")
    was_charged = registration.status != Registration.Status.WAITLISTED
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at, registration.cancel_reason = timezone.now(), reason
    registration.hold_expires_at = registration.waitlist_offer_expires_at = None
    registration.save()

    order = registration.order
    if was_charged and registration.line_total > 0:
        OrderAdjustment.objects.create(
            order=order, amount=registration.line_total, reason=f"Cancelled {registration.class_offer}", created_by=by
        )
    overpaid = -order.amount_owed
    if refund_as_credit and overpaid > 0:
        grant_credit(
            registration.attendee, overpaid, f"Refund as credit for {registration.class_offer}", by=by, order=order
        )
    if not order.registrations.active().exists():
        order.status = Order.Status.CANCELLED
        order.save(update_fields=["status"])
    transaction.on_commit(lambda: offer_freed_seats(registration.class_offer))
    return registration


@transaction.atomic
def record_door_payment(order, amount, *, by=None):
    """Staff took money at the door for an order. An order still waiting for its online payment
    becomes an order paid at the door (at the door price) and its seats are confirmed."""
    if amount <= 0:
        raise CheckoutError("Enter the amount received, more than zero.")
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.status in (Order.Status.CANCELLED, Order.Status.WAITLIST):
        raise CheckoutError(f"Order {order.reference} has no seats to pay for: give credit or a refund instead.")
    if order.status in (Order.Status.AWAITING_PAYMENT, Order.Status.EXPIRED):
        order = pay_at_the_door_instead(order)
    Payment.objects.create(
        order=order,
        variant=PaymentMethod.DOOR,
        status="confirmed",
        currency=settings.CURRENCY,
        total=amount,
        captured_amount=amount,
        description=f"Paid at the door for order {order.reference}",
        recorded_by=by,
    )
    mark_paid_if_settled(order)
    return order


# Freed seats and the waitlist


@transaction.atomic
def offer_freed_seats(class_offer, now=None):
    """Offer each free seat to the next person on the waitlist, by email, for WAITLIST_OFFER_HOURS."""
    now = now or timezone.now()
    class_offer = lock_class_offers([class_offer.pk])[0]
    free = seats_free(class_offer, now)
    if free <= 0:
        return []
    next_in_line = Registration.objects.filter(
        class_offer=class_offer, status=Registration.Status.WAITLISTED, waitlist_offer_expires_at__isnull=True
    ).order_by("created_at", "pk")[:free]
    offered = []
    for registration in next_in_line:
        registration.waitlist_offer_expires_at = now + datetime.timedelta(hours=settings.WAITLIST_OFFER_HOURS)
        registration.claim_token = secrets.token_urlsafe(32)
        registration.save(update_fields=["waitlist_offer_expires_at", "claim_token"])
        transaction.on_commit(lambda registration=registration: notifications.send_waitlist_offer(registration))
        offered.append(registration)
    return offered


@transaction.atomic
def claim_waitlist_seat(claim_token, *, method, on=None):
    """The person offered a freed seat takes it: a new order for that class, priced today."""
    now, on = timezone.now(), on or timezone.localdate()
    registration = (
        Registration.objects.select_for_update()
        .filter(claim_token=claim_token, status=Registration.Status.WAITLISTED, waitlist_offer_expires_at__gt=now)
        .select_related("order", "attendee")
        .first()
        if claim_token
        else None
    )
    if registration is None:
        raise CheckoutError("This waitlist offer has run out or has already been used.")
    if method not in PaymentMethod.values:
        raise CheckoutError("Please choose how you'd like to pay.")
    class_offer = lock_class_offers([registration.class_offer_id])[0]
    online = method in ONLINE_METHODS
    line = quote([class_offer], online=online, on=on).lines[0]
    door_price = quote([class_offer], online=False, on=on).total
    awaiting = online and line.total > 0
    order = Order.objects.create(
        payer=registration.order.payer,
        attendee=registration.attendee,
        status=Order.Status.AWAITING_PAYMENT if awaiting else Order.Status.CONFIRMED,
        method=method,
        subtotal=line.price,
        pre_pay_discount=line.pre_pay_discount,
        multi_class_discount=0,
        credit_applied=0,
        total=line.total,
        door_total=door_price,
    )
    registration.order = order
    registration.status = Registration.Status.HELD if awaiting else Registration.Status.CONFIRMED
    registration.hold_expires_at = (
        now + datetime.timedelta(minutes=settings.CHECKOUT_HOLD_MINUTES) if awaiting else None
    )
    registration.confirmed_at = None if awaiting else now
    registration.waitlist_offer_expires_at, registration.claim_token = None, ""
    registration.price, registration.pre_pay_discount, registration.multi_class_discount = (
        line.price,
        line.pre_pay_discount,
        0,
    )
    registration.save()
    if not awaiting:
        _settle_confirmed_order(order, now)
    return order


@transaction.atomic
def release_expired_seats(now=None):
    """Release holds and waitlist offers whose time ran out, and offer the seats to the waitlist.

    Expired holds already stop counting against capacity the moment they expire; this tidies them
    up and moves the waitlist along.
    """
    now = now or timezone.now()
    expired_holds = Registration.objects.select_for_update().filter(
        status=Registration.Status.HELD, hold_expires_at__lte=now
    )
    expired_waitlist_offers = Registration.objects.select_for_update().filter(
        status=Registration.Status.WAITLISTED, waitlist_offer_expires_at__lte=now
    )
    freed_class_offers = set()
    for registrations, reason in [(expired_holds, HOLD_EXPIRED), (expired_waitlist_offers, WAITLIST_OFFER_EXPIRED)]:
        for registration in registrations:
            registration.status, registration.cancelled_at, registration.cancel_reason = (
                Registration.Status.CANCELLED,
                now,
                reason,
            )
            registration.claim_token = ""
            registration.save(update_fields=["status", "cancelled_at", "cancel_reason", "claim_token"])
            freed_class_offers.add(registration.class_offer_id)
            order = registration.order
            if order.status == Order.Status.AWAITING_PAYMENT and not order.registrations.active().exists():
                order.status = Order.Status.EXPIRED
                order.save(update_fields=["status"])
    for class_offer in ClassOffer.objects.filter(pk__in=freed_class_offers):
        offer_freed_seats(class_offer, now)
    return freed_class_offers
