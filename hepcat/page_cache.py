"""A shared cache of the public pages that are the same for every anonymous visitor: the pages Wagtail serves
and the other views named in settings.PUBLIC_PAGE_CACHE_VIEWS.

A page is stored under its full URL and the current *public version*, a number kept in the cache:
whatever changes these pages bumps it (classes.signals, on commit), which strands every stored copy
at once. Stored copies also expire after PUBLIC_PAGE_TTL seconds, for what changes by the clock alone
(a hold running out, a session leaving the list). Browsers and proxies may keep a copy for
BROWSER_MAX_AGE seconds and then ask again with its ETag, which costs them a 304.

Each process also keeps the copies it served last (LOCAL_COPIES of them, of the current version only), and
trusts the version it read for VERSION_RECHECK seconds, so that a page served again costs no trip to the shared
cache at all. How stale a page can be: a change committed in one process is on the pages every process serves
within VERSION_RECHECK seconds (at once in the process that made it), and in a browser that kept a copy within
BROWSER_MAX_AGE seconds more.

Signed-in visitors, and anyone with a message waiting, get the page made for them, marked private.
"""

import hashlib
import threading
import time

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_http_date_safe, quote_etag

from hepcat.cache import bump_version, current_version

VERSION_KEY = "classes:public_version"
# Bumped by what frames every page (home.shell), which bumps the public version too.
SITE_VERSION_KEY = "hepcat:site_version"
PUBLIC_PAGE_TTL = 60
BROWSER_MAX_AGE = 10
SHARED_CACHE_CONTROL = f"max-age={BROWSER_MAX_AGE}, public"
LOCAL_COPIES = 64
# What a request to a public view was answered with (request.public_page), besides the key of a copy to store.
PRIVATE, SERVED = "private", "served"
VERSION_RECHECK = 1.0


def public_version():
    return current_version(VERSION_KEY)


def bump_public_version():
    """Every public page changes: the copies stored so far are no longer served."""
    bump_version(VERSION_KEY)
    recent_version.forget()


def bump_site_version():
    """What frames every page changed (home.shell: the site, the school's settings, the menu), and so every page."""
    bump_version(SITE_VERSION_KEY)
    recent_site_version.forget()
    bump_public_version()


def public_version_is_behind():
    """This process found the data newer than the public version it trusts (a class full that it knew had a
    seat): the change's bump is in the cache or on its way, so read the version again at the next request."""
    recent_version.forget()


class RecentVersion:
    """A version as this process last read it, trusted for VERSION_RECHECK seconds."""

    clock = staticmethod(time.monotonic)

    def __init__(self, key):
        self.key = key
        self.forget()

    def get(self):
        now = self.clock()
        if self.version is None or now - self.read_at >= VERSION_RECHECK:
            self.version, self.read_at = current_version(self.key), now
        return self.version

    def forget(self):
        self.version, self.read_at = None, 0.0


recent_version = RecentVersion(VERSION_KEY)
recent_site_version = RecentVersion(SITE_VERSION_KEY)


class KeptWithTheVersion:
    """What this process works out once for each version of `recent` and keeps until the version changes: it
    is as fresh as the pages that version keys, and costs nothing to read again meanwhile."""

    def __init__(self, recent):
        self.recent = recent
        self.forget()

    def get(self, key, make):
        if not settings.KEEP_PER_PROCESS:
            return make()
        version = self.recent.get()
        if version != self.version:
            self.version, self.values = version, {}
        if key not in self.values:
            self.values[key] = make()
        return self.values[key]

    def forget(self):
        self.version, self.values = None, {}


# What frames every page (home.shell), which a seat taken leaves alone.
kept_with_the_site = KeptWithTheVersion(recent_site_version)
# What the public pages show and a seat taken changes: which classes are full (classes.views.registration).
kept_with_the_public_pages = KeptWithTheVersion(recent_version)


def is_public_view(request):
    """Whether the address is one of the pages every visitor may be shown alike: Wagtail's, or one named."""
    match = request.resolver_match
    return match is not None and match.url_name in settings.PUBLIC_PAGE_CACHE_VIEWS


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
    last_modified = response.get("Last-Modified") or http_date()
    headers = {**response.headers, "ETag": etag, "Last-Modified": last_modified, "Cache-Control": SHARED_CACHE_CONTROL}
    return {
        "content": response.content,
        "headers": headers,
        "last_modified": parse_http_date_safe(last_modified),
        "expires": time.time() + PUBLIC_PAGE_TTL,
    }


def answer_from(request, copy):
    response = HttpResponse(copy["content"], headers=copy["headers"])
    return get_conditional_response(
        request, etag=copy["headers"]["ETag"], last_modified=copy["last_modified"], response=response
    )


class LocalCopies:
    """The copies this process served last, all of one public version; a newer version empties it."""

    def __init__(self):
        self.version = None
        self.copies = {}
        self.lock = threading.Lock()  # for threaded servers: two threads may keep a copy at once

    def get(self, version, key):
        copy = self.copies.get(key) if version == self.version else None
        return copy if copy and copy["expires"] > time.time() else None

    def keep(self, version, key, copy):
        with self.lock:
            if version != self.version:
                self.version, self.copies = version, {}
            elif len(self.copies) >= LOCAL_COPIES:
                del self.copies[next(iter(self.copies))]  # the oldest
            self.copies[key] = copy

    def forget(self):
        self.version, self.copies = None, {}


local_copies = LocalCopies()


class PublicPageCacheMiddleware:
    """After the session, authentication and messages middleware, which it reads (settings.MIDDLEWARE).

    It answers from the cache once the URL is resolved (`process_view`: Django has worked out which view the
    address is), and stores what the view made on the way back (`__call__`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not is_public_view(request):
            return None
        if not is_shared_request(request):
            request.public_page = PRIVATE
            return None
        # The version is read before the page is made: a change committed meanwhile bumps it, so a
        # page made from the data before that change is stored under a version no one asks for.
        version = recent_version.get()
        key = f"public_page:{version}:{hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()}"
        copy = local_copies.get(version, key) or cache.get(key)
        if copy is None:
            request.public_page = (version, key)
            return None
        local_copies.keep(version, key, copy)
        request.public_page = SERVED
        return answer_from(request, copy)

    def __call__(self, request):
        response = self.get_response(request)
        made_for = getattr(request, "public_page", None)
        if made_for == PRIVATE:
            patch_cache_control(response, private=True, no_store=True)
        elif made_for not in (None, SERVED) and is_shareable(request, response):
            version, key = made_for
            copy = stored_copy(response)
            cache.set(key, copy, PUBLIC_PAGE_TTL)
            local_copies.keep(version, key, copy)
            return answer_from(request, copy)
        return response
