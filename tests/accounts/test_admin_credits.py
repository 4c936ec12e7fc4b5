"""Students' credit and referrals in the Wagtail admin: the ledger, granting credit, referrals, access."""

import datetime
from decimal import Decimal

import pytest
from django.urls import NoReverseMatch, reverse

from accounts.credits import credit_balance, grant_credit
from accounts.models import CreditEntry, Referral
from accounts.roles import STUDENTS
from tests.factories import TeacherFactory, UserFactory
from tests.pages import listing, refused, shown_messages

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada():
    return UserFactory(first_name="Ada", last_name="Lovelace", email="ada@example.com", groups=[STUDENTS])


@pytest.fixture
def charles():
    return UserFactory(first_name="Charles", last_name="Babbage", email="charles@example.com", groups=[STUDENTS])


# The ledger


def test_the_ledger_lists_each_entry_with_the_students_balance(admin_client, admin, ada, charles, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 2, 20, 0, tzinfo=datetime.UTC), tick=False)
    grant_credit(ada, Decimal("20.00"), "Class cancelled for snow", by=admin)
    time_machine.shift(datetime.timedelta(days=1))
    grant_credit(ada, Decimal("-5.00"), "Correction: snow credit was $15", by=admin)
    grant_credit(charles, Decimal("10.00"), "Referral reward")

    rows = listing(admin_client.get(reverse("credits:index")))

    for row in rows:
        assert row.pop("When")
    assert sorted(rows, key=lambda row: (row["Student"], row["Amount"])) == [
        {
            "Student": "Ada Lovelace",
            "Amount": "$20.00",
            "Reason": "Class cancelled for snow",
            "Order": "",
            "By": "Avery Admin",
            "Balance now": "$15.00",
        },
        {
            "Student": "Ada Lovelace",
            "Amount": "-$5.00",
            "Reason": "Correction: snow credit was $15",
            "Order": "",
            "By": "Avery Admin",
            "Balance now": "$15.00",
        },
        {
            "Student": "Charles Babbage",
            "Amount": "$10.00",
            "Reason": "Referral reward",
            "Order": "",
            "By": "",
            "Balance now": "$10.00",
        },
    ]


@pytest.mark.parametrize("query", ["lovelace", "Ada Lovelace", "ADA@EXAMPLE.COM"])
def test_the_ledger_is_searched_by_student(admin_client, ada, charles, query):
    grant_credit(ada, Decimal("20.00"), "Class cancelled for snow")
    grant_credit(charles, Decimal("10.00"), "Referral reward")

    response = admin_client.get(reverse("credits:index"), {"q": query})

    assert [entry.user for entry in response.context["object_list"]] == [ada]


def test_the_ledger_takes_as_many_queries_for_thirty_entries_as_for_five(
    admin_client, admin, django_assert_max_num_queries
):
    def add_entries(count):
        for _ in range(count):
            grant_credit(UserFactory(), Decimal("10.00"), "Welcome back", by=admin)

    add_entries(5)
    admin_client.get(reverse("credits:index"))
    with django_assert_max_num_queries(20) as five_entries:
        admin_client.get(reverse("credits:index"))

    add_entries(25)
    with django_assert_max_num_queries(len(five_entries.captured_queries)):
        admin_client.get(reverse("credits:index"))


# Granting credit


def test_an_admin_grants_credit_and_is_recorded_as_granting_it(admin_client, admin, ada):
    grant_credit(ada, Decimal("10.00"), "Referral reward")

    form_page = admin_client.get(reverse("credits:add"))
    response = admin_client.post(
        reverse("credits:add"), {"user": ada.pk, "amount": "25.50", "reason": "Missed two classes: injury"}
    )

    assert form_page.status_code == 200
    assert reverse("student_chooser:choose") in form_page.content.decode()  # a search, not a list of everyone
    assert response.status_code == 302
    assert response.url == reverse("credits:index")
    entry = CreditEntry.objects.get(reason="Missed two classes: injury")
    assert (entry.user, entry.amount, entry.created_by, entry.order) == (ada, Decimal("25.50"), admin, None)
    assert credit_balance(ada) == Decimal("35.50")
    assert shown_messages(response) == [
        "$25.50 credit for Ada Lovelace: Missed two classes: injury. Their balance is $35.50."
    ]


def test_a_negative_amount_corrects_an_earlier_entry(admin_client, ada):
    grant_credit(ada, Decimal("20.00"), "Class cancelled for snow")

    response = admin_client.post(
        reverse("credits:add"), {"user": ada.pk, "amount": "-5", "reason": "Correction: snow credit was $15"}
    )

    assert response.status_code == 302
    assert credit_balance(ada) == Decimal("15.00")
    assert CreditEntry.objects.count() == 2
    assert shown_messages(response) == [
        "-$5.00 credit for Ada Lovelace: Correction: snow credit was $15. Their balance is $15.00."
    ]


@pytest.mark.parametrize(
    ("fields", "field", "error"),
    [
        ({"amount": "0"}, "amount", "Enter an amount other than zero."),
        ({"amount": "ten"}, "amount", "Enter a number."),
        ({"amount": ""}, "amount", "This field is required."),
        ({"amount": "1.005"}, "amount", "Ensure that there are no more than 2 decimal places."),
        ({"reason": ""}, "reason", "This field is required."),
        ({"user": ""}, "user", "This field is required."),
    ],
)
def test_a_bad_grant_is_refused_with_a_clear_message_and_saves_nothing(admin_client, ada, fields, field, error):
    response = admin_client.post(
        reverse("credits:add"), {"user": ada.pk, "amount": "10.00", "reason": "Welcome back", **fields}
    )

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [error]
    assert not CreditEntry.objects.exists()


def test_a_refused_grant_shows_the_chosen_student_by_name_and_email(admin_client, ada):
    response = admin_client.post(reverse("credits:add"), {"user": ada.pk, "amount": "0", "reason": "Welcome back"})

    assert "Ada Lovelace (ada@example.com)" in response.content.decode()
    assert "Charles Babbage" not in response.content.decode()


def test_entries_are_never_edited_or_deleted(admin_client, ada):
    entry = grant_credit(ada, Decimal("20.00"), "Class cancelled for snow")

    response = admin_client.get(reverse("credits:index"))

    for name in ["credits:edit", "credits:delete", "credits:inspect"]:
        with pytest.raises(NoReverseMatch):
            reverse(name, args=[entry.pk])
    assert admin_client.get(f"/admin/credits/edit/{entry.pk}/").status_code == 404
    assert admin_client.get(f"/admin/credits/delete/{entry.pk}/").status_code == 404
    assert b"/edit/" not in response.content
    assert b"/delete/" not in response.content
    assert reverse("credits:add") in response.content.decode()


# Referrals


def test_the_referrals_listing_shows_who_referred_whom_and_whether_the_reward_was_granted(admin_client, ada, charles):
    mary = UserFactory(first_name="Mary", last_name="Somerville")
    reward = grant_credit(ada, Decimal("10.00"), "Referral reward: Charles Babbage joined the school")
    reward.created_at = datetime.datetime(2026, 11, 3, 20, 0, tzinfo=datetime.UTC)
    reward.save()
    Referral.objects.create(referrer=ada, referred=charles, reward=reward)
    Referral.objects.create(referrer=ada, referred=mary)

    rows = listing(admin_client.get(reverse("referrals:index")))

    for row in rows:
        assert row.pop("When")
    assert sorted(rows, key=lambda row: row["Referred"]) == [
        {"Referrer": "Ada Lovelace", "Referred": "Charles Babbage", "Reward": "$10.00 on Nov 3, 2026"},
        {"Referrer": "Ada Lovelace", "Referred": "Mary Somerville", "Reward": "Not yet"},
    ]
    assert [
        str(referral.referred)
        for referral in admin_client.get(reverse("referrals:index"), {"q": "somerville"}).context["object_list"]
    ] == ["Mary Somerville"]


# Who may


def credit_pages():
    return [reverse("credits:index"), reverse("credits:add"), reverse("referrals:index")]


def test_teachers_cannot_see_or_grant_credit(client, ada):
    client.force_login(TeacherFactory())

    for page in credit_pages():
        assert refused(client.get(page)), page
    assert refused(client.post(reverse("credits:add"), {"user": ada.pk, "amount": "50", "reason": "Thanks"}))
    assert not CreditEntry.objects.exists()


@pytest.mark.parametrize("role", [STUDENTS, None])
def test_students_and_visitors_are_sent_to_log_in(client, ada, role):
    if role:
        client.force_login(ada)

    for page in credit_pages():
        response = client.get(page)
        assert response.status_code == 302
        assert response.url.startswith(reverse("wagtailadmin_login"))
    client.post(reverse("credits:add"), {"user": ada.pk, "amount": "50", "reason": "Free classes for me"})
    assert not CreditEntry.objects.exists()
