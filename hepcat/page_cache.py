"""A shared cache of the public pages that are the same for every anonymous visitor (settings.PUBLIC_PAGE_CACHE_PATHS).

A page is stored under its full URL and the current *public version*, a number kept in the cache:
whatever changes these pages bumps it (classes.signals, on commit), which strands every stored copy
at once. Stored copies also expire after PUBLIC_PAGE_TTL seconds, for what changes by the clock alone
(a hold running out, a session leaving the list). Browsers and proxies may keep a copy for
BROWSER_MAX_AGE seconds and then ask again with its ETag, which costs them a 304.

Signed-in visitors, and anyone with a message waiting, get the page made for them, marked private.
"""

import hashlib
import time

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_response_headers
from django.utils.http import http_date, parse_http_date_safe, quote_etag

VERSION_KEY = "classes:public_version"
PUBLIC_PAGE_TTL = 60
BROWSER_MAX_AGE = 10


def public_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        # A version lost from the cache starts again from the clock, never from a number that older
        # copies may still be stored under.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def bump_public_version():
    """Every public page changes: the copies stored so far are no longer served."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        public_version()


def is_shared_request(request):
    """A request that the anonymous copy answers: it reads, and nothing in the page would be the visitor's own."""
    return request.method in ("GET", "HEAD") and not request.user.is_authenticated and not len(get_messages(request))


def is_shareable(request, response):
    """Whether the response may be stored for everyone: a plain page that set nothing for this visitor."""
    page = getattr(response, "context_data", None) and response.context_data.get("page")
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Cache-Control")
        # The page asked for a CSRF token: it holds a form of this visitor's.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        # Wagtail checked this visitor's access; the next visitor might not pass.
        and not (page and page.get_view_restrictions().exists())
    )


def stored_copy(response):
    etag = response.get("ETag") or quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
    headers = {**response.headers, "ETag": etag, "Last-Modified": response.get("Last-Modified") or http_date()}
    return {"content": response.content, "headers": headers}


def answer_from(request, copy):
    headers = copy["headers"]
    response = HttpResponse(copy["content"], headers=headers)
    last_modified = parse_http_date_safe(headers["Last-Modified"])
    response = get_conditional_response(request, etag=headers["ETag"], last_modified=last_modified, response=response)
    patch_response_headers(response, cache_timeout=BROWSER_MAX_AGE)
    patch_cache_control(response, public=True)
    return response


class PublicPageCacheMiddleware:
    """After the session, authentication and messages middleware, which it reads (settings.MIDDLEWARE)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(tuple(settings.PUBLIC_PAGE_CACHE_PATHS)):
            return self.get_response(request)
        if not is_shared_request(request):
            response = self.get_response(request)
            patch_cache_control(response, private=True, no_store=True)
            return response
        # The version is read before the page is made: a change committed meanwhile bumps it, so a
        # page made from the data before that change is stored under a version no one asks for.
        key = f"public_page:{public_version()}:{hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()}"
        copy = cache.get(key)
        if copy is None:
            response = self.get_response(request)
            if not is_shareable(request, response):
                return response
            copy = stored_copy(response)
            cache.set(key, copy, PUBLIC_PAGE_TTL)
        return answer_from(request, copy)
