"""Students' credit and referrals in the Wagtail admin (DESIGN §4 and §6).

The credit ledger is only ever added to: a wrong entry is put right by a new one, so no entry is
edited or deleted, and each listed entry shows its student's balance.
"""

from django import forms
from django.db.models import OuterRef, Subquery, Sum, Value
from django.db.models.functions import Concat
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import CreateView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from .admin.lockouts import LockoutViewSet
from .admin.users import AssignRoleBulkAction
from .credits import credit_balance, grant_credit
from .models import CreditEntry, Referral


def money(amount):
    """$95.00, and -$10.00 for money taken off."""
    return f"-${-amount:,.2f}" if amount < 0 else f"${amount:,.2f}"


def full_name(person):
    """A person's first and last name as one text, so that a search for "Ada Lovelace" finds her."""
    return Concat(f"{person}__first_name", Value(" "), f"{person}__last_name")


class RecordsViewSet(ModelViewSet):
    """Records the school's own rules write (checkouts, the credit ledger, referrals): the admin lists
    them, and inspects or adds them where the viewset enables it, but never edits or deletes one."""

    add_view_enabled = False
    copy_view_enabled = False
    # Nothing links to these records from pages or snippets: indexing their references would only slow the
    # checkout down (Wagtail would update the index on every save).
    add_to_reference_index = False

    def get_common_view_kwargs(self, **kwargs):
        # No view may link to the views these records don't have.
        missing = {"edit_url_name": None, "delete_url_name": None, "history_url_name": None, "usage_url_name": None}
        if not self.add_view_enabled:
            missing["add_url_name"] = None
        return super().get_common_view_kwargs(**{**missing, **kwargs})

    def get_urlpatterns(self):
        patterns = [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]
        if self.add_view_enabled:
            patterns.append(path("new/", self.add_view, name="add"))
        if self.inspect_view_enabled:
            patterns.append(path(f"inspect/<{self.pk_path_converter}:pk>/", self.inspect_view, name="inspect"))
        return patterns


# The credit ledger


class CreditEntryIndexView(IndexView):
    add_item_label = "Grant credit"

    def get_base_queryset(self):
        balance = (
            CreditEntry.objects.filter(user=OuterRef("user"))
            .order_by()
            .values("user")
            .annotate(balance=Sum("amount"))
            .values("balance")
        )
        return CreditEntry.objects.select_related("user", "created_by", "order").annotate(
            student_name=full_name("user"), balance=Subquery(balance)
        )


class GrantCreditForm(WagtailAdminModelForm):
    class Meta:
        model = CreditEntry
        fields = ["user", "amount", "reason"]
        labels = {"user": "Student"}
        help_texts = {
            "amount": "A negative amount takes credit back, to correct an earlier entry.",
            "reason": "Why, in a few words, for the record.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Two students may share a name: the email tells them apart.
        self.fields["user"].label_from_instance = lambda user: f"{user.get_full_name() or user.email} ({user.email})"

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount == 0:
            raise forms.ValidationError("Enter an amount other than zero.")
        return amount


class GrantCreditView(CreateView):
    page_subtitle = "Grant credit"
    submit_button_label = "Grant credit"
    submit_button_active_label = "Granting credit…"

    def save_instance(self):
        data = self.form.cleaned_data
        return grant_credit(data["user"], data["amount"], data["reason"], by=self.request.user)

    def get_success_message(self, instance):
        balance = money(credit_balance(instance.user))
        return f"{money(instance.amount)} credit for {instance.user}: {instance.reason}. Their balance is {balance}."

    def get_success_buttons(self):
        return []  # an entry is never edited


class CreditEntryViewSet(RecordsViewSet):
    model = CreditEntry
    name = "credits"
    icon = "list-ul"
    menu_label = "Credit ledger"
    add_view_enabled = True
    index_view_class = CreditEntryIndexView
    add_view_class = GrantCreditView
    list_display = [
        Column("user", label="Student"),
        Column("amount", label="Amount", accessor=lambda entry: money(entry.amount), sort_key="amount"),
        "reason",
        Column("order", label="Order", accessor=lambda entry: entry.order.reference if entry.order else ""),
        Column("created_by", label="By"),
        DateColumn("created_at", label="When", sort_key="created_at"),
        Column("balance", label="Balance now", accessor=lambda entry: money(entry.balance)),
    ]
    search_fields = ["student_name", "user__email"]
    ordering = "-created_at"

    def get_form_class(self, for_update=False):
        return GrantCreditForm


# Referrals


class ReferralIndexView(IndexView):
    def get_base_queryset(self):
        return Referral.objects.select_related("referrer", "referred", "reward").annotate(
            referrer_name=full_name("referrer"), referred_name=full_name("referred")
        )


def reward_granted(referral):
    if referral.reward is None:
        return "Not yet"
    granted_on = timezone.localdate(referral.reward.created_at)
    return f"{money(referral.reward.amount)} on {date_format(granted_on, 'M j, Y')}"


class ReferralViewSet(RecordsViewSet):
    model = Referral
    name = "referrals"
    icon = "user"
    index_view_class = ReferralIndexView
    list_display = [
        Column("referrer", label="Referrer"),
        Column("referred", label="Referred"),
        DateColumn("created_at", label="When", sort_key="created_at"),
        Column("reward", label="Reward", accessor=reward_granted),
    ]
    search_fields = ["referrer_name", "referred_name", "referrer__email", "referred__email"]
    ordering = "-created_at"


class CreditsGroup(ModelViewSetGroup):
    menu_label = "Credits"
    menu_icon = "tag"
    items = [CreditEntryViewSet, ReferralViewSet]


@hooks.register("register_admin_viewset")
def register_credits():
    return CreditsGroup()


@hooks.register("register_admin_viewset")
def register_lockouts():
    return LockoutViewSet()


# Registered after Wagtail's own "Assign role" (order 0), which it replaces.
hooks.register("register_bulk_action", AssignRoleBulkAction, order=1)
