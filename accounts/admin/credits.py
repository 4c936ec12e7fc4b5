"""Students' credit and referrals in the Wagtail admin (DESIGN §4 and §6).

The credit ledger is only ever added to: a wrong entry is put right by a new one, so no entry is
edited or deleted, and each listed entry shows its student's balance.
"""

from django import forms
from django.db.models import OuterRef, Subquery, Sum
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, IndexView
from wagtail.admin.viewsets.model import ModelViewSetGroup

from accounts.credits import credit_balance, grant_credit
from accounts.models import CreditEntry, Referral
from hepcat.admin import LocalDateTimeColumn, RecordsViewSet, full_name
from hepcat.money import money

from .students import student_chooser_viewset

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
        widgets = {"user": student_chooser_viewset.widget_class}

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
        LocalDateTimeColumn("created_at", label="When", sort_key="created_at"),
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
        LocalDateTimeColumn("created_at", label="When", sort_key="created_at"),
        Column("reward", label="Reward", accessor=reward_granted),
    ]
    search_fields = ["referrer_name", "referred_name", "referrer__email", "referred__email"]
    ordering = "-created_at"


class CreditsGroup(ModelViewSetGroup):
    menu_label = "Credits"
    menu_icon = "tag"
    items = [CreditEntryViewSet, ReferralViewSet]
