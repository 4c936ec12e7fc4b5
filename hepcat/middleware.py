from urllib.parse import unquote

from csp.middleware import CSPMiddleware
from django.http import HttpResponseBadRequest

# Wagtail's admin still relies on inline scripts and styles (wagtail/wagtail#7053), so its pages get
# a looser policy than the public site, which runs only its own static files.
ADMIN_POLICY_RELAXATIONS = {
    "script-src": ["'unsafe-inline'", "'unsafe-eval'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["blob:"],
}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith("/admin/"):
            parts.update = {**ADMIN_POLICY_RELAXATIONS, **(parts.update or {})}
        return parts


def refuse_nul_bytes(get_response):
    """No address of the site has a NUL byte in it, and databases refuse one in a query (PostgreSQL
    raises, SQLite's full-text search chokes): answer 400 before any view sees it."""

    def middleware(request):
        if "\x00" in request.path or "\x00" in unquote(request.META.get("QUERY_STRING", "")):
            return HttpResponseBadRequest("Bad request.", content_type="text/plain")
        return get_response(request)

    return middleware
