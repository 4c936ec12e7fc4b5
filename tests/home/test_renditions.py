"""The renditions the public pages show are made when an image is saved (home/renditions.py), so that serving a
page never cuts or encodes an image."""

import datetime
import re
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.text import smart_split
from wagtail.images import get_image_model
from wagtail_factories import ImageFactory

from accounts.models import TeacherPage, TeachersIndexPage
from home.models import HomePage, StandardPage
from home.renditions import PUBLIC_RENDITIONS
from tests.factories import ClassOfferFactory, SessionFactory, SubjectPageFactory, TeacherFactory

pytestmark = pytest.mark.django_db

Rendition = get_image_model().get_rendition_model()
IMAGE_TAG = re.compile(r"{%\s*image\s+(.+?)\s*%}")


def specs_in_templates():
    """The spec of each `{% image %}` tag in the site's templates: the words between the image and its
    attributes or `as`, joined as Wagtail joins them."""
    specs = set()
    for template in settings.BASE_DIR.glob("*/templates/**/*.html"):
        for tag in IMAGE_TAG.findall(template.read_text()):
            words = list(smart_split(tag))[1:]
            filters = []
            for word in words:
                if word == "as" or "=" in word:
                    break
                filters.append(word)
            specs.add("|".join(filters))
    return specs


def test_every_image_the_templates_show_is_a_public_rendition():
    assert specs_in_templates() == set(PUBLIC_RENDITIONS)


def test_saving_an_image_makes_its_public_renditions(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = ImageFactory()

    assert sorted(image.renditions.values_list("filter_spec", flat=True)) == sorted(PUBLIC_RENDITIONS)


def test_make_renditions_makes_the_missing_ones_of_every_image():
    images = [ImageFactory(), ImageFactory()]  # not committed: no renditions made yet
    images[0].get_rendition("width-960|format-webp")

    output = StringIO()
    call_command("make_renditions", stdout=output)

    assert "2 images" in output.getvalue()

    for image in images:
        assert image.renditions.count() == len(PUBLIC_RENDITIONS)


@pytest.fixture
def pages_with_images(time_machine, django_capture_on_commit_callbacks):
    """The home page with a hero and a picture in its body, a standard page, a class and a teacher, all with images."""
    time_machine.move_to(datetime.datetime(2026, 11, 2, 12, 0, tzinfo=datetime.UTC), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        hero, picture, about, lindy, portrait = (ImageFactory() for _ in range(5))
    home = HomePage.objects.get()
    home.hero_heading = "Swing dance classes"
    home.hero_image = hero
    home.body = [{"type": "image", "value": {"image": {"image": picture.pk, "decorative": True}, "caption": ""}}]
    home.save_revision().publish()
    home.add_child(instance=StandardPage(title="About us", slug="about", image=about))
    ann = TeacherFactory(first_name="Ann", last_name="Lee")
    TeachersIndexPage.objects.get().add_child(
        instance=TeacherPage(title="Ann Lee", slug="ann-lee", teacher=ann, photo=portrait)
    )
    november = SessionFactory(
        slug="november-2026", key_day_date=datetime.date(2026, 11, 12), publish_date=datetime.date(2026, 10, 20)
    )
    subject = SubjectPageFactory(title="Lindy 2", slug="lindy-2", image=lindy)
    ClassOfferFactory(subject=subject, session=november, class_day=1, teachers=[ann])


def test_serving_the_public_pages_makes_no_rendition(client, pages_with_images):
    urls = ["/", "/about/", "/classes/", "/classes/lindy-2/", "/classes/lindy-2/november-2026/tuesday/"]
    urls += ["/teachers/", "/teachers/ann-lee/"]
    renditions_before = Rendition.objects.count()

    with CaptureQueriesContext(connection) as queries:
        pages = [client.get(url) for url in urls]

    assert [page.status_code for page in pages] == [200] * len(urls)
    assert all(b"/media/images/" in page.content for page in pages if page.request["PATH_INFO"] != "/classes/")
    assert Rendition.objects.count() == renditions_before
    assert not [query for query in queries if 'INSERT INTO "wagtailimages_rendition"' in query["sql"]]
