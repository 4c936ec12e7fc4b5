from django.core.exceptions import ImproperlyConfigured

from hepcat.env import env, env_bool, env_int

from .base import *  # noqa: F403
from .base import CONTENT_SECURITY_POLICY, STORAGES

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment: a long random string, kept secret.")
if not env("REDIS_URL"):
    raise ImproperlyConfigured(
        "Set REDIS_URL in the environment: Celery's broker, so that mail leaves the request, and the cache that "
        "every web process shares the rate limits in."
    )
if not env("SITE_URL"):
    raise ImproperlyConfigured(
        "Set SITE_URL in the environment: the site's public address, e.g. https://classes.example.org"
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True

STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
