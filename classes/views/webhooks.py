"""What payment processors tell the site on their own (webhooks): verified, applied through the payment
service, and answered fast. A 5xx asks the processor to send the event again, so it is kept for what may
work the next time (the database unreachable); an event about none of our payments, or one the school
ignores, gets a 200."""

import logging

from django.conf import settings
from django.db import DatabaseError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from payments.core import provider_factory

from classes.processors import ProcessorError, paypal
from classes.processors import stripe as stripe_events
from classes.services.payments import apply_processor_news, payment_of, record_dispute, take_approved_payment
from classes.services.refunds import record_processor_refunds

logger = logging.getLogger(__name__)


@csrf_exempt  # Stripe signs the event instead: nothing is read or written before the signature is checked
@require_POST
def stripe_webhook(request):
    try:
        event = stripe_events.verified_event(
            request.body, request.headers.get("Stripe-Signature"), settings.STRIPE_WEBHOOK_SECRET
        )
    except stripe_events.InvalidEvent as error:
        logger.warning("A Stripe webhook was refused: %s", error)
        return HttpResponseBadRequest("Invalid signature.", content_type="text/plain")
    try:
        if news := stripe_events.news_in(event):
            apply_processor_news("stripe", news)
        record_processor_refunds("stripe", stripe_events.refund_news_in(event))
        if disputed := stripe_events.dispute_in(event):
            record_dispute("stripe", disputed, event["id"])
    except DatabaseError:
        return try_again(f"Stripe event {event['id']} could not be applied; Stripe will send it again")
    return HttpResponse("OK", content_type="text/plain")


@csrf_exempt  # PayPal signs the event instead, and checks its signature for us before anything is written
@require_POST
def paypal_webhook(request):
    if "paypal" not in settings.PAYMENT_VARIANTS:
        raise Http404("PayPal is not configured.")
    provider = provider_factory("paypal")
    try:
        event = provider.verify_webhook(request.headers, request.body)
        if event.get("event_type") == "CHECKOUT.ORDER.APPROVED":
            if payment := payment_of("paypal", transaction_id=(event.get("resource") or {}).get("id")):
                take_approved_payment(payment)
        elif news := paypal.news_in(event):
            apply_processor_news("paypal", news)
        record_processor_refunds("paypal", paypal.refund_news_in(event))
        if disputed := paypal.dispute_in(event):
            record_dispute("paypal", disputed, event["id"])
    except paypal.InvalidWebhook as error:
        logger.warning("A PayPal webhook was refused: %s", error)
        return HttpResponseBadRequest("Invalid signature.", content_type="text/plain")
    except ProcessorError as error:
        if error.retryable:
            return try_again("A PayPal event could not be applied; PayPal will send it again")
        logger.error("PayPal event could not be applied: %s", error)  # sending it again would not help
    except DatabaseError:
        return try_again("A PayPal event could not be applied; PayPal will send it again")
    return HttpResponse("OK", content_type="text/plain")


def try_again(why):
    """A 5xx: the processor sends the event again later, when it may work."""
    logger.exception(why)
    return HttpResponse("Try again.", status=503, content_type="text/plain")
