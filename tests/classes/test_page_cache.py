"""The public pages (Wagtail's, and the class calendar) are cached for anonymous visitors (hepcat/page_cache.py),
and a change to what they show reaches the next visitor as soon as it is committed (classes/signals.py)."""

import datetime

import pytest
from wagtail.models import Page

from classes.models import ClassOffer
from classes.services.checkout import place_order
from hepcat import page_cache
from hepcat.cache import bump_version
from home.models import HomePage, SchoolSettings, StandardPage
from tests.factories import ClassOfferFactory, SubjectPageFactory, UserFactory
from tests.pages import html_of

pytestmark = pytest.mark.django_db

CACHED_PAGES = [
    "/",
    "/about/",
    "/classes/",
    "/classes/lindy-2/",
    "/classes/lindy-2/november-2026/tuesday/",
    "/classes/locations/",
    "/teachers/",
    "/teachers/ann-lee/",
]


@pytest.fixture(autouse=True)
def _page_cache(settings, time_machine):
    """The cache on, with the class cards and each page's site, settings and menu kept too, in a real (local
    memory) cache, as in production; Monday Nov 2, the November session listed."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.PUBLIC_PAGE_CACHE_VIEWS = ["wagtail_serve", "class_calendar"]
    settings.CACHE_CLASS_CATALOGUE = True
    settings.KEEP_PER_PROCESS = True
    time_machine.move_to(datetime.datetime(2026, 11, 2, 12, 0, tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def about():
    page = StandardPage(title="About us", slug="about", introduction="Run by dancers.", show_in_menus=True)
    HomePage.objects.get().add_child(instance=page)
    return page


@pytest.fixture
def lindy_2(listed_november, about, ann_lee):
    """Taught by Ann Lee, who has a teacher page."""
    subject = SubjectPageFactory(title="Lindy 2", slug="lindy-2")
    return ClassOfferFactory(subject=subject, session=listed_november, class_day=1, capacity=10, teachers=[ann_lee])


def test_an_anonymous_page_holds_no_csrf_token_and_is_served_from_the_cache(
    client, lindy_2, django_assert_max_num_queries
):
    for url in CACHED_PAGES:
        first = client.get(url)
        html = html_of(first)
        assert "csrfmiddlewaretoken" not in html
        assert "csrftoken" not in first.cookies
        assert "public" in first["Cache-Control"]
        assert "max-age=10" in first["Cache-Control"]
        assert first["ETag"]

        with django_assert_max_num_queries(0):
            second = client.get(url)
        assert second.content == first.content
        assert second["ETag"] == first["ETag"]


def test_a_conditional_get_is_answered_with_304(client, lindy_2):
    for url in [*CACHED_PAGES, "/classes/calendar.ics"]:
        first = client.get(url)

        assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304
        assert client.get(url, headers={"if-modified-since": first["Last-Modified"]}).status_code == 304
        assert client.get(url, headers={"if-none-match": '"something-else"'}).status_code == 200


def test_a_cached_class_list_shows_a_class_once_it_is_published(client, lindy_2, django_capture_on_commit_callbacks):
    draft = ClassOfferFactory(subject=SubjectPageFactory(title="Balboa Basics"), session=lindy_2.session, live=False)
    assert "Balboa Basics" not in html_of(client.get("/classes/"))

    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()

    assert "Balboa Basics" in html_of(client.get("/classes/"))


def test_a_cached_class_page_shows_a_new_start_time_once_the_class_is_saved(
    client, lindy_2, django_capture_on_commit_callbacks
):
    url = "/classes/lindy-2/november-2026/tuesday/"
    assert "7:00 PM" in html_of(client.get(url))
    assert "7:00 PM" in html_of(client.get("/classes/"))

    with django_capture_on_commit_callbacks(execute=True):
        lindy_2.start_time = datetime.time(20, 30)
        lindy_2.save()

    assert "8:30 PM" in html_of(client.get(url))
    assert "8:30 PM" in html_of(client.get("/classes/"))


def test_a_cached_class_list_counts_a_seat_taken_as_soon_as_the_checkout_commits(
    client, lindy_2, django_capture_on_commit_callbacks
):
    assert "10 seats left" in html_of(client.get("/classes/"))

    with django_capture_on_commit_callbacks(execute=True):
        place_order(offers=[lindy_2], attendee=UserFactory(), method="door")

    html = html_of(client.get("/classes/"))
    assert "9 seats left" in html
    assert "10 seats left" not in html


def test_a_seat_taken_through_another_process_shows_within_a_second(client, lindy_2, monkeypatch):
    """Another web process took the seat: it bumped the shared version, which this one reads again each second."""
    now = [100.0]
    monkeypatch.setattr(page_cache.RecentVersion, "clock", staticmethod(lambda: now[0]))
    assert "10 seats left" in html_of(client.get("/classes/"))

    place_order(offers=[lindy_2], attendee=UserFactory(), method="door")  # its commit hooks don't run here
    bump_version(page_cache.VERSION_KEY)  # as the other process's did

    now[0] += 0.5
    assert "10 seats left" in html_of(client.get("/classes/"))
    now[0] += page_cache.VERSION_RECHECK
    assert "9 seats left" in html_of(client.get("/classes/"))


def test_a_cached_class_list_shows_a_teachers_new_name(client, lindy_2, django_capture_on_commit_callbacks):
    assert "Ann Lee" in html_of(client.get("/classes/"))

    with django_capture_on_commit_callbacks(execute=True):
        ann = lindy_2.teachers.get()
        ann.first_name = "Annie"
        ann.save()

    assert "Annie Lee" in html_of(client.get("/classes/"))


def test_a_signed_in_visitor_is_never_served_the_anonymous_copy(client, lindy_2):
    anonymous = client.get("/classes/")
    client.force_login(UserFactory())

    for url in CACHED_PAGES:
        response = client.get(url)
        assert response.status_code == 200
        assert "private" in response["Cache-Control"]
        assert "no-store" in response["Cache-Control"]
    signed_in = client.get("/classes/")
    assert signed_in.get("ETag") is None
    assert client.get("/classes/", headers={"if-none-match": anonymous["ETag"]}).status_code == 200


def test_a_visitor_with_a_message_waiting_gets_a_page_of_their_own(client, lindy_2):
    client.get("/classes/")  # cached
    client.get("/register/add/", {"class": 987654})  # "Sorry, that class isn't open for registration." waits

    response = client.get("/classes/")

    assert "private" in response["Cache-Control"]
    assert response.get("ETag") is None


def test_the_visitor_json_reports_the_cart_and_is_private(client, lindy_2):
    client.post("/register/add/", {"class_offer": lindy_2.pk})

    response = client.get("/register/visitor.json")

    assert response.json() == {"signed_in": False, "cart": 1, "account_url": "/account/"}
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("url", ["/admin/login/", "/account/login/", "/register/", "/accounts/", "/search/"])
def test_the_admin_account_registration_and_search_pages_are_never_shared(client, lindy_2, url):
    for _ in range(2):
        response = client.get(url)
        assert "public" not in response.get("Cache-Control", "")


def menu_of(response):
    return html_of(response).split('aria-label="Main"')[1].split("</nav>")[0]


def test_a_cached_menu_follows_the_pages_published_moved_and_deleted(
    client, lindy_2, about, django_capture_on_commit_callbacks
):
    home = HomePage.objects.get()
    assert "About us" in menu_of(client.get("/"))

    with django_capture_on_commit_callbacks(execute=True):
        about.title = "Who we are"
        about.save_revision().publish()
    assert "Who we are" in menu_of(client.get("/"))
    assert "Who we are" in html_of(client.get("/about/"))

    faq = StandardPage(title="FAQ", slug="faq", show_in_menus=True, live=False)
    home.add_child(instance=faq)
    with django_capture_on_commit_callbacks(execute=True):
        faq.save_revision().publish()
    assert "FAQ" in menu_of(client.get("/"))

    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=faq.pk).specific.unpublish()
    assert "FAQ" not in menu_of(client.get("/"))

    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=about.pk).move(Page.objects.get(slug="classes"), pos="last-child")
    assert "Who we are" not in menu_of(client.get("/"))

    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=about.pk).delete()
    assert client.get("/classes/about/").status_code == 404


def test_a_cached_page_shows_the_school_settings_once_they_are_saved(
    client, lindy_2, django_capture_on_commit_callbacks
):
    client.get("/")
    school = SchoolSettings.load()

    with django_capture_on_commit_callbacks(execute=True):
        school.business_name = "Jitterbug Junction"
        school.phone = "(206) 555-0199"
        school.save()

    html = html_of(client.get("/"))
    assert "Jitterbug Junction" in html
    assert "(206) 555-0199" in html


def test_a_cached_page_is_made_again_after_a_minute(client, lindy_2, time_machine, settings):
    settings.CACHE_CLASS_CATALOGUE = False  # the page's own expiry, not its cards'
    assert "7:00 PM" in html_of(client.get("/classes/"))
    ClassOffer.objects.filter(pk=lindy_2.pk).update(start_time=datetime.time(20, 30))  # no signal: no bump

    time_machine.shift(datetime.timedelta(seconds=30))
    assert "7:00 PM" in html_of(client.get("/classes/"))
    time_machine.shift(datetime.timedelta(seconds=31))
    assert "8:30 PM" in html_of(client.get("/classes/"))


def test_a_process_keeps_its_latest_copies_of_the_current_version_only():
    copies = page_cache.LocalCopies()
    fresh = {"expires": float("inf")}
    for number in range(page_cache.LOCAL_COPIES + 1):
        copies.keep(7, f"page {number}", fresh)

    assert copies.get(7, "page 0") is None  # the oldest made room
    assert copies.get(7, f"page {page_cache.LOCAL_COPIES}") is fresh
    copies.keep(8, "page 1", fresh)
    assert copies.get(8, f"page {page_cache.LOCAL_COPIES}") is None
