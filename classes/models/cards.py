"""The class cards of the public lists (/classes/ and the subject pages): each card made once, kept in the cache.

A card is stored under the *catalogue version*, a number in the cache that classes.signals bumps once a
change to what a card shows is committed (a class offer, its session and skip dates, its subject, level,
location or teachers), and under what changes on a card with nothing saved: its seats left, and the day (how
far the class has got, the pre-pay price, whether registration is open). A seat taken therefore makes anew
the card of that one class; the list around the cards, and the seats left, are read fresh for every page.

It lives with the models because the class list and the subject pages render their lists themselves (their
routes).
"""

import dataclasses

from django.conf import settings
from django.core.cache import cache
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from hepcat.cache import bump_version, current_version

from .levels import Level
from .offers import LEVEL_FIELDS, ClassOffer, with_page_urls
from .sessions import WEEKDAY_NAMES, Session

CATALOGUE_VERSION_KEY = "classes:catalogue_version"
# Old cards are never asked for again (the version or the day moved on); they only take room until then. A
# change that reached the database without a signal (a bulk update) shows once its card expires.
CARD_TTL = 60 * 10


def catalogue_version():
    return current_version(CATALOGUE_VERSION_KEY)


def bump_catalogue_version():
    """What the cards show changed: the cards stored so far are no longer served."""
    bump_version(CATALOGUE_VERSION_KEY)


def kept_with_the_catalogue(name, make):
    """What `make()` gives, worked out once for each catalogue version (and kept for CARD_TTL at most): for
    what every class's meetings go into, such as the home page's next series start and the calendar."""
    if not settings.CACHE_CLASS_CATALOGUE:
        return make()
    # Read before `make()` runs, as for the cards.
    key = f"{name}:{catalogue_version()}"
    stored = cache.get(key)
    if stored is None:
        stored = [make()]  # in a list, so that a None made is told apart from nothing stored
        cache.set(key, stored, CARD_TTL)
    return stored[0]


@dataclasses.dataclass(eq=False)
class ListedClass:
    """A class offer in a list of cards: what the list is laid out (by session and day), filtered and keyed by."""

    pk: int
    session: Session
    class_day: int
    level: Level
    seats_left: int
    card: str = ""

    @property
    def day_name(self):
        return WEEKDAY_NAMES.get(self.class_day, "")


class ClassCards:
    """The class offers of a list (`offers`: ListedClass, in schedule order) and their cards."""

    def __init__(self, offers, request, *, heading_level, locations_url, by_session=False):
        # Read before the class offers are: a change committed meanwhile bumps it, so a card made from the
        # data before that change is stored under a version no one asks for.
        self.version = catalogue_version() if settings.CACHE_CLASS_CATALOGUE else None
        self.request = request
        self.layout = {"heading_level": heading_level, "by_session": by_session, "locations_url": locations_url}
        rows = list(offers.for_cards())
        sessions = Session.objects.filter(pk__in={row["session_id"] for row in rows}).prefetch_related("skip_dates")
        sessions = {session.pk: session for session in sessions}
        levels = {}
        for row in rows:
            level_id = row["subject__level__id"]
            if level_id not in levels:
                levels[level_id] = Level(**{field: row[f"subject__level__{field}"] for field in LEVEL_FIELDS})
        self.offers = [
            ListedClass(
                pk=row["pk"],
                session=sessions[row["session_id"]],
                class_day=row["class_day"],
                level=levels[row["subject__level__id"]],
                seats_left=row["seats_left"],
            )
            for row in rows
        ]

    def with_cards(self, offers=None):
        """Give each of these class offers (all of them by default) its card's HTML, `offer.card`: from the
        cache, or made in two queries for all the cards not stored yet."""
        offers = self.offers if offers is None else offers
        today = timezone.localdate()
        layout = f"{self.layout['heading_level']}:{self.layout['by_session']}:{self.request.get_host()}:{today}"
        # What a session's cards change with by the day alone, once for each session.
        sessions = {
            offer.session.pk: f"{self.version}:{offer.session.is_open_for_registration(today)}:{layout}"
            for offer in offers
        }
        keys = {offer.pk: f"class_card:{sessions[offer.session.pk]}:{offer.pk}:{offer.seats_left}" for offer in offers}
        stored = cache.get_many(keys.values()) if settings.CACHE_CLASS_CATALOGUE else {}
        made = self.make_cards([offer for offer in offers if keys[offer.pk] not in stored])
        made = {keys[pk]: card for pk, card in made.items()}
        if settings.CACHE_CLASS_CATALOGUE and made:
            cache.set_many(made, CARD_TTL)
        cards = stored | made
        for offer in offers:
            # A class deleted since the list was read has no card.
            offer.card = mark_safe(cards.get(keys[offer.pk], ""))
        return offers

    def make_cards(self, listed):
        """The cards of these listed classes, by primary key."""
        if not listed:
            return {}
        listed = {offer.pk: offer for offer in listed}
        offers = list(ClassOffer.objects.filter(pk__in=listed).for_card())
        for offer in offers:
            # The session (its dates worked out once for the whole list) and the seats left of the card's key.
            offer.session = listed[offer.pk].session
            offer.seats_left = listed[offer.pk].seats_left
        template = get_template("classes/class_offer_card.html")
        context = {"request": self.request, "register_url": reverse("register_add_class"), **self.layout}
        return {
            offer.pk: template.render({"offer": offer, **context}) for offer in with_page_urls(offers, self.request)
        }


def by_session_and_day(offers):
    """The cards of these listed classes (in schedule order) by session, then by day: [(session, [(day name,
    [card, ...]), ...]), ...], for a list of a hundred cards that the template need not sort out one by one."""
    sessions = {}
    for offer in offers:
        sessions.setdefault(offer.session, {}).setdefault(offer.day_name, []).append(offer.card)
    return [(session, list(days.items())) for session, days in sessions.items()]
