"""The waitlist in a browser: a dancer joins it from a full class, is emailed when a seat frees up, and claims it
with their credit, paying online (the test payments)."""

import re

from django.core import mail
from playwright.sync_api import expect

from accounts.credits import grant_credit
from accounts.models import User
from classes.models import Order, Registration
from classes.services.checkout import place_order
from classes.services.orders import cancel_registration
from tests.e2e.conftest import screenshot
from tests.e2e.test_registration import _payments_return_to_the_live_server, build_classes, fill_in_the_dancer
from tests.factories import ANN

__all__ = ["_payments_return_to_the_live_server"]  # its fixture, used here too


def test_a_dancer_joins_the_waitlist_of_a_full_class_and_claims_a_freed_seat_with_credit(page):
    swing_out, _ = build_classes()
    swing_out.capacity = 1
    swing_out.save()
    seated = place_order(offers=[swing_out], attendee=ANN, method="door")

    page.goto(swing_out.get_url())
    page.get_by_role("link", name="Join the waitlist").click()
    page.get_by_role("button", name="Join the waitlist").click()  # confirming the class goes on the list
    expect(page.get_by_role("heading", name="Payment")).to_have_count(0)
    fill_in_the_dancer(page, "Norma", "Miller", "norma@example.com")
    page.get_by_label("Follow").check()
    page.set_viewport_size({"width": 375, "height": 812})
    screenshot(page, "waitlist-join-phone")
    page.get_by_role("button", name="Join the waitlist").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You're on the waitlist")

    norma = User.objects.get(email="norma@example.com")
    grant_credit(norma, 20, "Snow day")
    cancel_registration(seated.registrations.get())  # a seat frees up: Norma is emailed
    offer = next(message for message in mail.outbox if message.subject.startswith("A seat opened up"))
    claim_path = re.search(r"(/register/waitlist/\S+/)", offer.body)[1]

    page.goto(claim_path)
    expect(page.get_by_role("heading", level=1)).to_have_text("A seat is free for you")
    expect(page.get_by_text("Your credit of $20 is taken off.")).to_be_visible()
    screenshot(page, "waitlist-claim-phone")
    page.get_by_label("Pay online now").check()
    page.get_by_role("button", name="Take the seat").click()
    page.get_by_role("button", name="Pay $65").click()  # the test payments' form comes next
    page.get_by_label("Status", exact=True).select_option("confirmed")
    page.get_by_role("button", name="Pay $65").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("You're registered!")
    screenshot(page, "waitlist-claimed-phone")
    claimed = Registration.objects.get(attendee=norma, status=Registration.Status.CONFIRMED)
    assert claimed.order.status == Order.Status.CONFIRMED
    assert claimed.order.credit_applied == 20
    assert page.console_errors == []
