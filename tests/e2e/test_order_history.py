"""An admin reads an order's story in its History: placed, seat confirmed, paid at the door, by whom."""

import datetime
from decimal import Decimal

from django.utils import timezone
from playwright.sync_api import expect

from classes.services.checkout import place_order
from classes.services.orders import record_door_payment
from tests.e2e.conftest import screenshot
from tests.e2e.test_subject_approval import log_in
from tests.factories import ClassOfferFactory, SessionFactory, SubjectPageFactory


def test_an_admin_reads_an_orders_history(page, admin):
    today = timezone.localdate()
    session = SessionFactory(key_day_date=today + datetime.timedelta(days=10), publish_date=today, max_day_shift=0)
    lindy = ClassOfferFactory(session=session, subject=SubjectPageFactory(title="Lindy 2 A"))
    attendee = {"first_name": "Ann", "last_name": "Lee", "email": "ann@example.com"}
    order = place_order(offers=[lindy], attendee=attendee, method="door")
    record_door_payment(order, Decimal("40.00"), by=admin)

    log_in(page, admin)
    page.goto(f"/admin/orders/inspect/{order.pk}/")
    page.get_by_role("button", name="Actions").click()
    page.get_by_role("link", name="History").click()

    expect(page.get_by_text("$40.00 taken at the door.")).to_be_visible()
    expect(page.get_by_text("Order placed for Ann Lee")).to_be_visible()
    expect(page.get_by_role("cell", name="Avery Admin").first).to_be_visible()
    screenshot(page, "order-history")
