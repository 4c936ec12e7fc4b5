"""Requests made to break the site: NUL bytes, documents fetched around their access check, shared passwords."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage
from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/search/?query=%00", "/search/?q=%00", "/register/waitlist/%00/", "/%00/"])
def test_a_nul_byte_in_the_address_is_a_bad_request(client, url):
    client.raise_request_exception = False

    response = client.get(url)

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")


def test_an_ordinary_search_still_works(client):
    assert client.get("/search/?query=lindy").status_code == 200


class RemoteStorage(InMemoryStorage):
    """Like cloud storage: files have a public address but no path on this machine."""

    def path(self, name):
        raise NotImplementedError("This storage keeps no files on this machine.")

    def _relative_path(self, name):
        return super().path(name).removeprefix(self.location + "/")


@pytest.fixture
def remote_storage(settings):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": f"{__name__}.RemoteStorage"}}


def test_a_document_on_remote_storage_is_served_through_the_access_check(client, remote_storage):
    staff_notes = Collection.get_first_root_node().add_child(name="Staff notes")
    CollectionViewRestriction.objects.create(collection=staff_notes, restriction_type=CollectionViewRestriction.LOGIN)
    document = Document.objects.create(
        title="Syllabus", collection=staff_notes, file=ContentFile(b"Swing out, step by step", name="syllabus.txt")
    )

    assert document.url == f"/documents/{document.pk}/syllabus.txt"
    assert client.get(document.url).url.startswith("/account/login/")

    client.force_login(UserFactory())
    response = client.get(document.url)
    assert response.status_code == 200  # streamed by the view, not a redirect to the file's public address
    assert b"".join(response.streaming_content) == b"Swing out, step by step"


def test_a_page_cannot_be_put_behind_a_shared_password(admin_client):
    home = Page.objects.get(depth=2)

    dialog = admin_client.get(f"/admin/pages/{home.pk}/privacy/")
    refused = admin_client.post(
        f"/admin/pages/{home.pk}/privacy/", {"restriction_type": "password", "password": "lindy"}
    )

    assert dialog.status_code == 200
    assert 'value="password"' not in dialog.json()["html"]
    assert 'value="login"' in dialog.json()["html"]
    assert refused.status_code == 200
    assert not PageViewRestriction.objects.exists()


def test_a_collection_cannot_be_put_behind_a_shared_password(admin_client):
    collection = Collection.get_first_root_node().add_child(name="Class notes")

    dialog = admin_client.get(f"/admin/collections/{collection.pk}/privacy/")
    refused = admin_client.post(
        f"/admin/collections/{collection.pk}/privacy/", {"restriction_type": "password", "password": "lindy"}
    )

    assert 'value="password"' not in dialog.json()["html"]
    assert 'value="login"' in dialog.json()["html"]
    assert refused.status_code == 200
    assert not CollectionViewRestriction.objects.exists()
