import os

import pytest
from django.core.cache import caches

from accounts.roles import ADMINS
from hepcat import page_cache
from tests.factories import UserFactory

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# alongside it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files and image renditions go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_caches():
    """Cached renditions, site roots, settings and pages from one test must not leak into the next."""
    for cache in caches.all():
        cache.clear()
    page_cache.local_copies.forget()
    page_cache.recent_version.forget()
    page_cache.recent_site_version.forget()
    page_cache.kept_with_the_site.forget()
    page_cache.kept_with_the_public_pages.forget()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def admin(db):
    """Someone in the school's Admins group: every permission, without being a superuser."""
    return UserFactory(groups=[ADMINS], first_name="Avery", last_name="Admin")


@pytest.fixture
def admin_client(client, admin):
    """The test client, signed in as an admin (not pytest-django's superuser)."""
    client.force_login(admin)
    return client
