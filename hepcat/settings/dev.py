from hepcat.env import env, env_bool

from .base import *  # noqa: F403
from .base import PAYMENT_VARIANTS

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env("SECRET_KEY", "dev-only-secret-key-not-for-production")
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

if DEBUG:
    # "Pay online" that takes no money, for trying checkout out (the demo school's online orders use it).
    PAYMENT_VARIANTS["dummy"] = ("payments.dummy.DummyProvider", {})
