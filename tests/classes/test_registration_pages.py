"""Registering on the site: picking classes, the checkout page, paying, the confirmation and the waitlist."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from payments import PaymentStatus

from accounts.credits import credit_balance, grant_credit
from accounts.models import Referral, User
from classes.models import Order, Payment, Registration
from classes.services.checkout import place_order
from classes.services.orders import cancel_registration
from classes.views import registration as registration_views
from hepcat import page_cache
from hepcat.cache import bump_version
from home.models import SchoolSettings
from tests.factories import ANN, BOB, ClassOfferFactory, SessionFactory, SubjectPageFactory, UserFactory
from tests.pages import filled_in_checkout, html_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("monday_nov_2")]


@pytest.fixture
def swing_out(listed_november):
    return ClassOfferFactory(subject=SubjectPageFactory(title="Swing Out Basics"), session=listed_november, class_day=3)


@pytest.fixture
def charleston(listed_november):
    return ClassOfferFactory(subject=SubjectPageFactory(title="Charleston Kicks"), session=listed_november, class_day=1)


# $95 each; online before the deadline $10 off each; two classes: $15 off one of them.
BOTH_ONLINE, BOTH_AT_THE_DOOR, ONE_AT_THE_DOOR = Decimal("155.00"), Decimal("175.00"), Decimal("95.00")


def pick(client, *class_offers):
    for class_offer in class_offers:
        client.post("/register/add/", {"class_offer": class_offer.pk})


def checkout(client, follow=False, **fields):
    """Fill in the checkout page as shown (its hidden fields included) and confirm."""
    return client.post("/register/", filled_in_checkout(client, **fields), follow=follow)


def placed_order():
    return Order.objects.get()


# Picking classes


def test_register_buttons_link_to_a_confirmation_that_posts_the_class_with_a_csrf_token(client, swing_out):
    html = html_of(client.get("/classes/"))

    button = f'<a class="button" href="/register/add/?class={swing_out.pk}">'
    assert f'{button}Register<span class="visually-hidden"> for Swing Out Basics, Thursdays</span></a>' in html
    assert "csrfmiddlewaretoken" not in html
    class_page = html_of(client.get("/classes/swing-out-basics/november-2026/thursday/"))
    assert f'<a class="button button--large" href="/register/add/?class={swing_out.pk}">Register</a>' in class_page

    confirmation = client.get("/register/add/", {"class": swing_out.pk})
    html = html_of(confirmation)
    assert "Add Swing Out Basics, Thursdays, to your list?" in html
    assert "Nov 12 – Dec 10, 2026" in html
    form = html[html.index('<form class="register-form"') :]
    form = form[: form.index("</form>")]
    assert 'method="post" action="/register/add/"' in form
    assert 'name="csrfmiddlewaretoken"' in form
    assert f'name="class_offer" value="{swing_out.pk}"' in form
    assert "private" in confirmation["Cache-Control"]
    assert client.session.get("cart") is None  # looking is not picking


def test_the_list_changes_only_by_post_with_a_csrf_token(swing_out):
    browser = Client(enforce_csrf_checks=True)

    assert browser.post("/register/add/", {"class_offer": swing_out.pk}).status_code == 403
    assert browser.get("/register/remove/").status_code == 405
    assert "Swing Out Basics" not in html_of(browser.get("/register/"))


def visitor_json(client):
    response = client.get("/register/visitor.json")
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    return response.json()


def test_visitors_pick_classes_and_take_them_off_again(client, swing_out, charleston):
    pick(client, swing_out, charleston)

    html = html_of(client.get("/register/"))
    assert "Swing Out Basics" in html
    assert "Charleston Kicks" in html
    assert visitor_json(client) == {"signed_in": False, "cart": 2, "account_url": "/account/"}

    response = client.post("/register/remove/", {"class_offer": charleston.pk}, follow=True)

    html = html_of(response)
    assert "Charleston Kicks" not in html
    assert visitor_json(client)["cart"] == 1


def test_a_full_class_can_be_picked_for_the_waitlist(client, listed_november):
    full = ClassOfferFactory(session=listed_november, capacity=0)

    html = html_of(client.get("/classes/"))
    assert "Join the waitlist" in html

    pick(client, full)
    html = html_of(client.get("/register/"))
    assert "Join the waitlist</button>" in html
    assert "How would you like to pay?" not in html  # nothing to pay on the waitlist


def test_joining_only_waitlists_asks_for_no_payment_and_the_order_shows_none(client, listed_november):
    full = ClassOfferFactory(session=listed_november, subject=SubjectPageFactory(title="Balboa Basics"), capacity=0)
    pick(client, full)
    page = html_of(client.get("/register/"))
    # The page sends these itself, for the order's record: the dancer chooses no way to pay.
    assert '<input type="hidden" name="join_waitlist" value="on">' in page
    assert '<input type="hidden" name="method" value="door">' in page

    done = client.post("/register/", filled_in_checkout(client, join_waitlist="on"), follow=True)

    order = placed_order()
    assert order.status == Order.Status.WAITLIST
    html = html_of(done)
    assert "You're on the waitlist" in html
    assert order.get_method_display() not in html


def test_with_open_and_full_classes_the_waitlist_box_comes_ticked(client, swing_out, listed_november):
    full = ClassOfferFactory(session=listed_november, subject=SubjectPageFactory(title="Balboa Basics"), capacity=0)
    pick(client, swing_out, full)

    html = html_of(client.get("/register/"))

    assert re.search(r'<input type="checkbox" name="join_waitlist"[^>]*checked', html)
    assert "How would you like to pay?" in html


@pytest.mark.parametrize("which", ["no such class", "not a number", "draft", "session not listed yet"])
def test_a_class_not_open_for_registration_cannot_be_picked(client, swing_out, which):
    not_listed_yet = SessionFactory(key_day_date=datetime.date(2027, 3, 4), publish_date=datetime.date(2027, 2, 1))
    class_offer_id = {
        "no such class": 987654,
        "not a number": "1 OR 1=1",
        "draft": ClassOfferFactory(session=swing_out.session, class_day=1, live=False).pk,
        "session not listed yet": ClassOfferFactory(session=not_listed_yet).pk,
    }[which]

    for response in (
        client.get("/register/add/", {"class": class_offer_id}, follow=True),
        client.post("/register/add/", {"class_offer": class_offer_id}, follow=True),
    ):
        html = html_of(response)
        assert "Sorry, that class isn't open for registration." in html
        assert "You haven't picked a class yet" in html


def test_classes_that_closed_since_they_were_picked_are_taken_off_the_list(client, swing_out, charleston):
    pick(client, swing_out, charleston)
    charleston.live = False
    charleston.save()

    html = html_of(client.get("/register/"))

    assert "no longer open for registration, so we took it off" in html
    assert html.count('class="class-line"') == 1
    assert "Swing Out Basics</a>" in html


# The checkout page


def test_the_checkout_page_shows_the_price_online_and_at_the_door(client, swing_out, charleston):
    pick(client, swing_out, charleston)

    html = html_of(client.get("/register/"))

    online = html[html.index('class="price-breakdown when-paying-online"') :]
    online = online[: online.index("</dl>")]
    assert "Pre-pay discount" in online
    assert "−$20" in online
    assert "Multi-class discount" in online
    assert "−$15" in online
    assert "$155" in online
    door = html[html.index('class="price-breakdown when-paying-door"') :]
    door = door[: door.index("</dl>")]
    assert "Pre-pay discount" not in door
    assert "$175" in door
    assert 'value="dummy"' in html
    assert 'value="door"' in html
    assert "Who referred you?" not in html


def test_a_new_dancer_registers_at_the_door_and_gets_an_account_to_activate(
    client, swing_out, charleston, django_capture_on_commit_callbacks
):
    pick(client, swing_out, charleston)

    with django_capture_on_commit_callbacks() as after_commit:
        response = checkout(client, method="door")
        assert mail.outbox == []  # nothing is sent before the order commits
    with django_capture_on_commit_callbacks(execute=True):  # the mail the callbacks queue, delivered
        for callback in after_commit:
            callback()

    order = placed_order()
    assert response.status_code == 302
    assert response.url == f"/register/order/{order.reference}/"
    ann = User.objects.get(email="ann@example.com")
    assert (order.attendee, order.payer, order.method) == (ann, ann, "door")
    assert not ann.has_usable_password()
    assert set(order.registrations.values_list("status", "dance_role")) == {("confirmed", "follow")}
    assert sorted(message.subject.split(" | ")[0] for message in mail.outbox) == [
        "Activate your account",
        f"Registration confirmed: order {order.reference}",
    ]
    assert {tuple(message.to) for message in mail.outbox} == {("ann@example.com",)}
    html = html_of(client.get(response.url))
    assert "You're registered!" in html
    assert order.reference in html
    assert "To pay at the door" in html
    assert "$175" in html
    assert "Nov 12 – Dec 10, 2026" in html
    assert "check your email to activate your account" in html
    assert visitor_json(client)["cart"] == 0  # the list was emptied


def test_the_emails_have_html_copies(client, swing_out, django_capture_on_commit_callbacks):
    pick(client, swing_out)

    with django_capture_on_commit_callbacks(execute=True):
        checkout(client)

    for message in mail.outbox:
        html, content_type = message.alternatives[0]
        assert content_type == "text/html"
        assert "HepCat" in html
    activation = next(message for message in mail.outbox if "Activate" in message.subject)
    assert "/account/activate/" in activation.alternatives[0][0]


def test_an_email_that_has_an_account_reveals_nothing_about_it(client, swing_out, django_capture_on_commit_callbacks):
    annabel = UserFactory(email="ann@example.com", first_name="Annabel", last_name="Lee-Smith")
    newcomer = Client()
    pick(client, swing_out)
    pick(newcomer, swing_out)

    with django_capture_on_commit_callbacks(execute=True):
        known = checkout(client, first_name="Someone", last_name="Else", follow=True)
        new = checkout(newcomer, first_name="Someone", last_name="Else", email="new@example.com", follow=True)

    known_order, new_order = Order.objects.get(attendee=annabel), Order.objects.get(attendee__email="new@example.com")
    assert known_order.payer == annabel
    annabel.refresh_from_db()
    assert (annabel.first_name, annabel.last_name) == ("Annabel", "Lee-Smith")
    known_html = html_of(known).replace(known_order.reference, "REF").replace("ann@example.com", "EMAIL")
    new_html = html_of(new).replace(new_order.reference, "REF").replace("new@example.com", "EMAIL")
    assert known_html == new_html
    assert "Annabel" not in known_html
    to_annabel = [message for message in mail.outbox if message.to == ["ann@example.com"]]
    assert [message.subject.split(":")[0] for message in to_annabel] == ["Registration confirmed"]


def test_someone_signed_in_pays_for_someone_else(client, swing_out, django_capture_on_commit_callbacks):
    bob = UserFactory(**BOB)
    client.force_login(bob)
    pick(client, swing_out)

    with django_capture_on_commit_callbacks(execute=True):
        response = checkout(client, someone_else="on", follow=True)

    order = placed_order()
    ann = User.objects.get(email="ann@example.com")
    assert (order.payer, order.attendee) == (bob, ann)
    assert "They're registered!" in html_of(response)
    confirmations = {message.to[0]: message for message in mail.outbox if "Registration confirmed" in message.subject}
    assert set(confirmations) == {"ann@example.com", "bob@example.com"}
    assert "Thank you for registering ann@example.com" in confirmations["bob@example.com"].body
    assert "bob@example.com registered you" in confirmations["ann@example.com"].body
    assert [message.to for message in mail.outbox if "Activate" in message.subject] == [["ann@example.com"]]

    account = html_of(client.get("/account/"))
    own_classes, payments = account[: account.index("Payments")], account[account.index("Payments") :]
    assert "No classes coming up" in own_classes
    assert "Swing Out Basics" not in own_classes
    assert order.reference in payments
    assert "for ann@example.com" in payments


def test_someone_signed_out_pays_for_someone_else(client, swing_out):
    pick(client, swing_out)

    checkout(client, someone_else="on", payer_first_name="Bob", payer_last_name="Ray", payer_email="bob@example.com")

    order = placed_order()
    assert (order.payer.email, order.attendee.email) == ("bob@example.com", "ann@example.com")
    assert order.registrations.get().attendee == order.attendee


def test_paying_for_someone_else_signed_out_needs_the_payers_details(client, swing_out):
    pick(client, swing_out)

    html = html_of(checkout(client, someone_else="on", payer_first_name="Bob"))

    assert "Please enter your last name." in html
    assert "Please enter your email." in html
    assert not Order.objects.exists()


def test_a_signed_in_student_is_the_dancer_and_their_credit_is_used(client, swing_out):
    cy = UserFactory(first_name="Cy", last_name="Young", email="cy@example.com")
    grant_credit(cy, Decimal("20.00"), "Missed class")
    client.force_login(cy)
    pick(client, swing_out)

    html = html_of(client.get("/register/"))
    assert "<strong>Cy Young</strong><br>cy@example.com" in html
    assert "Your credit" in html
    assert "−$20" in html

    checkout(client, first_name="", last_name="", email="", method="door")

    order = placed_order()
    assert (order.attendee, order.payer) == (cy, cy)
    assert (order.credit_applied, order.total) == (Decimal("20.00"), Decimal("75.00"))


def test_a_double_submit_places_one_order(client, swing_out, charleston):
    pick(client, swing_out, charleston)
    data = filled_in_checkout(client, dance_role="lead", method="dummy")

    first = client.post("/register/", data)
    second = client.post("/register/", data)

    order = placed_order()
    assert first.url == second.url == f"/register/order/{order.reference}/pay/"
    assert Registration.objects.count() == 2
    assert order.payments.count() == 1


def test_the_same_checkout_key_from_two_windows_returns_the_same_order(client, swing_out):
    """Both windows show the cart: the second submit finds the order the first placed."""
    pick(client, swing_out)
    data = filled_in_checkout(client, dance_role="lead", method="door")
    other_window = Client()
    other_window.cookies = client.cookies

    client.post("/register/", data)
    other_window.post("/register/", data)

    assert Order.objects.count() == Registration.objects.count() == 1


def test_a_checkout_key_leaked_to_another_browser_does_not_show_the_order(client, swing_out):
    """The key against double submits is bound to the browser that placed the order."""
    pick(client, swing_out)
    data = filled_in_checkout(client, dance_role="lead", method="door")
    client.post("/register/", data)
    order = placed_order()
    stranger = Client()
    pick(stranger, swing_out)

    response = stranger.post("/register/", {**data, "email": "stranger@example.com"})

    assert order.reference not in response.get("Location", "")
    assert stranger.get(order.get_absolute_url()).status_code == 404
    assert Order.objects.count() == 2
    assert Order.objects.exclude(pk=order.pk).get().attendee.email == "stranger@example.com"


def test_a_class_list_changed_in_another_window_is_not_registered_unseen(client, swing_out, charleston):
    pick(client, swing_out)
    page = client.get("/register/")
    pick(client, charleston)  # in another window

    data = {"checkout_key": page.context["form"]["checkout_key"].value(), "class_list": page.context["class_list"]}
    html = html_of(client.post("/register/", {**data, "dance_role": "lead", "method": "door", **ANN}))

    assert "Your list of classes changed in another window" in html
    assert not Order.objects.exists()


@pytest.mark.parametrize("class_list", ["987654", "1,2,3", "<script>", ""])
def test_a_tampered_class_list_is_refused(client, swing_out, class_list):
    pick(client, swing_out)

    html = html_of(checkout(client, class_list=class_list))

    assert "Your list of classes changed" in html
    assert not Order.objects.exists()


@pytest.mark.parametrize("which", ["no such class", "draft", "session not listed yet"])
def test_a_tampered_list_of_classes_in_the_session_is_refused(client, swing_out, which):
    not_listed_yet = SessionFactory(key_day_date=datetime.date(2027, 3, 4), publish_date=datetime.date(2027, 2, 1))
    class_offer_id = {
        "no such class": 987654,
        "draft": ClassOfferFactory(session=swing_out.session, class_day=1, live=False).pk,
        "session not listed yet": ClassOfferFactory(session=not_listed_yet).pk,
    }[which]
    session = client.session
    session["cart"] = [class_offer_id]
    session.save()
    data = {"checkout_key": "a-key", "class_list": str(class_offer_id), "dance_role": "lead", "method": "door", **ANN}

    html = html_of(client.post("/register/", data))

    assert "no longer open for registration" in html
    assert "You haven't picked a class yet" in html
    assert not Order.objects.exists()


def test_a_class_that_closes_while_checking_out_is_refused_with_a_message(client, swing_out):
    pick(client, swing_out)
    page = client.get("/register/")
    swing_out.session.expire_date = datetime.date(2026, 11, 1)
    swing_out.session.save()

    data = {"checkout_key": page.context["form"]["checkout_key"].value(), "class_list": page.context["class_list"]}
    html = html_of(client.post("/register/", {**data, "dance_role": "lead", "method": "door", **ANN}))

    assert "no longer open for registration" in html
    assert not Order.objects.exists()


def test_prices_in_the_request_are_ignored(client, swing_out, charleston):
    pick(client, swing_out, charleston)

    checkout(client, method="door", total="1.00", subtotal="1.00", price="1.00", door_total="1.00")

    order = placed_order()
    assert (order.total, order.door_total) == (BOTH_AT_THE_DOOR, BOTH_AT_THE_DOOR)


def test_bad_details_are_explained_and_nothing_typed_is_lost(client, swing_out):
    pick(client, swing_out)

    html = html_of(checkout(client, first_name="Ann", last_name="", email="ann-at-example", dance_role="lead"))

    assert "Please enter the dancer's last name." in html
    assert "Enter a valid email address." in html
    assert 'value="Ann"' in html
    assert 'value="ann-at-example"' in html
    assert 'value="lead" id="id_dance_role_0" required checked' in html
    assert not Order.objects.exists()
    assert not User.objects.exists()


def test_a_checkout_without_classes_says_so(client):
    html = html_of(checkout(client))

    assert "Please choose at least one class." in html
    assert not Order.objects.exists()


# Paying online


def pay_with_the_test_provider(client, payment_page, outcome):
    client.get(payment_page)
    return client.post(
        payment_page, {"status": outcome, "fraud_status": "accept", "gateway_response": "3ds-disabled"}, follow=True
    )


def test_paying_online_confirms_the_order(client, swing_out, charleston, django_capture_on_commit_callbacks):
    pick(client, swing_out, charleston)
    response = checkout(client, method="dummy")
    order = placed_order()
    assert response.url == f"/register/order/{order.reference}/pay/"
    assert order.registrations.filter(status="held").count() == 2
    assert "Pay $155" in html_of(client.get(response.url))

    with django_capture_on_commit_callbacks(execute=True):
        done = pay_with_the_test_provider(client, response.url, PaymentStatus.CONFIRMED)

    order.refresh_from_db()
    assert order.status == Order.Status.CONFIRMED
    assert done.redirect_chain[-1][0] == f"http://testserver/register/order/{order.reference}/"
    html = html_of(done)
    assert "You're registered!" in html
    assert '<div class="price-lines__total"><dt>Total</dt><dd>$155</dd></div>' in html
    assert any("Registration confirmed" in message.subject for message in mail.outbox)


def test_looking_at_the_payment_and_order_pages_changes_no_payment(client, swing_out):
    pick(client, swing_out)
    payment_page = checkout(client, method="dummy").url
    order = placed_order()
    before = list(Payment.objects.values())

    for url in [payment_page, payment_page + "?failed=1", order.get_absolute_url()] * 3:
        assert client.get(url).status_code == 200

    assert list(Payment.objects.values()) == before
    Payment.objects.all().delete()
    assert "Pay $85" in html_of(client.get(payment_page))
    assert not Payment.objects.exists()


def test_an_order_paid_online_owes_nothing(client, swing_out):
    pick(client, swing_out)

    done = pay_with_the_test_provider(client, checkout(client, method="dummy").url, PaymentStatus.CONFIRMED)

    assert placed_order().amount_owed == 0
    assert '<div class="price-lines__paid"><dt>Paid</dt><dd>$85</dd></div>' in html_of(done)


def test_a_payment_that_does_not_go_through_can_be_tried_again(client, swing_out):
    pick(client, swing_out)
    payment_page = checkout(client, method="dummy").url

    failed = pay_with_the_test_provider(client, payment_page, PaymentStatus.REJECTED)

    assert failed.redirect_chain[-1][0].endswith("/pay/?failed=1")
    html = html_of(failed)
    assert "Your payment didn't go through" in html
    assert "try again, or pay at the door" in html
    assert placed_order().status == Order.Status.AWAITING_PAYMENT

    retried = client.post(payment_page, {"pay": "1"}, follow=True)

    assert "Pay $85" in html_of(retried)
    assert placed_order().payments.count() == 2


def test_after_a_failed_payment_the_dancer_can_pay_at_the_door_instead(client, swing_out):
    pick(client, swing_out)
    payment_page = checkout(client, method="dummy").url
    pay_with_the_test_provider(client, payment_page, PaymentStatus.REJECTED)

    done = client.post(payment_page, {"pay_at_the_door": "1"}, follow=True)

    order = placed_order()
    assert (order.status, order.method, order.total) == (Order.Status.CONFIRMED, "door", order.door_total)
    assert done.redirect_chain[-1][0] == f"/register/order/{order.reference}/"
    assert order.registrations.get().status == "confirmed"


def test_an_order_already_paid_goes_to_its_confirmation(client, swing_out):
    pick(client, swing_out)
    checkout(client, method="door")

    response = client.get(placed_order().get_absolute_url() + "pay/")

    assert response.status_code == 302
    assert response.url == placed_order().get_absolute_url()


# Who sees an order


def test_an_order_is_not_found_from_another_browser_or_by_another_person(client, swing_out):
    pick(client, swing_out)
    checkout(client, method="dummy")
    order = placed_order()
    confirmation, payment_page = f"/register/order/{order.reference}/", f"/register/order/{order.reference}/pay/"
    assert client.get(confirmation).status_code == 200
    assert client.get(payment_page).status_code == 200

    stranger = Client()
    assert stranger.get(confirmation).status_code == 404
    assert stranger.get(payment_page).status_code == 404
    stranger.force_login(UserFactory())
    assert stranger.get(confirmation).status_code == 404

    the_dancer = Client()
    the_dancer.force_login(order.attendee)
    assert the_dancer.get(confirmation).status_code == 200


# The waitlist


def test_a_full_class_puts_the_dancer_on_the_waitlist_when_they_ask(client, listed_november):
    full = ClassOfferFactory(session=listed_november, subject=SubjectPageFactory(title="Balboa Basics"), capacity=0)
    pick(client, full)

    refused = html_of(checkout(client))
    assert "Balboa Basics (Thursdays) is full." in refused
    assert not Order.objects.exists()

    response = checkout(client, join_waitlist="on", follow=True)

    order = placed_order()
    assert order.status == Order.Status.WAITLIST
    assert order.registrations.get().status == Registration.Status.WAITLISTED
    html = html_of(response)
    assert "You're on the waitlist" in html
    assert "Balboa Basics" in html


def test_a_class_that_fills_up_during_checkout_offers_the_waitlist_and_makes_no_account(
    client, listed_november, monkeypatch
):
    balboa = ClassOfferFactory(session=listed_november, subject=SubjectPageFactory(title="Balboa Basics"), capacity=1)
    pick(client, balboa)

    def someone_else_takes_the_last_seat_first(**order):
        """Bob's checkout commits after the page listed Balboa's last seat, before Ann's takes the lock."""
        place_order(offers=[balboa], attendee=BOB, method="door")
        return place_order(**order)

    monkeypatch.setattr(registration_views, "place_order", someone_else_takes_the_last_seat_first)
    users = User.objects.count() + 1  # and Bob's

    html = html_of(checkout(client))

    assert "Balboa Basics (Thursdays) is full — join the waitlist?" in html
    assert re.search(r'<input[^>]*name="join_waitlist"[^>]*value="on"', html)
    assert "Full: you can join the waitlist" in html
    assert User.objects.count() == users
    assert not User.objects.filter(email=ANN["email"]).exists()


# What a checkout costs, as most of a rush for one class goes: a seat confirmed at the door for a new dancer
# (the session, the school's settings, the order and its history, the account; saving the session), or the
# class found full by one count (the session, that count, and the page's header and footer).
WINNING_CHECKOUT_QUERIES = 25
LOSING_CHECKOUT_QUERIES = 6


def test_a_checkout_that_wins_a_seat_takes_few_queries_and_mails_only_after_the_commit(
    client, listed_november, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    balboa = ClassOfferFactory(session=listed_november, subject=SubjectPageFactory(title="Balboa Basics"), capacity=1)
    pick(client, balboa)
    filled_in = filled_in_checkout(client)

    with django_capture_on_commit_callbacks() as after_commit, django_assert_max_num_queries(WINNING_CHECKOUT_QUERIES):
        response = client.post("/register/", filled_in)

    assert response.status_code == 302
    assert placed_order().registrations.get().status == Registration.Status.CONFIRMED
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):  # the tasks queue the messages after their own commit
        for callback in after_commit:
            callback()
    activation, confirmation = sorted(message.subject for message in mail.outbox)
    assert activation.startswith("Activate your account")
    assert confirmation.startswith("Registration confirmed")


def test_a_checkout_for_a_full_class_is_answered_at_once_and_makes_nobody(
    client, listed_november, django_assert_max_num_queries
):
    balboa = ClassOfferFactory(session=listed_november, subject=SubjectPageFactory(title="Balboa Basics"), capacity=1)
    pick(client, balboa)
    filled_in = filled_in_checkout(client)
    place_order(offers=[balboa], attendee=BOB, method="door")  # Bob took the last seat since the page was shown
    users = User.objects.count()

    with django_assert_max_num_queries(LOSING_CHECKOUT_QUERIES):
        html = html_of(client.post("/register/", filled_in))

    assert "Balboa Basics (Thursdays) is full — join the waitlist?" in html
    assert "Full: you can join the waitlist" in html
    assert User.objects.count() == users
    assert Order.objects.count() == 1  # Bob's
    # The page's waitlist form carries what Ann typed in: one click puts her on the waitlist.
    waitlist_form = html[html.index('<form class="checkout__form"') :]
    joining = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', waitlist_form))
    assert joining["join_waitlist"] == "on"
    assert joining["email"] == ANN["email"]

    html = html_of(client.post("/register/", joining, follow=True))

    assert "You're on the waitlist" in html
    assert Order.objects.get(attendee__email=ANN["email"]).status == Order.Status.WAITLIST


def test_each_process_knows_a_full_class_until_a_seat_is_freed(
    client, listed_november, settings, django_capture_on_commit_callbacks
):
    """As in production, each web process keeps which classes are full for the public version: the checkouts
    after the last seat was taken read no class from the database, and one after a seat is freed takes it."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.KEEP_PER_PROCESS = True
    balboa = ClassOfferFactory(session=listed_november, subject=SubjectPageFactory(title="Balboa Basics"), capacity=1)
    pick(client, balboa)
    filled_in = filled_in_checkout(client)
    with django_capture_on_commit_callbacks(execute=True):
        bobs = place_order(offers=[balboa], attendee=BOB, method="door")
    client.post("/register/", filled_in)

    with CaptureQueriesContext(connection) as queries:
        html = html_of(client.post("/register/", filled_in))

    assert "Balboa Basics (Thursdays) is full — join the waitlist?" in html
    assert not [query for query in queries.captured_queries if "classes_" in query["sql"]]

    with django_capture_on_commit_callbacks(execute=True):
        cancel_registration(bobs.registrations.get())
    response = client.post("/register/", filled_in)

    assert response.status_code == 302
    assert Order.objects.get(attendee__email=ANN["email"]).status == Order.Status.CONFIRMED


def test_a_process_that_finds_a_class_full_under_the_lock_answers_the_next_checkout_early(
    client, listed_november, settings, monkeypatch
):
    """Another process took the last seat; this one still trusts the version from before it, in which the class
    had a seat. The first checkout learns otherwise under the lock, and the next is answered at once."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.KEEP_PER_PROCESS = True
    monkeypatch.setattr(page_cache.RecentVersion, "clock", staticmethod(lambda: 100.0))  # trusted all along
    balboa = ClassOfferFactory(session=listed_november, subject=SubjectPageFactory(title="Balboa Basics"), capacity=1)
    pick(client, balboa)
    filled_in = filled_in_checkout(client)
    assert registration_views.full_classes([balboa.pk]) == []
    place_order(offers=[balboa], attendee=BOB, method="door")
    bump_version(page_cache.VERSION_KEY)  # as the other process did once it committed

    assert "is full — join the waitlist?" in html_of(client.post("/register/", filled_in))
    with CaptureQueriesContext(connection) as queries:
        html = html_of(client.post("/register/", filled_in))

    assert "is full — join the waitlist?" in html
    assert not [query for query in queries.captured_queries if "accounts_user" in query["sql"]]


@pytest.fixture
def seat_offered(listed_november, django_capture_on_commit_callbacks):
    """Balboa is full; Cy is on its waitlist, and Ann's seat is freed."""
    balboa = ClassOfferFactory(session=listed_november, subject=SubjectPageFactory(title="Balboa Basics"), capacity=1)
    seated = place_order(offers=[balboa], attendee=ANN, method="door")
    waiting = place_order(
        offers=[balboa], attendee={**BOB, "email": "cy@example.com"}, method="door", join_waitlist=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        cancel_registration(seated.registrations.get())
    return waiting.registrations.get(status=Registration.Status.WAITLISTED)


def test_a_freed_seat_is_taken_from_the_link_in_the_email(client, seat_offered):
    offer_email = next(message for message in mail.outbox if "A seat opened up" in message.subject)
    claim_page = re.search(r"http://testserver(/register/waitlist/\S+/)", offer_email.body)[1]

    html = html_of(client.get(claim_page))
    assert "A seat is free for you" in html
    assert "Balboa Basics" in html
    assert "$85" in html
    assert "$95" in html

    response = client.post(claim_page, {"method": "door"}, follow=True)

    seat_offered.refresh_from_db()
    assert seat_offered.status == Registration.Status.CONFIRMED
    assert seat_offered.order.door_total == ONE_AT_THE_DOOR
    assert "You're registered!" in html_of(response)
    assert client.get(claim_page).status_code == 404


def claim_page_of(offer_email):
    return re.search(r"http://testserver(/register/waitlist/\S+/)", offer_email.body)[1]


def test_a_freed_seat_is_claimed_at_the_price_of_the_day_less_the_dancers_credit(client, seat_offered):
    cy = seat_offered.attendee
    grant_credit(cy, Decimal("20.00"), "Snow day")
    offer_email = next(message for message in mail.outbox if "A seat opened up" in message.subject)

    html = html_of(client.get(claim_page_of(offer_email)))
    assert "$65" in html  # online before the pre-pay deadline: $95 - $10 - $20
    assert "$75" in html  # at the door: $95 - $20
    assert "Your credit of $20 is taken off." in html

    client.post(claim_page_of(offer_email), {"method": "door"})

    seat_offered.refresh_from_db()
    assert (seat_offered.order.credit_applied, seat_offered.order.total) == (Decimal("20.00"), Decimal("75.00"))
    assert credit_balance(cy) == Decimal("0.00")


def test_the_claim_page_says_when_the_class_has_already_started(
    client, listed_november, time_machine, django_capture_on_commit_callbacks
):
    balboa = ClassOfferFactory(session=listed_november, subject=SubjectPageFactory(title="Balboa Basics"), capacity=1)
    seated = place_order(offers=[balboa], attendee=ANN, method="door")
    place_order(offers=[balboa], attendee={**BOB, "email": "cy@example.com"}, method="door", join_waitlist=True)
    time_machine.move_to(datetime.datetime(2026, 11, 13, 18, 0, tzinfo=datetime.UTC), tick=False)  # after the first

    with django_capture_on_commit_callbacks(execute=True):
        cancel_registration(seated.registrations.get())
    offer_email = next(message for message in mail.outbox if "A seat opened up" in message.subject)

    html = html_of(client.get(claim_page_of(offer_email)))
    assert f"The class has already started (on {balboa.start_date:%b} {balboa.start_date.day})" in html
    assert f"you'd join for its last {len(balboa.meeting_dates()) - 1} meetings" in html


def test_a_waitlist_offer_that_ran_out_says_so(client):
    response = client.get("/register/waitlist/no-such-offer/")

    assert response.status_code == 404
    assert "This waitlist offer has run out" in response.content.decode()


# Referrals


def test_who_referred_you_is_asked_when_the_referral_program_is_on(client, swing_out):
    school = SchoolSettings.load()
    school.referral_program_enabled = True
    school.save()
    dee = UserFactory(email="dee@example.com")
    pick(client, swing_out)
    assert "Who referred you?" in html_of(client.get("/register/"))

    response = checkout(client, referred_by="dee@example.com")

    assert response.status_code == 302
    assert Referral.objects.get().referrer == dee


def test_a_referrer_without_an_account_is_ignored_without_a_word(client, swing_out):
    school = SchoolSettings.load()
    school.referral_program_enabled = True
    school.save()
    pick(client, swing_out)

    response = checkout(client, referred_by="nobody@example.com")

    assert response.status_code == 302
    assert not Referral.objects.exists()


# Queries


# Signed in: the session, the user, the classes with their teachers and skip dates, the site, the school's
# settings, the student's credit (for the price online and at the door), the menu and the user bar's permissions.
CHECKOUT_PAGE_QUERY_BUDGET = 13


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "student"])
def test_the_checkout_page_takes_as_many_queries_for_six_classes_as_for_one(
    client, listed_november, django_assert_max_num_queries, django_assert_num_queries, signed_in
):
    if signed_in:
        client.force_login(UserFactory())
    classes = [ClassOfferFactory(session=listed_november, class_day=[1, 2, 3][number % 3]) for number in range(6)]
    pick(client, classes[0])
    client.get("/register/")  # the first view caches the site's root paths

    with django_assert_max_num_queries(CHECKOUT_PAGE_QUERY_BUDGET) as one_class:
        html_of(client.get("/register/"))
    queries_for_one_class = len(one_class)  # counted now: the next request clears the connection's query log

    pick(client, *classes[1:])
    with django_assert_num_queries(queries_for_one_class):
        html = html_of(client.get("/register/"))
    assert html.count('class="class-line"') == 6


def test_a_flood_of_checkouts_from_one_address_is_refused_and_takes_no_seat(client, swing_out, settings, mailoutbox):
    settings.RATELIMITS = {**settings.RATELIMITS, "checkout": "3/h"}
    for number in range(3):
        pick(client, swing_out)
        checkout(client, email=f"invented-{number}@example.com")
    pick(client, swing_out)

    html = html_of(checkout(client, email="invented-3@example.com"))

    assert "many registrations from here" in html
    assert Order.objects.count() == 3
    assert not User.objects.filter(email="invented-3@example.com").exists()


def test_registrations_for_one_email_address_are_limited_wherever_they_come_from(swing_out, charleston, settings):
    settings.RATELIMITS = {**settings.RATELIMITS, "checkout_email": "1/h"}
    first, second = Client(REMOTE_ADDR="10.0.0.1"), Client(REMOTE_ADDR="10.0.0.2")
    pick(first, swing_out)
    checkout(first, email="victim@example.com")
    pick(second, charleston)

    html = html_of(checkout(second, email="victim@example.com"))

    assert "many registrations from here" in html
    assert Order.objects.count() == 1
