"""A student's data (DESIGN §5): what the download holds (their own rows only), the JSON and the CSV bundle, closing
an account (anonymised, amounts kept), and the same for an admin at the student's request, logged and refused to
anyone else."""

import csv
import datetime
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from accounts.credits import grant_credit
from accounts.models import User
from accounts.roles import STUDENTS
from classes.models import Attendance, Order, Payment, Registration, Review
from classes.services.personal_data import AccountClosingError, close_account, personal_data
from tests.factories import (
    PASSWORD,
    ClassOfferFactory,
    OrderFactory,
    RegistrationFactory,
    ReviewFactory,
    SessionFactory,
    SubjectPageFactory,
    TeacherFactory,
    UserFactory,
)
from tests.pages import html_of, refused, shown_messages

pytestmark = pytest.mark.django_db

PARTS = ["profile", "registrations", "orders", "payments", "credit", "attendance", "reviews"]


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 18, 20, 0, tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def october_lindy():
    """Thursdays Sep 24 to Oct 22: finished."""
    session = SessionFactory(name="October 2026", key_day_date=datetime.date(2026, 9, 24))
    return ClassOfferFactory(session=session, subject=SubjectPageFactory(title="Lindy 1"))


@pytest.fixture
def december_charleston():
    session = SessionFactory(name="December 2026", key_day_date=datetime.date(2026, 12, 10))
    return ClassOfferFactory(session=session, subject=SubjectPageFactory(title="Charleston"))


def paid_online(order, **billing):
    return Payment.objects.create(
        order=order,
        variant="dummy",
        status="confirmed",
        currency=settings.CURRENCY,
        total=order.total,
        captured_amount=order.total,
        **billing,
    )


@pytest.fixture
def ada(october_lindy):
    """A student with a past class she paid for online, came to once, reviewed (signed) and has credit."""
    student = UserFactory(
        first_name="Ada", last_name="Lovelace", email="ada@example.com", phone="206-555-0100", groups=[STUDENTS]
    )
    registration = RegistrationFactory(
        attendee=student, class_offer=october_lindy, order=OrderFactory(attendee=student, method="dummy")
    )
    paid_online(
        registration.order,
        billing_first_name="Ada",
        billing_last_name="Lovelace",
        billing_email="ada@example.com",
        billing_city="Seattle",
        customer_ip_address="203.0.113.9",
    )
    Attendance.objects.create(registration=registration, meeting=october_lindy.meetings.get(number=1))
    ReviewFactory(author=student, class_offer=october_lindy, text="Swing-outs at last", signed=True)
    grant_credit(student, Decimal("15.00"), "Snow day")
    return student


@pytest.fixture
def bob(october_lindy):
    """Another student of the same class."""
    student = UserFactory(first_name="Bob", last_name="Ray", email="bob@example.com", groups=[STUDENTS])
    registration = RegistrationFactory(attendee=student, class_offer=october_lindy)
    paid_online(registration.order, billing_first_name="Bob", billing_email="bob@example.com")
    ReviewFactory(author=student, class_offer=october_lindy, text="Bob's words")
    return student


def logged_in(person):
    client = Client()
    client.force_login(person)
    return client


def bundle(response):
    """The CSV files of a downloaded .zip, by part, as lists of rows (dicts)."""
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return {
        name.removesuffix(".csv"): list(csv.DictReader(io.StringIO(archive.read(name).decode())))
        for name in archive.namelist()
    }


def log_entries(person, action):
    return ModelLogEntry.objects.filter(object_id=str(person.pk), action=action)


# What the download holds


def test_the_data_holds_every_part_of_the_students_own_rows(ada, bob, october_lindy):
    data = personal_data(ada)

    assert list(data) == PARTS
    assert data["profile"]["email"] == "ada@example.com"
    assert data["profile"]["phone"] == "206-555-0100"
    assert [row["class"] for row in data["registrations"]] == ["Lindy 1"]
    assert [row["reference"] for row in data["orders"]] == [ada.orders.get().reference]
    assert data["orders"][0]["amount_owed"] == Decimal("0.00")
    assert [(row["received"], row["billing_email"]) for row in data["payments"]] == [
        (Decimal("95.00"), "ada@example.com")
    ]
    assert [row["amount"] for row in data["credit"]] == [Decimal("15.00")]
    assert [(row["class_number"], row["status"]) for row in data["attendance"]] == [(1, "present")]
    assert [(row["of"], row["text"], row["signed"]) for row in data["reviews"]] == [
        ("the class", "Swing-outs at last", True)
    ]


def test_the_profile_is_every_field_of_the_user_but_the_password_and_permission_flags(ada):
    profile = personal_data(ada)["profile"]

    fields = {field.name for field in User._meta.concrete_fields}
    assert set(profile) == fields - {"password", "is_staff", "is_superuser"}


def test_another_students_orders_payments_and_reviews_never_appear(ada, bob):
    text = json.dumps(personal_data(ada), default=str)

    assert bob.orders.get().reference not in text
    assert "bob@example.com" not in text
    assert "Bob's words" not in text


def test_an_order_paid_for_someone_else_is_in_the_payers_data_and_the_attendees(ada, october_lindy):
    child = UserFactory(first_name="Kim")
    RegistrationFactory(attendee=child, class_offer=october_lindy, order=OrderFactory(attendee=child, payer=ada))

    assert len(personal_data(ada)["orders"]) == 2
    assert [row["payer"] for row in personal_data(child)["orders"]] == ["ada@example.com"]
    assert personal_data(child)["registrations"][0]["class"] == "Lindy 1"


def test_the_json_download_is_valid_json_saved_as_a_file_and_never_cached(ada):
    response = logged_in(ada).get(reverse("account_data_json"))

    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="hepcat-data.json"'
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["profile"]["first_name"] == "Ada"
    assert data["payments"][0]["received"] == "95.00"
    assert "password" not in data["profile"]


def test_the_csv_download_is_a_zip_of_one_csv_a_part_each_with_its_headings(ada):
    response = logged_in(ada).get(reverse("account_data_csv"))

    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="hepcat-data.zip"'
    files = bundle(response)
    assert sorted(files) == sorted(PARTS)
    assert files["profile"][0]["email"] == "ada@example.com"
    assert files["registrations"][0]["status"] == "Confirmed"
    assert files["payments"][0]["customer_ip_address"] == "203.0.113.9"


def test_an_empty_part_still_has_its_heading_row(client):
    newcomer = UserFactory()
    client.force_login(newcomer)

    archive = zipfile.ZipFile(io.BytesIO(client.get(reverse("account_data_csv")).content))

    assert archive.read("reviews.csv").decode().splitlines() == [
        "class,session,of,rating,text,signed,written_at,changed_at"
    ]


def test_downloads_are_written_in_the_students_history_with_who_took_them(ada):
    logged_in(ada).get(reverse("account_data_json"))

    entry = log_entries(ada, "classes.personal_data.downloaded").get()
    assert entry.user == ada
    assert entry.data["format"] == "JSON"


def test_downloads_are_limited_per_student(settings, ada):
    settings.RATELIMITS = {**settings.RATELIMITS, "data_download": "2/h"}
    client = logged_in(ada)

    assert client.get(reverse("account_data_json")).status_code == 200
    assert client.get(reverse("account_data_csv")).status_code == 200
    response = client.get(reverse("account_data_json"))

    assert response.status_code == 302
    assert response.url == reverse("account_data")
    assert "try again later" in shown_messages(response)[0]
    assert logged_in(UserFactory()).get(reverse("account_data_json")).status_code == 200


def test_the_data_page_offers_both_downloads_and_is_linked_from_the_account_page(ada):
    client = logged_in(ada)

    assert f'href="{reverse("account_data")}"' in html_of(client.get("/account/"))
    html = html_of(client.get(reverse("account_data")))
    assert reverse("account_data_json") in html
    assert reverse("account_data_csv") in html


@pytest.mark.parametrize("name", ["account_data", "account_data_json", "account_data_csv", "account_close"])
def test_visitors_are_asked_to_log_in(client, name):
    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response.url.startswith("/account/login/")


@pytest.mark.parametrize("who", ["another student", "teacher", "admin"])
def test_everyone_downloads_only_their_own_data(admin, ada, who):
    person = {"another student": UserFactory(groups=[STUDENTS]), "teacher": TeacherFactory(), "admin": admin}[who]
    client = logged_in(person)

    data = json.loads(client.get(reverse("account_data_json")).content)
    files = bundle(client.get(reverse("account_data_csv")))

    assert data["profile"]["email"] == person.email
    assert files["profile"][0]["email"] == person.email
    assert "ada@example.com" not in json.dumps(data) + json.dumps(files)
    assert "Lovelace" not in json.dumps(data) + json.dumps(files)


# Closing your account


def close_with(client, password=PASSWORD):
    return client.post(reverse("account_close"), {"password": password})


def test_closing_anonymises_the_student_and_logs_them_out(ada):
    client = logged_in(ada)

    assert "Your account is closed" in html_of(close_with(client))

    ada.refresh_from_db()
    assert ada.email == f"closed-{ada.pk}@closed.invalid"
    assert (ada.first_name, ada.last_name, ada.phone) == ("", "", "")
    assert not ada.has_usable_password()
    assert not ada.is_active
    assert client.get("/account/").status_code == 302
    login = Client().post(reverse("account_login"), {"username": "ada@example.com", "password": PASSWORD})
    assert not login.wsgi_request.user.is_authenticated


def test_closing_puts_every_other_profile_field_back_to_a_new_accounts(ada):
    ada.pronouns, ada.preferred_dance_role, ada.email_promotions = "she/her", "follow", False
    ada.photo.save("ada.jpg", ContentFile(b"a photo of Ada"))
    photo, old_token = ada.photo.name, ada.calendar_token
    old_feed = reverse("account_calendar_feed", args=[old_token])
    assert Client().get(old_feed).status_code == 200

    close_account(ada, by=ada)

    ada.refresh_from_db()
    new = User()
    assert (ada.pronouns, ada.photo.name) == ("", "")
    assert (ada.preferred_dance_role, ada.email_promotions) == (new.preferred_dance_role, new.email_promotions)
    assert not default_storage.exists(photo)
    assert ada.calendar_token != old_token
    assert Client().get(old_feed).status_code == 404


def test_closing_keeps_the_amounts_but_not_who_paid(ada):
    order = ada.orders.get()

    close_with(logged_in(ada))

    order = Order.objects.with_amounts().get(pk=order.pk)
    assert (order.total, order.amount_paid, order.amount_owed) == (Decimal("95.00"), Decimal("95.00"), 0)
    payment = order.payments.get()
    assert payment.captured_amount == Decimal("95.00")
    assert (payment.billing_first_name, payment.billing_last_name, payment.billing_email) == ("", "", "")
    assert payment.billing_city == ""
    assert payment.customer_ip_address is None
    assert order.registrations.get().status == Registration.Status.CONFIRMED


def test_closing_makes_the_students_reviews_anonymous_and_leaves_others_alone(ada, bob):
    bob_review = bob.reviews.get()
    bob_review.signed = True
    bob_review.save()

    close_with(logged_in(ada))

    assert not Review.objects.get(author=ada).signed
    assert Review.objects.get(text="Swing-outs at last").signed_by is None
    assert Review.objects.get(author=bob).signed
    assert Payment.objects.get(order__attendee=bob).billing_email == "bob@example.com"


def test_closing_is_written_in_the_history_which_no_longer_names_the_student(ada):
    logged_in(ada).get(reverse("account_data_json"))  # an earlier entry, labelled with her name

    close_with(logged_in(ada))

    closed = log_entries(ada, "classes.account.closed").get()
    assert closed.user == ada
    assert not ModelLogEntry.objects.filter(object_id=str(ada.pk), label__icontains="Lovelace").exists()


def test_a_wrong_password_closes_nothing(ada):
    html = html_of(close_with(logged_in(ada), "not-my-password"))

    assert "That isn't your password." in html
    ada.refresh_from_db()
    assert ada.is_active
    assert ada.email == "ada@example.com"


def test_a_student_with_a_place_in_a_class_not_finished_is_asked_to_cancel_first(ada, december_charleston):
    RegistrationFactory(attendee=ada, class_offer=december_charleston, status=Registration.Status.WAITLISTED)
    client = logged_in(ada)

    html = html_of(client.get(reverse("account_close")))
    assert "You still have a place in Charleston (Thursdays)" in html
    assert 'name="password"' not in html

    html = html_of(close_with(client))
    assert "There is still a place in Charleston (Thursdays)" in html
    ada.refresh_from_db()
    assert ada.is_active


def test_a_cancelled_place_does_not_stop_closing(ada, december_charleston):
    RegistrationFactory(attendee=ada, class_offer=december_charleston, status=Registration.Status.CANCELLED)

    close_account(ada, by=ada)

    assert not User.objects.get(pk=ada.pk).is_active


def test_a_teachers_account_is_not_closed_this_way():
    teacher = TeacherFactory()

    with pytest.raises(AccountClosingError, match="teacher's or an admin's role"):
        close_account(teacher, by=teacher)
    assert User.objects.get(pk=teacher.pk).is_active


def test_the_close_form_needs_the_csrf_token(ada):
    client = Client(enforce_csrf_checks=True)
    client.force_login(ada)

    assert close_with(client).status_code == 403
    assert User.objects.get(pk=ada.pk).is_active


# For an admin, at the student's request


def admin_pages(person):
    return [reverse("personal_data:download", args=[person.pk]), reverse("personal_data:close", args=[person.pk])]


def test_an_admin_downloads_a_students_data_and_it_is_logged_as_theirs(admin_client, admin, ada, bob):
    response = admin_client.post(reverse("personal_data:download", args=[ada.pk]), {"kind": "csv"})

    assert response["Content-Disposition"] == 'attachment; filename="hepcat-data.zip"'
    files = bundle(response)
    assert [row["email"] for row in files["profile"]] == ["ada@example.com"]
    assert "bob@example.com" not in json.dumps(files)
    entry = log_entries(ada, "classes.personal_data.downloaded").get()
    assert entry.user == admin
    assert entry.data["format"] == "CSV files"


def test_an_admin_closes_a_students_account_and_it_is_logged_with_who_did_it(admin_client, admin, ada):
    students_session = logged_in(ada)

    response = admin_client.post(reverse("personal_data:close", args=[ada.pk]), {})

    assert response.status_code == 302
    assert shown_messages(response) == ["The account is closed: its personal details are removed."]
    ada.refresh_from_db()
    assert not ada.is_active
    assert ada.email.endswith("@closed.invalid")
    assert log_entries(ada, "classes.account.closed").get().user == admin
    assert students_session.get("/account/").status_code == 302


def test_an_admin_is_told_why_an_account_cannot_be_closed(admin_client, ada, december_charleston):
    RegistrationFactory(attendee=ada, class_offer=december_charleston)

    html = html_of(admin_client.get(reverse("personal_data:close", args=[ada.pk])))
    assert "First, cancel their place in Charleston" in html

    html = html_of(admin_client.post(reverse("personal_data:close", args=[ada.pk]), {}))
    assert "There is still a place in Charleston (Thursdays)" in html
    assert User.objects.get(pk=ada.pk).is_active
    assert not log_entries(ada, "classes.account.closed").exists()


def test_the_user_page_and_list_offer_both_actions_to_an_admin(admin_client, ada):
    edit = html_of(admin_client.get(reverse("wagtailusers_users:edit", args=[ada.pk])))
    users = html_of(admin_client.get(reverse("wagtailusers_users:index")))

    for html in (edit, users):
        for page in admin_pages(ada):
            assert page in html


def test_a_closed_account_offers_no_second_closing(admin_client, ada):
    close_account(ada, by=ada)

    html = html_of(admin_client.get(reverse("wagtailusers_users:edit", args=[ada.pk])))

    assert reverse("personal_data:download", args=[ada.pk]) in html
    assert reverse("personal_data:close", args=[ada.pk]) not in html


def test_a_teacher_is_refused_both_actions(client, ada):
    client.force_login(TeacherFactory())

    for page in admin_pages(ada):
        assert refused(client.get(page)), page
    assert refused(client.post(reverse("personal_data:close", args=[ada.pk]), {}))
    assert refused(client.post(reverse("personal_data:download", args=[ada.pk]), {"kind": "json"}))
    assert User.objects.get(pk=ada.pk).is_active
    assert not ModelLogEntry.objects.filter(object_id=str(ada.pk), action__startswith="classes.").exists()


@pytest.mark.parametrize("who", ["visitor", "another student"])
def test_visitors_and_students_are_sent_to_the_admins_login(client, ada, bob, who):
    if who == "another student":
        client.force_login(bob)

    for page in admin_pages(ada):
        response = client.get(page)
        assert response.status_code == 302
        assert response.url.startswith(reverse("wagtailadmin_login"))
    client.post(reverse("personal_data:close", args=[ada.pk]), {})
    assert User.objects.get(pk=ada.pk).is_active


def test_an_admin_may_not_act_on_a_superusers_account(admin_client, django_user_model):
    superuser = django_user_model.objects.create_superuser("root@hepcat.example", PASSWORD)

    for page in admin_pages(superuser):
        assert refused(admin_client.get(page)), page
    assert User.objects.get(pk=superuser.pk).is_active
