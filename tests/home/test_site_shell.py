"""Every page made reads its site, the school's settings and the main menu from what its web process keeps
for the current site version (home/shell.py), and a change to them is on the next page made."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hepcat import page_cache
from hepcat.cache import bump_version
from home.models import HomePage, SchoolSettings, StandardPage
from tests.pages import html_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _shell_kept(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.KEEP_PER_PROCESS = True


@pytest.fixture
def about():
    page = StandardPage(title="About us", slug="about", introduction="Run by dancers.", show_in_menus=True)
    HomePage.objects.get().add_child(instance=page)
    return page


def tables_read(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return " ".join(query["sql"] for query in queries.captured_queries)


def menu_of(response):
    return html_of(response).split('aria-label="Main"')[1].split("</nav>")[0]


def test_pages_made_after_the_first_read_no_site_settings_or_menu(client, about):
    first = tables_read(client, "/register/")
    assert "wagtailcore_site" in first
    assert "home_schoolsettings" in first

    page_cache.bump_public_version()  # a seat taken: the pages are made anew, their frame is not
    for url in ["/register/", "/about/", "/account/login/"]:
        again = tables_read(client, url)
        assert "wagtailcore_site" not in again
        assert "home_schoolsettings" not in again
    assert "About us" in menu_of(client.get("/register/"))


def test_saved_settings_and_a_published_page_are_on_the_next_page_made(
    client, about, django_capture_on_commit_callbacks
):
    assert "About us" in menu_of(client.get("/register/"))

    with django_capture_on_commit_callbacks(execute=True):
        school = SchoolSettings.load()
        school.business_name = "Jitterbug Junction"
        school.save()
    with django_capture_on_commit_callbacks(execute=True):
        about.title = "Who we are"
        about.save_revision().publish()

    html = html_of(client.get("/register/"))
    assert "Jitterbug Junction" in html
    assert "Who we are" in menu_of(client.get("/register/"))


def test_a_change_made_in_another_process_is_on_the_pages_within_a_second(client, monkeypatch):
    now = [100.0]
    monkeypatch.setattr(page_cache.RecentVersion, "clock", staticmethod(lambda: now[0]))
    client.get("/register/")

    SchoolSettings.objects.update(business_name="Jitterbug Junction")  # its commit hooks ran over there
    bump_version(page_cache.SITE_VERSION_KEY)

    now[0] += 0.5
    assert "Jitterbug Junction" not in html_of(client.get("/register/"))
    now[0] += page_cache.VERSION_RECHECK
    assert "Jitterbug Junction" in html_of(client.get("/register/"))


def test_what_one_request_sets_on_its_settings_is_not_seen_by_the_next(client):
    first = client.get("/register/").wsgi_request
    SchoolSettings.load(request_or_site=first).business_name = "Changed in one request"

    assert "Changed in one request" not in html_of(client.get("/register/"))
