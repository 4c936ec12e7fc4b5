"""A person's own settings: /account/settings/ (profile, email preferences, private calendar address),
/account/password/, /account/photo/ and /account/credit/. Each shows and changes only the signed-in
person's own: there is nobody else's to ask for."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from .models import User
from .photos import content_type
from .profile_forms import EmailPreferencesForm, ProfileForm

SETTINGS_FORMS = {"profile": ProfileForm, "email": EmailPreferencesForm}
SAVED = {"profile": "Your profile is saved.", "email": "Your email preferences are saved."}


@login_required
def account_settings(request):
    """Both forms on one page, each sent on its own (its name in `form`)."""
    sent = request.POST.get("form") if request.method == "POST" else None
    forms = {}
    for name, form_class in SETTINGS_FORMS.items():
        if name == sent:
            # Its own copy of the person: a form that fails leaves the page's signed-in user as saved.
            person = User.objects.get(pk=request.user.pk)
            forms[name] = form_class(request.POST, request.FILES, instance=person, prefix=name)
        else:
            forms[name] = form_class(instance=request.user, prefix=name)
    if sent in forms and forms[sent].is_valid():
        forms[sent].save()
        messages.success(request, SAVED[sent])
        return redirect("account_settings")
    if sent in forms:
        messages.error(request, "Please correct what's marked below: nothing was saved.")
    return TemplateResponse(
        request,
        "accounts/settings.html",
        {
            "profile_form": forms["profile"],
            "email_form": forms["email"],
            "calendar_url": request.build_absolute_uri(
                reverse("account_calendar_feed", args=[request.user.calendar_token])
            ),
        },
    )


@require_POST
@login_required
def reset_calendar_link(request):
    request.user.reset_calendar_token()
    messages.success(
        request, "Your calendar has a new private link: the old one no longer works. Subscribe again with the new one."
    )
    return redirect(reverse("account_settings") + "#calendar")


class PasswordChangeView(auth_views.PasswordChangeView):
    """/account/password/: a new password, keeping the person signed in here (Django updates the session)."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("account_settings")

    def form_valid(self, form):
        messages.success(self.request, "Your password is changed.")
        return super().form_valid(form)


@login_required
@cache_control(private=True, no_store=True)
def photo(request):
    """The signed-in person's photo, read through Django: the media folder does not serve students' photos."""
    picture = request.user.photo
    if not picture or not picture.storage.exists(picture.name):
        raise Http404("No photo.")
    return FileResponse(picture.open("rb"), content_type=content_type(picture))


@login_required
def credit_history(request):
    """/account/credit/: every line of the person's credit ledger, newest first, with the balance after it."""
    entries = list(request.user.credit_entries.select_related("order"))
    balance = sum((entry.amount for entry in entries), start=Decimal("0.00"))
    for entry in entries:
        entry.balance_after, balance = balance, balance - entry.amount
    return TemplateResponse(
        request,
        "accounts/credit_history.html",
        {"entries": entries, "balance": entries[0].balance_after if entries else Decimal("0.00")},
    )
