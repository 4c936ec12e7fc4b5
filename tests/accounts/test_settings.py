"""A person's own settings: profile and photo, email preferences, password, the private calendar link, and their
credit history. Everything is the signed-in person's own; there is no address for anyone else's."""

import datetime
import io
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.utils import timezone
from PIL import Image

from accounts.models import DanceRole, User
from accounts.roles import ADMINS, TEACHERS
from classes.models import Registration
from tests.factories import PASSWORD, ClassOfferFactory, OrderFactory, SessionFactory, UserFactory
from tests.pages import html_of, shown_messages

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "lindy-hop-till-dawn-77"

OWN_PAGES = ["/account/settings/", "/account/password/", "/account/photo/", "/account/credit/"]


@pytest.fixture
def ann():
    return UserFactory(email="ann@example.com", first_name="Ann", last_name="Lee")


@pytest.fixture
def ann_client(client, ann):
    client.force_login(ann)
    return client


def picture(kind="PNG", size=(40, 30), name=None, **save_options):
    content = io.BytesIO()
    Image.new("RGB", size, (200, 30, 60)).save(content, format=kind, **save_options)
    return SimpleUploadedFile(name or f"me.{kind.lower()}", content.getvalue(), content_type=f"image/{kind.lower()}")


def profile(**changes):
    fields = {
        "form": "profile",
        "profile-first_name": "Ann",
        "profile-last_name": "Lee",
        "profile-preferred_dance_role": "follow",
        "profile-pronouns": "she/her",
    }
    fields.update({f"profile-{name}": value for name, value in changes.items()})
    return {name: value for name, value in fields.items() if value is not None}


def email_preferences(*chosen):
    """The email form with the boxes named in `chosen` ticked (an unticked box is not sent)."""
    return {"form": "email", **{f"email-{name}": "on" for name in chosen}}


def errors_of(response):
    assert response.status_code == 200
    return [
        error.get_text(strip=True) for error in BeautifulSoup(response.content, "html.parser").select(".field__error")
    ]


# Who may open the pages


@pytest.mark.parametrize("path", OWN_PAGES)
def test_the_pages_ask_visitors_to_log_in(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response.url == f"/account/login/?next={path}"


def test_resetting_the_calendar_link_asks_visitors_to_log_in(client, ann):
    response = client.post("/account/settings/calendar-link/")

    assert response.status_code == 302
    assert response.url.startswith("/account/login/")
    assert User.objects.get(pk=ann.pk).calendar_token == ann.calendar_token


@pytest.mark.parametrize("roles", [[], [TEACHERS], [ADMINS]], ids=["student", "teacher", "admin"])
def test_everyone_sees_their_own_settings_and_nobody_elses(client, roles):
    UserFactory(first_name="Zed", last_name="Other", pronouns="ze/zir", email_promotions=False)
    person = UserFactory(first_name="Pat", last_name="Park", pronouns="he/him", groups=roles)
    client.force_login(person)

    html = html_of(client.get("/account/settings/"))

    assert 'value="Pat"' in html
    assert 'value="he/him"' in html
    assert "Zed" not in html
    assert "ze/zir" not in html
    assert person.calendar_token in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_the_account_page_links_to_the_settings(ann_client):
    assert 'href="/account/settings/"' in html_of(ann_client.get("/account/"))


# Profile


def test_a_student_changes_their_profile_and_keeps_their_email_preferences(ann_client, ann):
    ann.email_promotions = False
    ann.save()

    response = ann_client.post(
        "/account/settings/", profile(first_name="Annie", last_name="Lee-Ray", pronouns="she/they"), follow=True
    )

    assert shown_messages(response) == ["Your profile is saved."]
    ann.refresh_from_db()
    assert (ann.first_name, ann.last_name, ann.pronouns) == ("Annie", "Lee-Ray", "she/they")
    assert ann.preferred_dance_role == DanceRole.FOLLOW
    assert ann.email_promotions is False  # the other form's choice stays
    assert ann.email == "ann@example.com"


def test_a_student_changes_their_email_preferences_and_keeps_their_profile(ann_client, ann):
    response = ann_client.post("/account/settings/", email_preferences("email_weekly_class"), follow=True)

    assert shown_messages(response) == ["Your email preferences are saved."]
    ann.refresh_from_db()
    assert (ann.email_weekly_class, ann.email_class_announcements, ann.email_promotions) == (True, False, False)
    assert (ann.first_name, ann.last_name) == ("Ann", "Lee")
    ticked = BeautifulSoup(html_of(response), "html.parser").select("input[type=checkbox][checked]")
    assert [box["name"] for box in ticked] == ["email-email_weekly_class"]


def test_a_new_person_gets_every_email_and_dances_either_role(ann):
    assert (ann.email_weekly_class, ann.email_class_announcements, ann.email_promotions) == (True, True, True)
    assert ann.preferred_dance_role == DanceRole.EITHER
    assert Registration.DanceRole is DanceRole


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"first_name": ""}, "This field is required."),
        ({"first_name": "A" * 10_000}, "Ensure this value has at most 150 characters (it has 10000)."),
        ({"last_name": "Lee\x00"}, "Null characters are not allowed."),
        ({"pronouns": "x" * 41}, "Ensure this value has at most 40 characters (it has 41)."),
        ({"preferred_dance_role": "tango"}, "Select a valid choice. tango is not one of the available choices."),
        ({"preferred_dance_role": None}, "This field is required."),
    ],
    ids=["no first name", "huge name", "NUL byte", "long pronouns", "unknown role", "no role"],
)
def test_a_profile_that_does_not_hold_is_refused_and_nothing_is_saved(ann_client, ann, changes, error):
    response = ann_client.post("/account/settings/", profile(**changes))

    assert errors_of(response) == [error]
    assert shown_messages(response) == ["Please correct what's marked below: nothing was saved."]
    assert "Hello" not in html_of(response)
    saved = User.objects.get(pk=ann.pk)
    assert (saved.first_name, saved.last_name, saved.pronouns) == ("Ann", "Lee", "")


def test_an_unknown_form_on_the_settings_page_changes_nothing(ann_client, ann):
    response = ann_client.post("/account/settings/", {"form": "is_staff", "is_staff": "on", "first_name": "Eve"})

    assert response.status_code == 200
    saved = User.objects.get(pk=ann.pk)
    assert (saved.first_name, saved.is_staff) == ("Ann", False)


def test_the_settings_forms_need_their_csrf_token(ann):
    client = Client(enforce_csrf_checks=True)
    client.force_login(ann)

    assert client.post("/account/settings/", email_preferences()).status_code == 403
    assert client.post("/account/settings/calendar-link/").status_code == 403
    assert User.objects.get(pk=ann.pk).email_promotions is True


def test_the_registration_form_starts_with_the_preferred_dance_role(ann_client, ann):
    ann.preferred_dance_role = DanceRole.LEAD
    ann.save()
    today = timezone.localdate()
    session = SessionFactory(key_day_date=today + datetime.timedelta(days=10), publish_date=today, max_day_shift=0)
    ann_client.post("/register/add/", {"class_offer": ClassOfferFactory(session=session).pk})

    html = html_of(ann_client.get("/register/"))

    assert BeautifulSoup(html, "html.parser").select_one("input[name=dance_role][checked]")["value"] == "lead"


# Photo


def test_a_student_adds_a_photo_and_sees_it_served_to_them_alone(ann_client, ann, client):
    response = ann_client.post("/account/settings/", profile(photo=picture("PNG")), follow=True)

    assert shown_messages(response) == ["Your profile is saved."]
    ann.refresh_from_db()
    assert ann.photo.name.startswith("students/")
    assert ann.photo.name.endswith(".png")
    assert "me.png" not in ann.photo.name  # a name of its own, not the one on the person's computer
    html = html_of(response)
    assert 'src="/account/photo/"' in html
    assert "/media/" not in html

    photo = ann_client.get("/account/photo/")
    assert photo.status_code == 200
    assert photo["Content-Type"] == "image/png"
    assert "private" in photo["Cache-Control"]
    assert "no-store" in photo["Cache-Control"]
    assert Image.open(io.BytesIO(b"".join(photo.streaming_content))).size == (40, 30)

    client.force_login(UserFactory())  # someone else, with no photo, gets none: not Ann's
    assert client.get("/account/photo/").status_code == 404


def test_a_large_photo_is_kept_smaller_and_without_the_cameras_notes(ann_client, ann):
    exif = Image.Exif()
    exif[0x010F] = "Phone maker"  # Make
    exif[0x9286] = "Where I live"  # a user comment would do as well as GPS for the test
    ann_client.post("/account/settings/", profile(photo=picture("JPEG", size=(3000, 2000), exif=exif.tobytes())))

    ann.refresh_from_db()
    with Image.open(ann.photo.path) as kept:
        assert kept.format == "JPEG"
        assert kept.size == (1200, 800)
        assert not kept.getexif()


@pytest.mark.parametrize(
    ("upload", "error"),
    [
        (
            SimpleUploadedFile("me.jpg", b"<?php echo 'not a picture'; ?>", content_type="image/jpeg"),
            "That file isn't a picture we can use: please choose a JPEG, PNG or WebP photo.",
        ),
        (
            SimpleUploadedFile("me.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, content_type="image/png"),
            "That file isn't a picture we can use: please choose a JPEG, PNG or WebP photo.",
        ),
        (picture("GIF"), "That file isn't a picture we can use: please choose a JPEG, PNG or WebP photo."),
        (
            picture("GIF", name="me.jpg"),
            "That file isn't a picture we can use: please choose a JPEG, PNG or WebP photo.",
        ),
    ],
    ids=["text named .jpg", "broken png", "gif", "gif named .jpg"],
)
def test_a_file_that_is_not_a_photo_is_refused(ann_client, ann, upload, error):
    response = ann_client.post("/account/settings/", profile(photo=upload))

    assert error in errors_of(response)
    assert not User.objects.get(pk=ann.pk).photo


def test_a_photo_over_5_mb_is_refused(ann_client, ann):
    noise = Image.frombytes("RGB", (1400, 1400), bytes(range(256)) * (1400 * 1400 * 3 // 256 + 1))
    content = io.BytesIO()
    noise.save(content, format="PNG", compress_level=0)
    assert content.tell() > 5 * 1024 * 1024
    upload = SimpleUploadedFile("big.png", content.getvalue(), content_type="image/png")

    response = ann_client.post("/account/settings/", profile(photo=upload))

    assert errors_of(response) == ["That photo is larger than 5 MB: please choose a smaller one."]
    assert not User.objects.get(pk=ann.pk).photo


def test_a_replaced_or_removed_photo_is_gone(ann_client, ann):
    ann_client.post("/account/settings/", profile(photo=picture("PNG")))
    ann.refresh_from_db()
    first = ann.photo.name
    storage = ann.photo.storage

    ann_client.post("/account/settings/", profile(photo=picture("WEBP")))
    ann.refresh_from_db()
    assert ann.photo.name.endswith(".webp")
    assert not storage.exists(first)
    assert ann_client.get("/account/photo/")["Content-Type"] == "image/webp"

    second = ann.photo.name
    response = ann_client.post("/account/settings/", profile(remove_photo="on"), follow=True)
    assert shown_messages(response)[-1] == "Your profile is saved."
    ann.refresh_from_db()
    assert not ann.photo
    assert not storage.exists(second)
    assert ann_client.get("/account/photo/").status_code == 404


def test_saving_the_profile_without_a_new_photo_keeps_the_photo(ann_client, ann):
    ann_client.post("/account/settings/", profile(photo=picture("PNG")))
    ann.refresh_from_db()
    kept = ann.photo.name

    ann_client.post("/account/settings/", profile(pronouns="she/her"))
    ann_client.post("/account/settings/", email_preferences())

    ann.refresh_from_db()
    assert ann.photo.name == kept
    assert ann.photo.storage.exists(kept)


# Password


def test_a_student_changes_their_password_and_stays_logged_in(client, ann):
    client.force_login(ann)
    fields = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}

    response = client.post("/account/password/", fields, follow=True)

    assert response.redirect_chain[-1][0] == "/account/settings/"
    assert shown_messages(response) == ["Your password is changed."]
    assert client.get("/account/").status_code == 200  # still logged in
    ann.refresh_from_db()
    assert ann.check_password(NEW_PASSWORD)


def test_a_wrong_old_password_changes_nothing(ann_client, ann):
    fields = {"old_password": "guess", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}

    response = ann_client.post("/account/password/", fields)

    assert "Your old password was entered incorrectly. Please enter it again." in errors_of(response)
    ann.refresh_from_db()
    assert ann.check_password(PASSWORD)


def test_the_settings_page_links_to_the_password_change(ann_client):
    assert 'href="/account/password/"' in html_of(ann_client.get("/account/settings/"))


# The private calendar link


def test_resetting_the_calendar_link_shuts_the_old_one_out(client, ann_client, ann):
    old_link = f"/account/calendar/{ann.calendar_token}.ics"
    assert client.get(old_link).status_code == 200

    response = ann_client.post("/account/settings/calendar-link/", follow=True)

    ann.refresh_from_db()
    new_link = f"/account/calendar/{ann.calendar_token}.ics"
    assert new_link != old_link
    assert shown_messages(response) == [
        "Your calendar has a new private link: the old one no longer works. Subscribe again with the new one."
    ]
    assert f"http://testserver{new_link}" in html_of(response)
    assert client.get(old_link).status_code == 404
    assert client.get(new_link).status_code == 200


def test_the_calendar_link_is_reset_only_by_a_form_sent(ann_client, ann):
    assert ann_client.get("/account/settings/calendar-link/").status_code == 405
    assert User.objects.get(pk=ann.pk).calendar_token == ann.calendar_token


def test_everyone_has_a_calendar_link_of_their_own():
    tokens = {UserFactory().calendar_token for _ in range(5)}

    assert len(tokens) == 5
    assert all(len(token) == 43 for token in tokens)


# Credit


def test_the_credit_history_lists_the_students_own_credit_with_the_balance_after_each_line(ann_client, ann):
    order = OrderFactory(attendee=ann, reference="CREDIT23")
    ann.credit_entries.create(amount=Decimal("20.00"), reason="Referral: Bob Ray")
    ann.credit_entries.create(amount=Decimal("-15.00"), reason="Used on order CREDIT23", order=order)
    UserFactory().credit_entries.create(amount=Decimal("50.00"), reason="Someone else's referral")

    html = html_of(ann_client.get("/account/credit/"))

    assert "Your credit: $5" in html
    items = [item.get_text(" ", strip=True) for item in BeautifulSoup(html, "html.parser").select(".credit-item")]
    assert len(items) == 2
    assert "Used on order CREDIT23" in items[0]
    assert "Used -$15" in items[0]
    assert "Balance after $5" in items[0]
    assert 'href="/register/order/CREDIT23/"' in html
    assert "Referral: Bob Ray" in items[1]
    assert "Given +$20" in items[1]
    assert "Balance after $20" in items[1]
    assert "Someone else" not in html


def test_a_student_without_credit_reads_what_would_show_there(ann_client):
    html = html_of(ann_client.get("/account/credit/"))

    assert "Your credit: $0" in html
    assert "credit-item" not in html


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_gives_each_person_already_here_a_calendar_token_of_their_own():
    executor = MigrationExecutor(connection)
    before, after = [("accounts", "0006_user_phone")], [("accounts", "0007_user_settings")]
    executor.migrate(before)
    OldUser = executor.loader.project_state(before).apps.get_model("accounts", "User")
    for number in range(3):
        OldUser.objects.create(email=f"old{number}@example.com", password="!")

    executor.loader.build_graph()
    executor.migrate(after)

    tokens = list(User.objects.values_list("calendar_token", flat=True))
    assert len(tokens) == len(set(tokens)) == 3
    assert all(len(token) == 43 for token in tokens)
