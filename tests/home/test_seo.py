"""What search engines and link previews read: sitemap.xml, robots.txt, the favicon, and each page's metadata."""

import re
from xml.etree import ElementTree

import pytest
from django.contrib.staticfiles import finders
from wagtail.models import Page, PageViewRestriction

from home.demo import build_site
from home.models import StandardPage
from tests.factories import classes_index
from tests.pages import html_of, metadata_of

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def home():
    return build_site()


def sitemap_locations(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return [loc.text for loc in ElementTree.fromstring(response.content).iter(f"{SITEMAP}loc")]


def test_the_sitemap_lists_the_live_public_pages(client, home):
    home.add_child(instance=StandardPage(title="Coming soon", slug="coming-soon", live=False))
    PageViewRestriction.objects.create(page=Page.objects.get(slug="faq"), restriction_type=PageViewRestriction.LOGIN)

    locations = sitemap_locations(client)

    assert "http://localhost/" in locations
    assert "http://localhost/about/" in locations
    assert "http://localhost/policies/" in locations
    assert "http://localhost/coming-soon/" not in locations
    assert "http://localhost/faq/" not in locations


def test_the_sitemap_lists_where_classes_meet(client, home):
    classes_index()

    locations = sitemap_locations(client)

    assert "http://localhost/classes/" in locations
    assert "http://localhost/classes/locations/" in locations


def test_robots_may_read_everything_but_the_admin_and_the_students_pages(client, home):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert {"Disallow: /admin/", "Disallow: /account/", "Disallow: /register/"} <= set(lines)
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_the_favicon_is_found_where_browsers_look_for_it(client, home):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response.url == "/static/images/favicon.ico"
    with open(finders.find("images/favicon.ico"), "rb") as icon:
        assert icon.read(4) == b"\x00\x00\x01\x00"  # the header of an .ico file
    assert '<link rel="icon" href="/static/images/favicon.ico"' in client.get("/").content.decode()


def test_a_page_is_described_as_its_editors_wrote_in_the_promote_tab(client, home):
    about = StandardPage.objects.get(slug="about")
    about.seo_title = "About HepCat, Seattle's swing dance school"
    about.search_description = "Who we are, how we teach, and why we dance."
    about.save_revision().publish()

    response = client.get("/about/?utm_source=newsletter")

    assert "<title>About HepCat, Seattle's swing dance school | HepCat Productions</title>" in html_of(response)
    metadata = metadata_of(response)
    assert metadata["description"] == "Who we are, how we teach, and why we dance."
    assert metadata["canonical"] == "http://testserver/about/"
    assert metadata["og:title"] == "About HepCat, Seattle's swing dance school"
    assert metadata["og:description"] == "Who we are, how we teach, and why we dance."
    assert metadata["og:url"] == "http://testserver/about/"
    assert metadata["og:type"] == "website"
    assert metadata["og:site_name"] == "HepCat Productions"
    assert re.fullmatch(r"http://testserver/media/images/.+\.fill-1200x630\.format-jpeg\.jpg", metadata["og:image"])


def test_without_a_search_description_a_page_is_described_by_its_introduction(client, home):
    metadata = metadata_of(client.get("/policies/"))

    assert metadata["description"] == "How registration, payment, refunds and credits work."
    assert metadata["og:title"] == "Class policies"
    assert "og:image" not in metadata  # the page has no image


def test_the_home_page_is_described_by_its_hero(client, home):
    response = client.get("/")

    assert "<title>Swing dance classes in Seattle | HepCat Productions</title>" in html_of(response)
    metadata = metadata_of(response)
    assert metadata["og:title"] == "Swing dance classes in Seattle"
    assert metadata["description"].startswith("Lindy Hop, Charleston and Balboa for every level.")
    assert metadata["og:image"].startswith("http://testserver/media/images/")


def test_pages_that_are_not_editors_pages_are_described_by_the_school(client, home):
    metadata = metadata_of(client.get("/search/?query=lindy"))

    assert metadata["description"] == "HepCat Productions: dance classes in Seattle."
    assert metadata["og:title"] == "HepCat Productions"
    assert metadata["canonical"] == "http://testserver/search/"
