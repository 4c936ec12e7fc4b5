from .base import *  # noqa: F403
from .base import DATABASES, PAYMENT_VARIANTS, USES_POSTGRESQL, public_address_settings

SECRET_KEY = "test-only-secret-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tests change data inside a transaction that never commits, so the cached pages would never learn of it:
# the tests of the page cache turn it on (tests/classes/test_page_cache.py).
PUBLIC_PAGE_CACHE_VIEWS = []
CACHE_CLASS_CATALOGUE = False  # and so are the class cards (tests/classes/test_class_cards.py)
KEEP_PER_PROCESS = False  # nor what each process keeps of them (tests/home/test_site_shell.py)
CELERY_TASK_ALWAYS_EAGER = True
# Online payments as in development: through the dummy provider, whatever the environment's keys.
PAYMENT_VARIANTS.clear()
PAYMENT_VARIANTS["dummy"] = ("payments.dummy.DummyProvider", {})
MEDIA_ROOT = "/tmp/hepcat-test-media"
SITE_URL = "http://testserver"
WAGTAILADMIN_BASE_URL, PAYMENT_HOST, PAYMENT_USES_SSL = public_address_settings(SITE_URL)

if USES_POSTGRESQL:
    # Each test thread (the concurrency tests use many) holds its own connection.
    DATABASES["default"].get("OPTIONS", {}).pop("pool", None)
