"""The mail the checkout sends: confirmations to students and payers, and alerts to the admins."""

from decimal import Decimal

from celery import shared_task
from django.conf import settings
from django.urls import reverse

from accounts.models import User
from accounts.notifications import greeting_name
from accounts.roles import ADMINS
from classes.models import Order, PaymentMethod, Refund, Registration, Review
from messaging.email import queue_after_commit, send_templated_email


def absolute(path):
    return settings.SITE_URL + path


def admin_emails():
    return list(User.objects.filter(groups__name=ADMINS, is_active=True).values_list("email", flat=True))


def order_recipients(order):
    """The payer, and the attendee too when someone else paid."""
    return list(dict.fromkeys([order.payer.email, order.attendee.email]))


def confirm_order_after_commit(order):
    """The order's confirmation, rendered and sent by a task once the order is committed (a checkout is busy)."""
    queue_after_commit(send_order_confirmation_of, order.pk)


@shared_task
def send_order_confirmation_of(order_pk):
    send_order_confirmation(Order.objects.select_related("payer", "attendee").get(pk=order_pk))


def send_order_confirmation(order):
    registrations = order.registrations.select_related("class_offer__subject", "class_offer__session").order_by(
        "class_offer__session__key_day_date", "class_offer__class_day"
    )
    for recipient in order_recipients(order):
        person = order.attendee if recipient == order.attendee.email else order.payer
        send_templated_email(
            "classes/email/order_confirmation",
            {
                "order": order,
                "greeting_name": greeting_name(person),
                "registrations": registrations,
                "for_payer": recipient == order.payer.email,
                "for_attendee": recipient == order.attendee.email,
                "order_url": absolute(reverse("account_home")),
            },
            recipient,
        )


def send_already_registered(attendee, class_offers):
    """Someone registered this person, by their email, for classes they already take: nothing changed."""
    send_templated_email(
        "classes/email/already_registered",
        {"class_offers": class_offers, "account_url": absolute(reverse("account_home"))},
        attendee.email,
    )


def send_waitlist_offer(registration):
    order = registration.order
    send_templated_email(
        "classes/email/waitlist_offer",
        {
            "registration": registration,
            "greeting_name": greeting_name(registration.attendee),
            "class_offer": registration.class_offer,
            "claim_url": absolute(reverse("registration_waitlist_claim", args=[registration.claim_token])),
        },
        list(dict.fromkeys([registration.attendee.email, order.payer.email])),
    )


def tell_admins_paid_no_seat(registration):
    send_templated_email(
        "classes/email/admin_paid_no_seat",
        {"registration": registration, "order": registration.order},
        admin_emails(),
    )


def tell_admins_payment_disputed(payment):
    send_templated_email(
        "classes/email/admin_payment_disputed", {"payment": payment, "order": payment.order}, admin_emails()
    )


def tell_admins_payment_mismatch(payment):
    send_templated_email(
        "classes/email/admin_payment_mismatch",
        {"payment": payment, "order": payment.order},
        admin_emails(),
    )


def refund_notice_after_commit(refund):
    """The payer is told of money given back (how much, how, and what the order still owes or is owed), by a
    task once the refund is committed."""
    queue_after_commit(send_refund_notice_of, refund.pk)


@shared_task
def send_refund_notice_of(refund_pk):
    refund = Refund.objects.select_related("payment__order__payer").get(pk=refund_pk)
    order, owed = refund.order, refund.order.amount_owed
    send_templated_email(
        "classes/email/refund",
        {
            "refund": refund,
            "order": order,
            "method": PaymentMethod(refund.payment.variant).label,
            "still_owed": max(owed, 0),
            "owed_back": max(-owed, 0),
            "greeting_name": greeting_name(order.payer),
        },
        [order.payer.email],
    )


@shared_task
def send_payment_reminder_of(order_pk):
    """The payer is reminded of what the order still owes, and how to pay it."""
    order = Order.objects.select_related("payer").get(pk=order_pk)
    online = order.status == Order.Status.AWAITING_PAYMENT
    send_templated_email(
        "classes/email/payment_reminder",
        {
            "order": order,
            "owed": order.amount_owed,
            "pay_url": absolute(order.get_payment_url()) if online else "",
            "greeting_name": greeting_name(order.payer),
        },
        [order.payer.email],
    )


@shared_task
def send_cancellation_of(registration_pk, credited):
    """The dancer, and the payer, are told a registration was cancelled, and what became of its money:
    `credited`, what went to the dancer's credit (a string, as tasks take)."""
    registration = Registration.objects.select_related("order__payer", "attendee", "class_offer__subject").get(
        pk=registration_pk
    )
    order = registration.order
    for recipient in order_recipients(order):
        person = registration.attendee if recipient == registration.attendee.email else order.payer
        send_templated_email(
            "classes/email/registration_cancelled",
            {
                "registration": registration,
                "order": order,
                "credited": Decimal(credited),
                "owed_back": max(-order.amount_owed, 0),
                "greeting_name": greeting_name(person),
            },
            [recipient],
        )


@shared_task
def send_receipt_of(order_pk, amount):
    """The payer's receipt for money taken at the door (`amount`, a string, as tasks take): what was paid, how,
    and what the order still owes."""
    order = Order.objects.select_related("payer").get(pk=order_pk)
    send_templated_email(
        "classes/email/receipt",
        {
            "order": order,
            "amount": Decimal(amount),
            "still_owed": max(order.amount_owed, 0),
            "greeting_name": greeting_name(order.payer),
        },
        [order.payer.email],
    )


def reply_to_review_after_commit(review):
    """The author of a review gets the school's reply by a task once it is committed: whoever replied never sees
    their address, even of an anonymous review."""
    queue_after_commit(send_review_reply_of, review.pk)


@shared_task
def send_review_reply_of(review_pk):
    review = Review.objects.for_listing().select_related("author").get(pk=review_pk)
    send_templated_email(
        "classes/email/review_reply",
        {
            "review": review,
            "greeting_name": greeting_name(review.author),
            "reviews_url": absolute(reverse("account_reviews")),
        },
        [review.author.email],
    )
