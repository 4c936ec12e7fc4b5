"""The class cards of /classes/ and the subject pages are kept in the cache (classes/models/cards.py), and a
change to what a card shows reaches the next visitor as soon as it is committed (classes/signals.py)."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from classes.models import ClassOffer, SessionSkipDate
from classes.models.cards import catalogue_version
from classes.services.checkout import place_order
from tests.factories import ClassOfferFactory, SubjectPageFactory, UserFactory
from tests.pages import html_of

pytestmark = pytest.mark.django_db

SUBJECT_PAGE_QUERY_BUDGET = 19


@pytest.fixture(autouse=True)
def _card_cache(settings, time_machine):
    """The cards kept, in a real (local memory) cache; Monday Nov 2, the November session listed."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.CACHE_CLASS_CATALOGUE = True
    cache.clear()
    time_machine.move_to(datetime.datetime(2026, 11, 2, 12, 0, tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def lindy_2(listed_november, ann_lee):
    """Tuesdays Nov 10 to Dec 8, taught by Ann Lee."""
    subject = SubjectPageFactory(title="Lindy 2", slug="lindy-2")
    return ClassOfferFactory(subject=subject, session=listed_november, class_day=1, capacity=2, teachers=[ann_lee])


def cards_of(client):
    """The class list and the subject page, where the class's card is shown."""
    return html_of(client.get("/classes/")) + html_of(client.get("/classes/lindy-2/"))


def test_the_class_list_shows_a_class_once_it_is_published(client, lindy_2, django_capture_on_commit_callbacks):
    draft = ClassOfferFactory(subject=SubjectPageFactory(title="Balboa Basics"), session=lindy_2.session, live=False)
    assert "Balboa Basics" not in html_of(client.get("/classes/"))

    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()

    html = html_of(client.get("/classes/"))
    assert "Balboa Basics" in html
    assert "Lindy 2" in html


def test_a_card_shows_a_teachers_new_name(client, lindy_2, ann_lee, django_capture_on_commit_callbacks):
    assert "Ann Lee" in cards_of(client)

    with django_capture_on_commit_callbacks(execute=True):
        ann_lee.last_name = "Lee-Ray"
        ann_lee.save()

    assert cards_of(client).count("Ann Lee-Ray") == 2


def test_a_card_counts_each_seat_taken_and_then_offers_the_waitlist(
    client, lindy_2, django_capture_on_commit_callbacks
):
    assert "2 seats left" in cards_of(client)
    version = catalogue_version()

    with django_capture_on_commit_callbacks(execute=True):
        place_order(offers=[lindy_2], attendee=UserFactory(), method="door")
    html = cards_of(client)
    assert html.count("1 seat left") == 2

    with django_capture_on_commit_callbacks(execute=True):
        place_order(offers=[lindy_2], attendee=UserFactory(), method="door")
    html = cards_of(client)
    assert html.count(">Full<") == 2
    assert html.count("Join the waitlist") == 2
    assert "seat left" not in html
    # A seat taken makes anew the card of its class alone: the other cards stay stored.
    assert catalogue_version() == version


def test_a_card_moves_its_dates_for_a_skip_date_added(client, lindy_2, django_capture_on_commit_callbacks):
    assert "Nov 10 – Dec 8, 2026" in cards_of(client)

    with django_capture_on_commit_callbacks(execute=True):
        SessionSkipDate.objects.create(session=lindy_2.session, date=datetime.date(2026, 11, 24), reason="Gala")

    html = cards_of(client)
    assert html.count("Nov 10 – Dec 15, 2026") == 2
    assert html.count("No class Tue Nov 24: Gala") == 2


def test_a_card_that_changed_nothing_is_the_same_card(
    client, lindy_2, listed_november, django_capture_on_commit_callbacks
):
    """What the cache keeps is what the card would say if it were made now."""
    stored = cards_of(client)
    cache.clear()

    assert cards_of(client) == stored


def schedule(count, session, teacher):
    for _ in range(count):
        ClassOfferFactory(subject=SubjectPageFactory(), session=session, class_day=1, teachers=[teacher])


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_class_list_takes_as_many_queries_for_twenty_classes_as_for_two(client, lindy_2, listed_november, ann_lee):
    schedule(1, listed_november, ann_lee)
    client.get("/classes/")  # the first view caches the site's root paths
    cache.clear()
    made, stored = queries_of(client, "/classes/"), queries_of(client, "/classes/")
    assert stored < made

    schedule(18, listed_november, ann_lee)
    cache.clear()
    assert queries_of(client, "/classes/") == made
    assert queries_of(client, "/classes/") == stored


def test_a_subject_page_takes_no_more_queries_for_its_cards_made_than_stored(
    client, lindy_2, django_assert_max_num_queries
):
    client.get("/classes/lindy-2/")  # the first view caches the site's root paths
    with django_assert_max_num_queries(SUBJECT_PAGE_QUERY_BUDGET):
        cache.clear()
        client.get("/classes/lindy-2/")
    with django_assert_max_num_queries(SUBJECT_PAGE_QUERY_BUDGET - 2):
        client.get("/classes/lindy-2/")


def test_the_home_page_tells_the_next_series_start_of_the_classes_saved(
    client, lindy_2, django_capture_on_commit_callbacks
):
    assert "Next series starts" in html_of(client.get("/"))
    assert "Tue Nov 10" in html_of(client.get("/"))

    with django_capture_on_commit_callbacks(execute=True):
        lindy_2.class_day = 2
        lindy_2.save()

    assert "Wed Nov 11" in html_of(client.get("/"))


def test_a_change_that_slipped_past_the_signals_shows_once_the_card_expires(client, lindy_2, time_machine):
    assert "7:00 PM" in cards_of(client)
    ClassOffer.objects.filter(pk=lindy_2.pk).update(start_time=datetime.time(20, 30))  # no signal

    time_machine.shift(datetime.timedelta(minutes=9))
    assert "7:00 PM" in cards_of(client)
    time_machine.shift(datetime.timedelta(minutes=2))
    assert "8:30 PM" in cards_of(client)


def calendar_of(client):
    return client.get("/classes/calendar.ics").content.decode()


@pytest.mark.parametrize(
    ("shown", "at_seven", "at_half_past_eight"),
    [(cards_of, "7:00 PM", "8:30 PM"), (calendar_of, "T190000", "T203000")],
    ids=["cards", "calendar"],
)
def test_a_new_start_time_shows_once_the_class_is_saved(
    client, lindy_2, django_capture_on_commit_callbacks, shown, at_seven, at_half_past_eight
):
    assert at_seven in shown(client)

    with django_capture_on_commit_callbacks(execute=True):
        lindy_2.start_time = datetime.time(20, 30)
        lindy_2.save()

    html = shown(client)
    assert at_half_past_eight in html
    assert at_seven not in html


def test_a_seat_taken_leaves_the_calendar_as_it_was_made(client, lindy_2, django_capture_on_commit_callbacks):
    with CaptureQueriesContext(connection) as making:
        made = calendar_of(client)
    with django_capture_on_commit_callbacks(execute=True):
        place_order(offers=[lindy_2], attendee=UserFactory(), method="door")

    with CaptureQueriesContext(connection) as kept:
        assert calendar_of(client) == made
    assert len(kept) < len(making)
