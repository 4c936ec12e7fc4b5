"""A student's own data (DESIGN §5): /account/data/, downloading it as JSON or CSV files, and /account/close/,
closing their account (classes.services.personal_data)."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_GET

from accounts.sections import AccountSection
from classes.forms.account import CloseAccountForm
from classes.services.personal_data import (
    DOWNLOADS,
    AccountClosingError,
    close_account,
    download_personal_data,
    unfinished_seats,
)
from hepcat.ratelimit import is_limited


def attachment(download, content):
    """The file a browser saves, which no cache on the way keeps."""
    response = HttpResponse(content, content_type=download.content_type)
    response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


@login_required
def your_data(request):
    return TemplateResponse(request, "classes/account/data.html", {"downloads": DOWNLOADS})


@require_GET
@login_required
def download(request, kind):
    """Downloads are counted per student (settings.RATELIMITS["data_download"]): gathering everything is a heavy
    request, not one to repeat in a loop."""
    if is_limited(request, "data_download", f"user-{request.user.pk}"):
        messages.error(request, "You've downloaded your data several times in the last hour: please try again later.")
        return redirect("account_data")
    return attachment(*download_personal_data(request.user, kind, by=request.user))


@login_required
def close(request):
    """Closing your own account, confirmed with your password. Done, you're logged out."""
    form = CloseAccountForm(request.POST if request.method == "POST" else None, user=request.user)
    refusal = None
    if form.is_bound and form.is_valid():
        try:
            close_account(request.user, by=request.user)
        except AccountClosingError as error:
            refusal = error.message
        else:
            logout(request)
            return TemplateResponse(request, "classes/account/closed.html")
    unfinished = list(unfinished_seats(request.user))
    return TemplateResponse(
        request, "classes/account/close.html", {"form": form, "refusal": refusal, "unfinished": unfinished}
    )


class YourDataSection(AccountSection):
    """Downloading your data, and closing your account."""

    template_name = "classes/account/data_section.html"
    order = 900
