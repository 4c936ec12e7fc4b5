import pytest
from wagtail.models import PageViewRestriction

from home.demo import build_site
from home.models import StandardPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():
    return build_site()


def add_page(parent, title, **fields):
    page = StandardPage(title=title, slug=title.lower().replace(" ", "-"), **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_search_finds_live_public_pages(client, home):
    response = client.get("/search/", {"query": "partner"})

    assert response.status_code == 200
    titles = [result.title for result in response.context["results"]]
    assert "Class policies" in titles
    assert "FAQ" in titles


def test_search_leaves_out_drafts_and_restricted_pages(client, home):
    add_page(home, "Balboa workshop", introduction="Balboa weekend")
    draft = StandardPage(title="Secret Balboa plans", slug="secret-balboa", introduction="Balboa", live=False)
    home.add_child(instance=draft)
    members = add_page(home, "Members Balboa notes", introduction="Balboa")
    PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)

    response = client.get("/search/", {"query": "Balboa"})

    titles = [result.title for result in response.context["results"]]
    assert "Balboa workshop" in titles
    assert "Secret Balboa plans" not in titles
    assert "Members Balboa notes" not in titles


def test_search_results_are_paginated(client, home):
    for number in range(12):
        add_page(home, f"Shimsham drill {number}", introduction="Shimsham practice")

    first = client.get("/search/", {"query": "Shimsham"})
    second = client.get("/search/", {"query": "Shimsham", "page": 2})

    assert len(first.context["results"]) == 10
    assert first.context["results"].paginator.count == 12
    assert len(second.context["results"]) == 2
    assert 'rel="next"' in first.content.decode()


@pytest.mark.parametrize("page_number", ["abc", "999", "-1"])
def test_a_bad_page_number_shows_a_page_of_results_not_an_error(client, home, page_number):
    response = client.get("/search/", {"query": "partner", "page": page_number})

    assert response.status_code == 200
    assert len(response.context["results"]) > 0


def test_an_empty_search_shows_the_form(client, home):
    response = client.get("/search/")

    assert response.status_code == 200
    assert 'name="query"' in response.content.decode()
    assert "result" not in response.content.decode().split("</form>")[1]
