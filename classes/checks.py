"""System checks of the online payment processors (`manage.py check`, and every start of the site).

Live money needs live keys, and each processor's webhook is how a payment is known for sure: a site serving
the public (DEBUG off) refuses the dummy provider, which marks any payment paid, test keys, keys of both
kinds, and a processor whose webhook secret is missing.
"""

from django.conf import settings
from django.core.checks import Error, register

DUMMY_PROVIDER = "payments.dummy.DummyProvider"
PAYPAL_SANDBOX = "sandbox.paypal.com"


def stripe_key_modes():
    """ "test" or "live" for each Stripe key that is set (sk_test_…, pk_live_…, rk_test_…)."""
    keys = [settings.STRIPE_KEY, settings.STRIPE_PUBLIC_KEY]
    return {key.split("_")[1] for key in keys if key and key.count("_") >= 2}


@register("payments")
def check_payment_processors(app_configs, **kwargs):
    errors = []
    providers = {name: provider for name, (provider, _options) in settings.PAYMENT_VARIANTS.items()}
    live = not settings.DEBUG
    if live and DUMMY_PROVIDER in providers.values():
        errors.append(
            Error(
                "The dummy payment provider is configured with DEBUG off: anyone could mark their order paid.",
                hint="It exists only in development; remove it from PAYMENT_VARIANTS.",
                id="classes.E001",
            )
        )
    if settings.STRIPE_KEY or settings.STRIPE_PUBLIC_KEY:
        modes = stripe_key_modes()
        if len(modes) > 1:
            errors.append(
                Error(
                    "STRIPE_KEY and STRIPE_PUBLIC_KEY mix live and test keys.",
                    hint="Both from the same Stripe mode: sk_live_/pk_live_, or sk_test_/pk_test_ in development.",
                    id="classes.E002",
                )
            )
        elif live and modes == {"test"}:
            errors.append(
                Error(
                    "Stripe test keys with DEBUG off: no card would be charged.",
                    hint="Set the live keys (sk_live_…, pk_live_…).",
                    id="classes.E003",
                )
            )
    if live and settings.PAYPAL_CLIENT_ID and PAYPAL_SANDBOX in settings.PAYPAL_URL:
        errors.append(
            Error(
                "PayPal's sandbox with DEBUG off: no money would be taken.",
                hint="Set PAYPAL_URL=https://api-m.paypal.com and the live client id and secret.",
                id="classes.E003",
            )
        )
    if "stripe" in providers and not settings.STRIPE_WEBHOOK_SECRET:
        errors.append(
            Error(
                "Stripe is configured without STRIPE_WEBHOOK_SECRET: its payment events could not be verified.",
                hint="Copy the signing secret (whsec_…) of the site's webhook endpoint from Stripe's dashboard.",
                id="classes.E004",
            )
        )
    if settings.PAYPAL_CLIENT_ID and not settings.PAYPAL_WEBHOOK_ID:
        errors.append(
            Error(
                "PayPal is configured without PAYPAL_WEBHOOK_ID: its payment events could not be verified.",
                hint="Copy the id of the site's webhook from PayPal's developer dashboard.",
                id="classes.E004",
            )
        )
    return errors
