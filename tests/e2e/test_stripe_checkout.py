"""Paying by card through Stripe Checkout, in a browser, with Stripe replaced by a small local server of the
test's (stripe.api_base pointed at it): it makes the session, shows a payment page, and on "Pay" posts the
signed `checkout.session.completed` event to the site's webhook before sending the buyer back, as Stripe does."""

import copy
import hashlib
import hmac
import html
import json
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
import stripe
from payments import core
from playwright.sync_api import expect

from classes.models import Order
from classes.pricing import quote
from classes.templatetags.humanize_price import price
from tests.e2e.conftest import screenshot
from tests.e2e.test_registration import _payments_return_to_the_live_server, build_classes, fill_in_the_dancer, pick

__all__ = ["_payments_return_to_the_live_server"]  # its fixture, used here too

SECRET = "whsec_e2e_secret"


class FakeStripe(BaseHTTPRequestHandler):
    sessions = {}
    webhook_url = None

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        if self.path == "/v1/checkout/sessions":
            number = f"cs_test_{len(self.sessions) + 1}"
            self.sessions[number] = {name: values[0] for name, values in body.items()}
            host = f"http://{self.server.server_address[0]}:{self.server.server_address[1]}"
            self.answer(
                200,
                "application/json",
                json.dumps({"id": number, "object": "checkout.session", "url": f"{host}/pay/{number}"}),
            )
        elif self.path.startswith("/pay/"):
            number = self.path.removeprefix("/pay/")
            self.post_the_event(number, self.sessions[number])
            self.send_response(303)
            self.send_header("Location", self.sessions[number]["success_url"])
            self.end_headers()

    def do_GET(self):
        session = self.sessions.get(self.path.removeprefix("/pay/"))
        if session is None:  # the browser asking for a favicon
            self.answer(404, "text/plain", "")
            return
        amount = int(session["line_items[0][price_data][unit_amount]"]) / 100
        name = html.escape(session["line_items[0][price_data][product_data][name]"])
        page = (
            '<!doctype html><title>Stripe test checkout</title><link rel=icon href="data:,">'
            f"<h1>Pay ${amount:.0f}</h1><p>{name}</p>"
            "<form method=post><button>Pay</button></form>"
        )
        self.answer(200, "text/html", page)

    def post_the_event(self, number, session):
        event = json.dumps(
            {
                "id": f"evt_{number}",
                "type": "checkout.session.completed",
                "data": {
                    "object": {
                        "id": number,
                        "payment_status": "paid",
                        "amount_total": int(session["line_items[0][price_data][unit_amount]"]),
                        "currency": session["line_items[0][price_data][currency]"],
                    }
                },
            }
        )
        timestamp = int(time.time())
        signature = hmac.new(SECRET.encode(), f"{timestamp}.{event}".encode(), hashlib.sha256).hexdigest()
        request = urllib.request.Request(
            self.webhook_url,
            data=event.encode(),
            headers={"Content-Type": "application/json", "Stripe-Signature": f"t={timestamp},v1={signature}"},
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            assert answer.status == 200

    def answer(self, status, content_type, text):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.end_headers()
        self.wfile.write(text.encode())


@pytest.fixture
def fake_stripe(live_server, settings, monkeypatch):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeStripe)
    FakeStripe.sessions, FakeStripe.webhook_url = {}, f"{live_server.url}/payments/stripe/webhook/"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.STRIPE_KEY, settings.STRIPE_WEBHOOK_SECRET = "sk_test_e2e", SECRET
    settings.PAYMENT_VARIANTS = {
        "stripe": ("classes.processors.stripe.StripeCheckoutProvider", {"api_key": "sk_test_e2e"})
    }
    monkeypatch.setattr(core, "PROVIDER_CACHE", {})
    monkeypatch.setattr(stripe, "api_base", f"http://127.0.0.1:{server.server_address[1]}")
    # As checkout.stripe.com is in production, the fake's page is where checkout's form may lead.
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"].append(stripe.api_base)
    settings.CONTENT_SECURITY_POLICY = policy
    yield FakeStripe
    server.shutdown()


def test_a_visitor_pays_by_card_on_stripe_checkout_and_comes_back_registered(page, fake_stripe):
    swing_out, charleston = build_classes()
    total = price(quote([swing_out, charleston], online=True).total)
    page.goto("/classes/")
    pick(page, "Swing Out Basics")
    page.goto("/classes/")
    pick(page, "Charleston")
    fill_in_the_dancer(page, "Frankie", "Manning", "frankie@example.com")
    page.get_by_label("Follow").check()
    page.get_by_label("Pay online now").check()
    page.get_by_role("button", name="Continue to payment").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Pay {total}")  # Stripe's page, faked
    order = Order.objects.get()
    expect(page.get_by_text(f"Classes, order {order.reference}")).to_be_visible()
    screenshot(page, "stripe-checkout")
    page.get_by_role("button", name="Pay").click()

    expect(page).to_have_url(f"{page.url.split('/register/')[0]}/register/order/{order.reference}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You're registered!")
    expect(page.locator(".price-lines__total")).to_have_text(f"Total{total}")
    page.set_viewport_size({"width": 375, "height": 812})
    screenshot(page, "stripe-paid-phone")
    order.refresh_from_db()
    assert order.status == Order.Status.CONFIRMED
    assert page.console_errors == []
