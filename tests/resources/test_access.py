"""Who sees a resource, on every path to it (DESIGN §5, resources.access): the page, the /resources/ list, site
search, the sitemap, its document (Wagtail's download address and the file's own media address) and the picture
in its body (the media address of its rendition).

One class, Lindy Hop 2 on Thursdays from Jan 3, 2030, holds the resource, released after its first class; the
clock stands on Jan 10. Around it: a class of another subject, an earlier run of the same subject, a registration
cancelled and one waitlisted, the class's teacher, a teacher of a lower level, and an admin.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from wagtail_factories import DocumentFactory, ImageFactory

from accounts.roles import ADMINS
from classes.models import Registration
from resources.models import ResourcePage
from tests.factories import (
    ClassOfferFactory,
    LevelFactory,
    RegistrationFactory,
    ResourcePageFactory,
    SessionFactory,
    SubjectPageFactory,
    TeacherFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SEATTLE = ZoneInfo("America/Los_Angeles")
FIRST_CLASS = datetime.date(2030, 1, 3)
TODAY = datetime.datetime(2030, 1, 10, 12, tzinfo=SEATTLE)
# A word only the resource's text holds, for site search.
SECRET_WORD = "Shimsham"

ROLES = [
    "anonymous",
    "student of the class",
    "student of another class",
    "student of an earlier run",
    "cancelled registration",
    "waitlisted",
    "teacher of the class",
    "other teacher",
    "admin",
]
EVERYONE = set(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
TEACHERS = {"teacher of the class", "other teacher", "admin"}
# Who sees a resource for each audience.
SEEN_BY = {
    "public": EVERYONE,
    "students": SIGNED_IN,
    "class": {"student of the class", "teacher of the class", "admin"},
    "teachers": TEACHERS,
    "staff": {"admin"},
}
CASES = [(audience, role, role in SEEN_BY[audience]) for audience in SEEN_BY for role in ROLES]


@pytest.fixture
def school(time_machine):
    """The people around the class, by role (None for the anonymous visitor)."""
    time_machine.move_to(TODAY, tick=False)
    teacher, other_teacher = TeacherFactory(), TeacherFactory()
    subject = SubjectPageFactory(title="Lindy Hop 2", level=LevelFactory(rank=2))
    the_class = ClassOfferFactory(
        subject=subject, session=SessionFactory(key_day_date=FIRST_CLASS, max_day_shift=0), teachers=[teacher]
    )
    other_class = ClassOfferFactory(subject=SubjectPageFactory(level=LevelFactory(rank=1)), teachers=[other_teacher])
    earlier_run = ClassOfferFactory(
        subject=subject, session=SessionFactory(key_day_date=datetime.date(2029, 10, 4), max_day_shift=0)
    )
    people = {"anonymous": None, "teacher of the class": teacher, "other teacher": other_teacher}
    people["admin"] = UserFactory(groups=[ADMINS])
    for role, class_offer, status in [
        ("student of the class", the_class, Registration.Status.CONFIRMED),
        ("student of another class", other_class, Registration.Status.CONFIRMED),
        ("student of an earlier run", earlier_run, Registration.Status.CONFIRMED),
        ("cancelled registration", the_class, Registration.Status.CANCELLED),
        ("waitlisted", the_class, Registration.Status.WAITLISTED),
    ]:
        people[role] = RegistrationFactory(class_offer=class_offer, status=status).attendee
    people["the class"] = the_class
    return people


def resource_for(audience, the_class):
    """A resource for the audience, attached to the class, holding a handout and a picture (and the rendition
    of the picture that the page shows)."""
    document = DocumentFactory(title="Footwork handout")
    image = ImageFactory(title="The swing out, step by step")
    resource = ResourcePageFactory(
        title=f"Week 1 review ({audience})",
        audience=audience,
        class_offers=[the_class],
        body=[
            ("text", f"<p>The {SECRET_WORD} break, slowly.</p>"),
            ("document", {"document": document, "title": ""}),
            ("image", {"image": image, "caption": ""}),
        ],
    )
    return resource, document, image.get_rendition("width-960|format-webp")


def client_for(client, person):
    if person is not None:
        client.force_login(person)
    return client


def assert_refused(response, person):
    if person is None:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == 404


def assert_private(response):
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


@pytest.mark.parametrize(("audience", "role", "seen"), CASES, ids=[f"{a}, {r}" for a, r, _ in CASES])
def test_who_sees_a_resource(client, school, audience, role, seen):
    resource, document, rendition = resource_for(audience, school["the class"])
    person = school[role]
    client = client_for(client, person)
    restricted = audience != "public"

    files = {
        "page": resource.url,
        "document download": document.url,
        "document's media address": document.file.url,
        "picture's media address": rendition.url,
    }
    assert document.url.startswith("/documents/")
    assert document.file.url.startswith("/media/documents/")
    for path, address in files.items():
        response = client.get(address)
        if seen:
            assert response.status_code == 200, path
            if restricted:
                assert_private(response)
        else:
            assert_refused(response, person)

    listing = client.get("/resources/").content.decode()
    assert (resource.title in listing) is seen

    found = client.get(reverse("search"), {"query": SECRET_WORD}).content.decode()
    assert (resource.title in found) is seen
    assert ("1 result for" in found) is seen

    sitemap = client.get("/sitemap.xml").content.decode()
    assert (resource.full_url in sitemap) is (audience == "public")


def test_a_picture_shown_on_a_public_page_too_stays_public(client, school):
    resource, _, rendition = resource_for("staff", school["the class"])
    ResourcePageFactory(audience="public", body=[("image", {"image": rendition.image, "caption": ""})])

    assert client.get(rendition.url).status_code == 200
    assert client.get(resource.url).status_code == 302


def test_files_that_belong_to_nothing_and_students_photos_are_not_served(client, admin):
    client.force_login(admin)
    assert client.get("/media/documents/nothing.pdf").status_code == 404
    assert client.get("/media/students/someone.jpg").status_code == 404


def test_the_feed_lists_the_public_resources_only(client, school):
    for audience in SEEN_BY:
        resource_for(audience, school["the class"])
    client.force_login(school["admin"])  # a feed is the same for everyone

    response = client.get("/resources/feed/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = response.content.decode()
    assert "Week 1 review (public)" in feed
    for audience in ["students", "class", "teachers", "staff"]:
        assert f"Week 1 review ({audience})" not in feed


def test_the_resources_index_is_part_of_the_site():
    """Made by resources migration 0002, with the teachers' permission to add resources there."""
    index = ResourcePage.allowed_parent_page_models()[0].objects.get()
    assert index.url == "/resources/"
    assert index.group_permissions.filter(group__name="Teachers", permission__codename="add_page").exists()


def test_a_file_kept_open_by_this_process_is_refused_once_a_restricted_resource_holds_it(
    client, school, settings, django_capture_on_commit_callbacks
):
    """Who holds a file is kept with the public pages' version (resources.files): publishing the resource that
    makes it private bumps the version, so the next request asks again."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.KEEP_PER_PROCESS = True
    rendition = ImageFactory(title="The Shim Sham, step by step").get_rendition("width-960|format-webp")
    assert client.get(rendition.url).status_code == 200

    draft = ResourcePageFactory(
        live=False, audience="staff", body=[("image", {"image": rendition.image, "caption": ""})]
    )
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()

    assert_refused(client.get(rendition.url), None)
