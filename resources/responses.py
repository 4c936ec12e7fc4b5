"""How the resources' pages and files answer someone who may not have them, and keep what they may have private."""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers


def refuse(request):
    """A login page for an anonymous visitor (they may be a student who has not signed in yet); for anyone else,
    nothing there at all (a 404 says no more about the resource than a wrong address would)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("account_login"))
    raise Http404("No such resource.")


def keep_private(response):
    """Only this visitor's browser may keep the answer: no shared cache, no copy on disk."""
    patch_cache_control(response, private=True, no_store=True)
    patch_vary_headers(response, ["Cookie"])
    return response
