"""Which processors checkout offers, and the system checks that keep test money out of production
(classes/checks.py)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from classes.checks import check_payment_processors
from classes.forms.registration import CheckoutForm
from tests.factories import ClassOfferFactory
from tests.pages import html_of

STRIPE = ("classes.processors.stripe.StripeCheckoutProvider", {"api_key": "sk_live_abc"})
DUMMY = ("payments.dummy.DummyProvider", {})


@pytest.fixture
def live(settings):
    """A site serving the public, with live Stripe keys and their webhook secret."""
    settings.DEBUG = False
    settings.STRIPE_KEY, settings.STRIPE_PUBLIC_KEY = "sk_live_a", "pk_live_b"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_c"
    settings.PAYPAL_CLIENT_ID = ""
    settings.PAYMENT_VARIANTS = {"stripe": STRIPE}
    return settings


def error_ids():
    return sorted(error.id for error in check_payment_processors(None))


def test_live_keys_with_their_webhook_secret_pass(live):
    assert error_ids() == []


def test_the_dummy_provider_is_refused_with_debug_off(live):
    live.PAYMENT_VARIANTS = {"stripe": STRIPE, "dummy": DUMMY}
    assert error_ids() == ["classes.E001"]

    live.DEBUG = True
    assert error_ids() == []


def test_test_keys_are_refused_with_debug_off_and_a_mix_of_modes_always(live):
    live.STRIPE_KEY, live.STRIPE_PUBLIC_KEY = "sk_test_a", "pk_test_b"
    assert error_ids() == ["classes.E003"]
    live.DEBUG = True
    assert error_ids() == []

    live.STRIPE_KEY = "sk_live_a"
    assert error_ids() == ["classes.E002"]


def test_paypal_sandbox_is_refused_with_debug_off(live):
    live.PAYPAL_CLIENT_ID, live.PAYPAL_WEBHOOK_ID = "client", "WH-1"
    live.PAYPAL_URL = "https://api-m.sandbox.paypal.com"
    assert error_ids() == ["classes.E003"]

    live.PAYPAL_URL = "https://api-m.paypal.com"
    assert error_ids() == []


def test_a_processor_without_its_webhook_secret_is_refused(live):
    live.STRIPE_WEBHOOK_SECRET = ""
    assert error_ids() == ["classes.E004"]

    live.STRIPE_WEBHOOK_SECRET = "whsec_c"
    live.PAYPAL_CLIENT_ID, live.PAYPAL_URL, live.PAYPAL_WEBHOOK_ID = "client", "https://api-m.paypal.com", ""
    assert error_ids() == ["classes.E004"]


@pytest.mark.django_db
def test_with_no_processor_configured_checkout_offers_the_door_only(settings):
    settings.PAYMENT_VARIANTS = {}

    form = CheckoutForm(user=AnonymousUser(), class_offer_ids=[], referral_program=False)

    assert [value for value, _label in form.fields["method"].choices] == ["door"]
    assert not form.takes_payment_online


@pytest.mark.django_db
def test_the_checkout_page_says_when_payment_is_at_the_door_only(client, settings, monday_nov_2, listed_november):
    settings.PAYMENT_VARIANTS = {}
    offer = ClassOfferFactory(session=listed_november)
    client.post("/register/add/", {"class_offer": offer.pk})

    html = html_of(client.get("/register/"))

    assert "We don't take payments online at the moment" in html
    assert "Pay online now" not in html
