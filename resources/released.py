"""What a student's classes have released to them, laid out for their account (DESIGN §5): each resource of a
class with the day that class got it, grouped by kind, the week's new ones marked.

Who may see a resource at all is resources.access; this only arranges what it allows, class by class (a
resource of a subject the student took twice shows under each run that has released it).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from .access import visible_resources
from .models import ResourceIndexPage, ResourcePage

# "New this week": released on one of the last seven days, today included.
NEW_FOR = datetime.timedelta(days=7)
# The account page lists the material of classes running, to come, or finished this long ago; an earlier class's
# material is counted there, and listed on the class's page.
RECENT_FOR = datetime.timedelta(weeks=4)
KIND_COUNTED = {
    ResourcePage.Kind.VIDEO: ("video", "videos"),
    ResourcePage.Kind.DOCUMENT: ("document", "documents"),
    ResourcePage.Kind.LINK: ("link", "links"),
    ResourcePage.Kind.TEXT: ("note", "notes"),
    ResourcePage.Kind.ANNOUNCEMENT: ("announcement", "announcements"),
}
# The account page shows the latest few announcements, not every one the school ever made.
ANNOUNCEMENTS_SHOWN = 5


@dataclass
class Release:
    """A resource as a student has it: the day it was released to them, and the day it goes (None: never)."""

    resource: ResourcePage
    released_on: datetime.date
    expires_on: datetime.date | None = None
    is_new: bool = False


@dataclass
class ClassMaterial:
    """One of the student's classes (a registration) and what it has released to them, newest first."""

    registration: object
    releases: list = field(default_factory=list)

    @property
    def has_new(self):
        return any(release.is_new for release in self.releases)

    def by_kind(self):
        """[(kind label, releases)] in the order of ResourcePage.Kind, kinds with none left out."""
        return [(ResourcePage.Kind(kind).label, releases) for kind, releases in self._grouped()]

    def counts_by_kind(self):
        """["4 videos", "1 note"…] in the same order: what an earlier class's line says it holds."""
        return [f"{len(releases)} {KIND_COUNTED[kind][len(releases) != 1]}" for kind, releases in self._grouped()]

    def _grouped(self):
        groups = {kind: [] for kind in ResourcePage.Kind}
        for release in self.releases:
            groups[release.resource.kind].append(release)
        return [(kind, releases) for kind, releases in groups.items() if releases]


@dataclass
class AttachedResources:
    """The resources a student may see of some classes, found by class offer and by subject."""

    by_class_offer: dict = field(default_factory=lambda: defaultdict(list))
    by_subject: dict = field(default_factory=lambda: defaultdict(list))

    def of(self, offer):
        """The resources attached to the class offer or its subject, each once."""
        found = {resource.pk: resource for resource in self.by_subject.get(offer.subject_id, [])}
        found.update((resource.pk, resource) for resource in self.by_class_offer.get(offer.pk, []))
        return list(found.values())


@dataclass(frozen=True)
class ListedResource:
    """A resource as a list of a student's material shows it, read as plain values: a student of many years has
    hundreds, and a page object each would be most of their account page's time. Its release is the page's own
    rule (ResourcePage.release_on)."""

    pk: int
    title: str
    url: str
    kind: str
    audience: str
    release: str
    release_class_number: int
    expire_after_weeks: int
    summary: str
    first_published_at: datetime.datetime

    Release = ResourcePage.Release
    release_on = ResourcePage.release_on


LISTED_FIELDS = [
    "pk",
    "title",
    "slug",
    "kind",
    "audience",
    "release",
    "release_class_number",
    "expire_after_weeks",
    "summary",
    "first_published_at",
]


def attached_resources(user, class_offers):
    """The resources `user` may see that are attached to these class offers or their subjects (ListedResource):
    four queries however many classes (the attachments as pairs of ids, not as pages)."""
    offer_ids = {offer.pk for offer in class_offers}
    subject_ids = {offer.subject_id for offer in class_offers}
    through_class_offers = ResourcePage.class_offers.through.objects.filter(classoffer__in=offer_ids)
    through_subjects = ResourcePage.subjects.through.objects.filter(subjectpage__in=subject_ids)
    rows = (
        visible_resources(user)
        .filter(
            Q(pk__in=through_class_offers.values("resourcepage")) | Q(pk__in=through_subjects.values("resourcepage"))
        )
        .values(*LISTED_FIELDS)
    )
    index_url = ResourceIndexPage.objects.get().url  # every resource is a page of the one index
    resources = {}
    for row in rows:
        slug = row.pop("slug")
        resources[row["pk"]] = ListedResource(url=f"{index_url}{slug}/", **row)
    attached = AttachedResources()
    for resource_id, offer_id in through_class_offers.values_list("resourcepage", "classoffer"):
        if resource_id in resources:
            attached.by_class_offer[offer_id].append(resources[resource_id])
    for resource_id, subject_id in through_subjects.values_list("resourcepage", "subjectpage"):
        if resource_id in resources:
            attached.by_subject[subject_id].append(resources[resource_id])
    return attached


def class_material(registration, attached, today):
    """Of the resources `attached` to the registration's class, those it has released by `today` and not yet
    expired, each with its day."""
    releases = []
    for resource in attached.of(registration.class_offer):
        released_on, expires_on = release_for(resource, registration)
        if released_on is None or released_on > today or (expires_on is not None and expires_on <= today):
            continue
        releases.append(Release(resource, released_on, expires_on, is_new=today - NEW_FOR < released_on))
    releases.sort(key=lambda release: (release.released_on, release.resource.title), reverse=True)
    return ClassMaterial(registration, releases)


def release_for(resource, registration):
    """The day the registration's class gets the resource and the day it loses it (ResourcePage.release_on); a
    resource for everyone or every student counts from the day it was published."""
    if resource.audience != ResourcePage.Audience.CLASS:
        return timezone.localdate(resource.first_published_at), None
    signed_up_on = timezone.localdate(registration.confirmed_at) if registration.confirmed_at else None
    return resource.release_on(registration.class_offer.meeting_dates(), signed_up_on)


def next_release(registration, today):
    """(day, class number or None) of the next class resource the registration's class gets after `today`, or
    None: what the class page announces without saying what it is."""
    offer = registration.class_offer
    coming = (
        ResourcePage.objects.live()
        .filter(audience=ResourcePage.Audience.CLASS)
        .filter(Q(class_offers=offer) | Q(subjects=offer.subject_id))
        .distinct()
        .only("audience", "release", "release_class_number", "expire_after_weeks")
    )
    days = [release_for(resource, registration)[0] for resource in coming]
    future = sorted(day for day in days if day is not None and day > today)
    if not future:
        return None
    meetings = offer.meeting_dates()
    return future[0], meetings.index(future[0]) + 1 if future[0] in meetings else None


def announcements(user, today):
    """The latest announcements for everyone or every student, as releases on the day they were published."""
    latest = (
        visible_resources(user)
        .filter(kind=ResourcePage.Kind.ANNOUNCEMENT)
        .exclude(audience=ResourcePage.Audience.CLASS)
        .order_by("-first_published_at")[:ANNOUNCEMENTS_SHOWN]
    )
    releases = []
    for resource in latest:
        published_on = timezone.localdate(resource.first_published_at)
        releases.append(Release(resource, published_on, is_new=today - NEW_FOR < published_on))
    return releases
