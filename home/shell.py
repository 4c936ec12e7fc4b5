"""What every public page shows that is the school's and not the page's: the site that answers the address, the
school's settings (in every header and footer) and the main menu.

Each page made would read them again from the database, though they change seldom: every change to them (a
page published, moved or deleted, the settings or a site saved: home.signals) bumps the site version of
hepcat.page_cache, which a seat taken does not. So each web process reads them once for each site version and
hands every request its own copy: they are as fresh as the cached pages themselves.
"""

import copy
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from wagtail.models import Site

from hepcat.page_cache import kept_with_the_site

from .models import SchoolSettings


@dataclass(frozen=True)
class MenuItem:
    url: str
    title: str
    page_id: int


def site_for(request):
    """The site answering this request's address, as Wagtail finds it."""
    host = (request._get_raw_host(), request.get_port())
    return kept_with_the_site.get(("site", host), lambda: Site.find_for_request(request))


def main_menu_of(request):
    """The site's home page and its live children marked "show in menus"."""
    site = Site.find_for_request(request)
    if site is None:
        return []

    def read():
        home = site.root_page
        pages = [home, *home.get_children().live().in_menu()]
        return [MenuItem(page.get_url(request), "Home" if page == home else page.title, page.pk) for page in pages]

    return kept_with_the_site.get(("main_menu", site.pk), read)


class SiteShellMiddleware:
    """Hands each request the site and the school's settings this process keeps, where Wagtail looks for them
    (Site.find_for_request, SchoolSettings.load and the `settings` context processor cache them on the request).

    Its process_view comes after the page cache's: a page answered from the cache needs neither. The admin
    reads them afresh, as it edits them."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = reverse("wagtailadmin_home")

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if settings.KEEP_PER_PROCESS and not request.path_info.startswith(self.admin_prefix):
            # Copies, so that nothing a request sets on them (a form bound to the settings) outlives it.
            request._wagtail_site = copy.copy(site_for(request))
            school = kept_with_the_site.get("school_settings", SchoolSettings.load)
            setattr(request, SchoolSettings.get_cache_attr_name(), copy.copy(school))
