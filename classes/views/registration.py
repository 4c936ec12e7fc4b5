"""Registering for classes: picking them, checking out, paying online, and taking a seat from the waitlist.

Who gets a seat, what it costs and when it is confirmed are decided in classes.services; these views
gather what the person chose and show them the outcome.
"""

import secrets

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from payments import PaymentError, PaymentStatus

from accounts.roles import is_teacher
from classes.cart import Cart
from classes.forms.registration import CheckoutForm, PickClassForm, UnpickClassForm, WaitlistClaimForm
from classes.models import ClassesIndexPage, ClassOffer, Order, PaymentMethod, Registration
from classes.models.offers import with_page_urls
from classes.pricing import quote
from classes.processors import ProcessorError
from classes.services.checkout import CheckoutError, ClassFull, place_order
from classes.services.orders import pay_at_the_door_instead
from classes.services.payments import next_payment_step, take_approved_payment
from classes.services.waitlist import claim_waitlist_seat
from hepcat.client_address import client_address
from hepcat.page_cache import kept_with_the_public_pages, public_version_is_behind
from hepcat.ratelimit import is_limited
from home.models import SchoolSettings

PLACED_ORDERS = "placed_orders"  # the references of the orders placed from this browser
FAILED_PAYMENT = {PaymentStatus.REJECTED, PaymentStatus.ERROR, PaymentStatus.CANCELLED}


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def add_class(request):
    """/register/add/: a class's Register button links here with ?class=<id> (so that the class pages hold no
    form of the visitor's and can be cached), to confirm; the confirmation posts the class to the list."""
    form = PickClassForm(request.POST if request.method == "POST" else {"class_offer": request.GET.get("class")})
    if not form.is_valid():
        messages.error(request, form.errors["class_offer"][0])
        return redirect("register")
    class_offer = form.cleaned_data["class_offer"]
    cart = Cart(request.session)
    if request.method == "POST":
        cart.add(class_offer)
        messages.success(request, f"{class_offer.subject.title} ({class_offer.day_name}s) is on your list.")
        return redirect("register")
    if class_offer.pk in cart.class_offer_ids:
        return redirect("register")
    offer = with_page_urls([ClassOffer.objects.for_listing().get(pk=class_offer.pk)], request)[0]
    return TemplateResponse(request, "classes/registration/add_class.html", {"offer": offer})


@never_cache
def visitor(request):
    """/register/visitor.json: what the site header shows this visitor (static/js/visitor.js), apart from the
    cached page it sits on."""
    visitor = {
        "signed_in": request.user.is_authenticated,
        "cart": len(Cart(request.session)),
        "account_url": reverse("account_home"),
    }
    if is_teacher(request.user):
        visitor["my_classes_url"] = reverse("my_classes:index")
    return JsonResponse(visitor)


@require_POST
def remove_class(request):
    form = UnpickClassForm(request.POST)
    if form.is_valid():
        Cart(request.session).remove(form.cleaned_data["class_offer"])
    return redirect("register")


def checkout(request):
    """/register/: the classes picked, who is dancing, and how they'll pay; then the order is placed."""
    cart = Cart(request.session)
    # A second click on "Confirm" can arrive after the first emptied the cart: it goes on to the order placed.
    checkout_key = browser_checkout_key(request, request.POST.get("checkout_key"))
    if placed := order_placed_here_with(request, checkout_key):
        return to_payment_or_confirmation(request, placed)
    if request.method == "POST" and not CheckoutForm.joins_waitlist(request.POST):
        # When a class everyone wants fills up, most checkouts come after its last seat: they are answered
        # before anyone or anything is made.
        full = full_classes(cart.class_offer_ids)
        if full and len(full) == len(cart):
            return class_full(request, full)
    form = CheckoutForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        # The page listed the cart's classes, and forgot those no longer open: the listing is only needed again
        # if the page is shown again (a class that closed since is refused by place_order).
        class_offer_ids=cart.class_offer_ids,
        referral_program=SchoolSettings.load(request_or_site=request).referral_program_enabled,
        # A full class is in the list because its "Join the waitlist" was pressed: the box comes ticked.
        initial={"checkout_key": secrets.token_urlsafe(32), "join_waitlist": True},
    )
    if form.is_bound and form.is_valid() and not too_many_checkouts(request, form):
        try:
            order = place_order(
                offers=cart.class_offer_ids,
                attendee=form.attendee(),
                payer=form.payer(),
                method=form.cleaned_data["method"],
                dance_role=form.cleaned_data["dance_role"],
                join_waitlist=form.cleaned_data["join_waitlist"],
                referrer=form.referrer(),
                checkout_key=checkout_key,
                by=request.user if request.user.is_authenticated else None,
            )
        except ClassFull as full:
            # The class filled up while the form was sent: say so from the seats counted under the lock, and
            # let the next checkout here know it full before it does any of this (full_classes).
            public_version_is_behind()
            if len(cart) == 1:
                return class_full(request, [full.class_offer])
            # With other classes still open, the whole page again: they may cost more without this one.
            form.offer_waitlist()
            form.add_error(None, full_class_message(full.class_offer))
        except CheckoutError as error:
            form.add_error(None, error.message)
        else:
            cart.empty()
            return to_payment_or_confirmation(request, order)

    offers = classes_in(cart, request)
    with_a_seat = [offer for offer in offers if offer.seats_left > 0]
    waitlist_only = bool(offers) and not with_a_seat
    # Credit is only ever used for the signed-in student registering themselves (see place_order).
    credit_holder = request.user if request.user.is_authenticated else None
    return TemplateResponse(
        request,
        "classes/registration/checkout.html",
        {
            "form": form,
            "offers": offers,
            "full_offers": [offer for offer in offers if offer.seats_left <= 0],
            "online_price": quote(with_a_seat, attendee=credit_holder, online=True),
            "door_price": quote(with_a_seat, attendee=credit_holder, online=False),
            "class_list": CheckoutForm.class_list_value(offer.pk for offer in offers),
            # Every class is full: nothing to pay, and the page only puts the dancer on the waitlists.
            "waitlist_only": waitlist_only,
            "classes_url": classes_url(request),
        },
    )


def full_classes(class_offer_ids):
    """Those of the classes that are open for registration and have no seat left. Each process counts them once
    for each public version (hepcat.page_cache), which every seat taken or freed bumps: as the class pages show
    them."""
    today, class_offer_ids = timezone.localdate(), tuple(sorted(class_offer_ids))

    def count():
        return list(ClassOffer.objects.open_for_registration(today).filter(pk__in=class_offer_ids).full())

    return kept_with_the_public_pages.get(("full_classes", today, class_offer_ids), count)


def full_class_message(class_offer):
    return f"{class_offer.subject.title} ({class_offer.day_name}s) is full — join the waitlist?"


def class_full(request, full_offers):
    """Every class picked is full: say so, and offer their waitlists with the form as it was sent, so that
    joining takes one click. A small page, as most checkouts of a class that fills up get it."""
    resent = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", "join_waitlist")
        for value in values
    ]
    return TemplateResponse(
        request,
        "classes/registration/class_full.html",
        {
            "full_offers": full_offers,
            "notices": [full_class_message(offer) for offer in full_offers],
            "resent": resent,
        },
    )


def too_many_checkouts(request, form):
    """Count a checkout from this client address and for each email typed in: a flood of registrations
    would take seats and mail addresses nobody confirmed. Past the limit, the form says so."""
    from_address = is_limited(request, "checkout", client_address(request))
    for_emails = [is_limited(request, "checkout_email", email) for email in form.typed_in_emails()]
    if from_address or any(for_emails):
        form.add_error(
            None,
            "There have been many registrations from here in a short while. Please wait a few "
            "minutes and try again, or get in touch with us.",
        )
        return True
    return False


def browser_checkout_key(request, form_key):
    """The form's key against double submits, bound to this browser's session: a key that leaks out of one
    browser finds nothing from another."""
    if not form_key:
        return None
    if request.session.session_key is None:
        request.session.save()
    return salted_hmac("checkout", f"{request.session.session_key}:{form_key}", algorithm="sha256").hexdigest()


def classes_in(cart, request):
    """The classes in the cart that are still open for registration. The cart forgets the others."""
    offers = list(
        ClassOffer.objects.open_for_registration().filter(pk__in=cart.class_offer_ids).for_listing().in_schedule_order()
    )
    if len(offers) < len(cart):
        messages.warning(request, "A class on your list is no longer open for registration, so we took it off.")
        cart.keep_only({offer.pk for offer in offers})
    return with_page_urls(offers, request)


def classes_url(request):
    index = ClassesIndexPage.objects.live().first()
    return index.get_url(request) if index else "/"


def to_payment_or_confirmation(request, order):
    """After placing an order: pay for it online, or see it confirmed."""
    if order.reference not in request.session.get(PLACED_ORDERS, []):
        request.session[PLACED_ORDERS] = [*request.session.get(PLACED_ORDERS, []), order.reference]
    if order.status == Order.Status.AWAITING_PAYMENT:
        return to_the_processor(request, order)
    return redirect(order)


def to_the_processor(request, order):
    """Straight on to the processor's page; with a form of the processor's to fill in here (the test
    payments), or when the payment can't start, to the order's payment page."""
    try:
        _payment, step = next_payment_step(order, request=request)
    except (CheckoutError, PaymentError):
        return redirect(order.get_payment_url("failed"))
    return redirect(step if isinstance(step, str) else order.get_payment_url())


def order_placed_here_with(request, checkout_key):
    """The order this browser placed with this checkout key, if any (most checkouts are a browser's first)."""
    placed_here = request.session.get(PLACED_ORDERS)
    if not (checkout_key and placed_here):
        return None
    return Order.objects.filter(reference__in=placed_here, checkout_key=checkout_key).first()


def orders_visible_to(request):
    """Orders placed from this browser, and those the signed-in person paid for or is dancing in."""
    placed_here = Order.objects.filter(reference__in=request.session.get(PLACED_ORDERS, []))
    if request.user.is_authenticated:
        return placed_here | Order.objects.involving(request.user)
    return placed_here


def order_placed(request, reference):
    """The confirmation page: what was registered, what was paid or is owed at the door."""
    order = get_object_or_404(orders_visible_to(request).select_related("payer", "attendee"), reference=reference)
    registrations = list(
        order.registrations.select_related(
            "class_offer__subject__level", "class_offer__session", "class_offer__location"
        ).prefetch_related("class_offer__session__skip_dates")
    )
    held_until = min((r.hold_expires_at for r in registrations if r.hold_expires_at), default=None)
    return TemplateResponse(
        request,
        "classes/registration/order_placed.html",
        {
            "order": order,
            "seated": [r for r in registrations if r.status != Registration.Status.WAITLISTED],
            "waitlisted": [r for r in registrations if r.status == Registration.Status.WAITLISTED],
            "held_until": held_until,
            "for_someone_else": order.attendee_id not in (order.payer_id, request.user.pk),
            "classes_url": classes_url(request),
        },
    )


def pay(request, reference):
    """The online payment of an order, through its processor (django-payments). Looking at the page changes
    nothing: pressing Pay starts the order's payment attempt (or takes up its open one) and goes on with it."""
    order = get_object_or_404(orders_visible_to(request).with_amounts(), reference=reference)
    if order.status != Order.Status.AWAITING_PAYMENT:
        return redirect(order)
    if request.method == "POST" and "pay_at_the_door" in request.POST:
        try:
            pay_at_the_door_instead(order)
        except CheckoutError as error:
            messages.error(request, error.message)
            return redirect(order.get_payment_url("failed"))
        return redirect(order)
    context = {"order": order, "registrations": order.registrations.select_related("class_offer")}
    latest = order.payments.exclude(variant=PaymentMethod.DOOR).order_by("-created", "-pk").first()
    if request.method != "POST":
        if "failed" in request.GET or (latest and latest.status in FAILED_PAYMENT):
            return TemplateResponse(request, "classes/registration/payment_failed.html", context)
        # Back from approving the payment at the processor (PayPal): the money is taken when they confirm.
        approved = "approved" in request.GET and latest is not None and latest.transaction_id
        return TemplateResponse(request, "classes/registration/payment.html", {**context, "approved": approved})
    if "capture" in request.POST and latest is not None:
        return take_the_approved_payment(request, order, latest)
    try:
        # "Pay" asks for the processor's next step; anything else sent here is the processor's form, filled in.
        payment, step = next_payment_step(order, data=None if "pay" in request.POST else request.POST, request=request)
    except (CheckoutError, PaymentError) as error:
        messages.error(request, getattr(error, "message", "The payment could not be started. Please try again."))
        return redirect(order.get_payment_url("failed"))
    if isinstance(step, str):
        return redirect(step)
    return TemplateResponse(request, "classes/registration/payment.html", {**context, "form": step})


def take_the_approved_payment(request, order, payment):
    try:
        take_approved_payment(payment)
    except ProcessorError as error:
        if error.issue in ("ORDER_NOT_APPROVED", "INSTRUMENT_DECLINED") and payment.attrs.approval_url:
            return redirect(payment.attrs.approval_url)  # to approve it, or to choose another way to pay
        messages.error(request, "PayPal didn't answer just now: please press Confirm again.")
        return redirect(order.get_payment_url("approved"))
    return redirect(order)


def claim_seat(request, claim_token):
    """A seat freed up for someone on the waitlist: they take it, paying online or at the door."""
    registration = (
        Registration.objects.open_waitlist_offer(claim_token, timezone.now())
        .select_related("class_offer__subject__level", "class_offer__session", "class_offer__location")
        .first()
    )
    if registration is None:
        return TemplateResponse(
            request, "classes/registration/waitlist_offer_gone.html", {"classes_url": classes_url(request)}, status=404
        )
    form = WaitlistClaimForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            order = claim_waitlist_seat(claim_token, method=form.cleaned_data["method"])
        except CheckoutError as error:
            form.add_error(None, error.message)
        else:
            return to_payment_or_confirmation(request, order)
    class_offer = with_page_urls([registration.class_offer], request)[0]
    return TemplateResponse(
        request,
        "classes/registration/waitlist_claim.html",
        {
            "form": form,
            "registration": registration,
            "offer": class_offer,
            # As claim_waitlist_seat prices it: today's price, less the dancer's credit.
            "online_price": quote([class_offer], attendee=registration.attendee, online=True),
            "door_price": quote([class_offer], attendee=registration.attendee, online=False),
            "started": (class_offer.start_date or timezone.localdate()) < timezone.localdate(),
            "meetings_left": [day for day in class_offer.meeting_dates() if day >= timezone.localdate()],
        },
    )
