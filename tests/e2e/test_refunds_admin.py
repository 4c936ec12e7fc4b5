"""An admin settles what the payment service left for a person, in the Wagtail admin: from the orders to look at
to the order, where a class cancelled left an overpayment, which they refund in part and keep the rest as
credit, noting why."""

from decimal import Decimal

from playwright.sync_api import expect

from accounts.credits import credit_balance
from accounts.roles import ADMINS
from classes.models import Order, Refund
from classes.services.checkout import place_order
from classes.services.orders import cancel_registration, record_door_payment
from tests.e2e.conftest import screenshot
from tests.e2e.test_registration import build_classes
from tests.e2e.test_subject_approval import log_in
from tests.factories import ANN, UserFactory


def test_an_admin_refunds_part_of_an_overpayment_and_keeps_the_rest_as_credit(page):
    swing_out, charleston = build_classes()
    order = place_order(offers=[swing_out, charleston], attendee=ANN, method="door")
    record_door_payment(order, order.total)
    cancel_registration(order.registrations.get(class_offer=charleston))
    overpaid = -Order.objects.get(pk=order.pk).amount_owed
    log_in(page, UserFactory(groups=[ADMINS], first_name="Norma", last_name="Miller"))

    page.goto("/admin/orders/to-look-at/")
    expect(page.get_by_text("Paid more than it now costs")).to_be_visible()
    screenshot(page, "admin-orders-to-look-at")
    page.get_by_role("link", name=order.reference).click()

    page.get_by_role("link", name="Add a note").click()
    page.get_by_label("Note").fill("Ann asked for $20 back, the rest as credit.")
    page.get_by_role("button", name="Add the note").click()
    expect(page.get_by_text("Note added.")).to_be_visible()

    page.get_by_role("link", name="Refund").click()
    page.get_by_label("Amount to refund").fill("20.00")
    page.get_by_role("button", name="Refund").click()
    expect(page.get_by_text("Refunded: $20.00.")).to_be_visible()

    page.get_by_role("link", name="Keep as credit").click()
    page.get_by_role("button", name="Keep as credit").click()
    expect(page.get_by_text("kept as Ann Lee's credit")).to_be_visible()
    screenshot(page, "admin-order-settled")

    assert Refund.objects.get().amount == Decimal("20.00")
    assert credit_balance(order.attendee) == overpaid - Decimal("20.00")
    assert Order.objects.get(pk=order.pk).amount_owed == 0
    page.goto("/admin/orders/to-look-at/")
    expect(page.get_by_role("link", name=order.reference)).to_have_count(0)
