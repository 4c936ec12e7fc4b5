"""Settings shared by every environment. Values come from the environment (see `.env.example`)."""

import datetime
from urllib.parse import urlsplit

import dj_database_url

from hepcat.env import BASE_DIR, env, env_bool, env_decimal, env_int, env_list, env_prefixed

PROJECT_DIR = BASE_DIR / "hepcat"

SECRET_KEY = env("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1 localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "accounts",
    "classes",
    "resources",
    "messaging",
    "search",
    "payments",
    "axes",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "accounts.apps.SchoolUsersConfig",  # wagtail.users, with accounts/admin/users.py
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "hepcat.middleware.refuse_nul_bytes",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "hepcat.middleware.ContentSecurityPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # After the session, authentication and messages it reads; what it serves still gets the headers above.
    "hepcat.page_cache.PublicPageCacheMiddleware",
    # After the page cache: only a page made anew reads the site, the settings and the menu (home/shell.py).
    "home.shell.SiteShellMiddleware",
    # Last, as django-axes asks: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# `make bench` (bench/run.py): CPU time and query count of each request, in a Server-Timing header.
if env_bool("BENCH_TIMING", False):
    MIDDLEWARE.insert(0, "hepcat.bench.server_timing")

ROOT_URLCONF = "hepcat.urls"
WSGI_APPLICATION = "hepcat.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
    {
        # The plain-text parts of the school's mail: text is not HTML, so "Don't" must not arrive as "Don&#x27;t".
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]


def database_settings():
    """PostgreSQL from DATABASE_URL (or the DB_* variables); otherwise a local SQLite file."""
    if env("DATABASE_URL"):
        database = dj_database_url.parse(env("DATABASE_URL"))
    elif env("DB_NAME"):
        database = {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": env("DB_NAME"),
            "USER": env("DB_USER"),
            "PASSWORD": env("DB_PASS"),
            "HOST": env("DB_HOST", "127.0.0.1"),
            "PORT": env("DB_PORT", "5432"),
        }
    else:
        # IMMEDIATE transactions take SQLite's write lock at once, so that two checkouts can't both
        # count the same free seat (PostgreSQL locks the class offer's row instead).
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
            "OPTIONS": {"transaction_mode": "IMMEDIATE"},
        }
    if database["ENGINE"] == "django.db.backends.postgresql":
        # No JIT compilation: it pays off for long analytical queries, while a page's queries are short, and
        # compiling one that merely looks costly (a report's subquery per order) took longer than running it.
        database.setdefault("OPTIONS", {})["options"] = "-c jit=off"
    if env_bool("DB_POOL", True) and database["ENGINE"] == "django.db.backends.postgresql":
        # psycopg 3 connection pooling; Django requires CONN_MAX_AGE = 0 alongside it.
        database["CONN_MAX_AGE"] = 0
        database.setdefault("OPTIONS", {})["pool"] = {
            "min_size": 2,
            "max_size": env_int("DB_POOL_MAX_SIZE", 10),
            "timeout": 10,
        }
    return database


DATABASES = {"default": database_settings()}
USES_POSTGRESQL = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if USES_POSTGRESQL:
    # Wagtail's database search backend uses PostgreSQL full-text search when this is installed.
    INSTALLED_APPS.append("django.contrib.postgres")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes' backend comes first: it refuses a locked-out login before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Students log in on the site; the Wagtail admin keeps its own login page.
LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "/account/login/"
# One way to a new password for everyone, staff included: /account/password-reset/, rate limited, its mail sent
# after the response. (Wagtail's admin has its own, which sends in the request and isn't limited.)
WAGTAIL_PASSWORD_RESET_ENABLED = False

LANGUAGE_CODE = "en-us"
TIME_ZONE = env("TIME_ZONE", "America/Los_Angeles")
USE_I18N = True
USE_TZ = True

STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env("STATIC_ROOT", str(BASE_DIR / "staticfiles"))
STATIC_URL = "/static/"
MEDIA_ROOT = env("MEDIA_ROOT", str(BASE_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Wagtail's page editor can post many fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Mail: console in development, locmem in tests; production picks any ESP through Anymail.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "HepCat Productions <classes@hepcat.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ANYMAIL = env_prefixed("ANYMAIL_")

# Background work: Celery with Redis; without a broker, tasks run in-process.
CELERY_BROKER_URL = env("CELERY_BROKER_URL") or env("REDIS_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "publish-scheduled-pages": {"task": "hepcat.tasks.publish_scheduled", "schedule": 60.0},
    "clear-expired-sessions": {"task": "hepcat.tasks.clear_expired_sessions", "schedule": 24 * 60 * 60.0},
    "release-expired-seats": {"task": "classes.tasks.release_expired_seats", "schedule": 60.0},
    "reconcile-payments": {"task": "classes.tasks.reconcile_payments", "schedule": 10 * 60.0},
}

# The pages every anonymous visitor sees alike are served from the cache (hepcat/page_cache.py): those of the
# views with these URL names, Wagtail's pages ("wagtail_serve") among them. The admin, the account pages and the
# registration pages are other views, never cached.
PUBLIC_PAGE_CACHE_VIEWS = ["wagtail_serve", "class_calendar"]
# The class cards of those pages, and the home page's next series start, are kept in the cache between
# changes to the classes (classes/models/cards.py), for the pages made anew after every seat taken.
CACHE_CLASS_CATALOGUE = True
# Each web process keeps what it read for the current site and public versions (hepcat.page_cache): the site, the
# school's settings and the main menu (home/shell.py), and which classes are full (classes/views/registration.py).
KEEP_PER_PROCESS = True

if env("REDIS_URL"):
    # Django's Redis cache, with one client for each connection pool (hepcat/cache.py).
    CACHES = {"default": {"BACKEND": "hepcat.cache.RedisCache", "LOCATION": env("REDIS_URL")}}
    # Sessions (a visitor's list of classes) read from the cache, and kept in the database as well.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Login lockout (django-axes): five failed logins for one email from one client address lock that pair out for
# 15 minutes, on the site's login page and the admin's alike (accounts/lockout.py; admins unlock in Settings).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"  # what both login forms call the email
AXES_USERNAME_CALLABLE = "accounts.lockout.login_email"
AXES_CLIENT_IP_CALLABLE = "hepcat.client_address.client_address"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # failed logins are counted; successful ones are nobody's business
AXES_ENABLE_ADMIN = False  # Django's admin isn't used: lockouts are in Wagtail's (accounts/admin/lockouts.py)

# Proxies in front of the site that append the client's address to X-Forwarded-For (production has one).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# Rate limits (hepcat/ratelimit.py), as "count/period" with s, m, h or d: "1/15m" is once in 15 minutes.
RATELIMITS = {
    # Activation and password links asked for from one client address, and sent to one email address.
    "account_link": "5/h",
    "account_link_email": "1/15m",
    # Checkouts from one client address, and registrations for one email address typed in.
    "checkout": env("RATELIMIT_CHECKOUT", "20/h"),
    "checkout_email": env("RATELIMIT_CHECKOUT_EMAIL", "5/h"),
    # Downloads of a student's own data, per student.
    "data_download": "10/h",
}

# Content Security Policy: everything is served from this site; embeds may come from video hosts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "frame-src": [
            "'self'",
            "https://www.youtube.com",
            "https://www.youtube-nocookie.com",
            "https://player.vimeo.com",
        ],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}


def public_address_settings(site_url):
    """WAGTAILADMIN_BASE_URL, PAYMENT_HOST and PAYMENT_USES_SSL, all from the site's one public address."""
    address = urlsplit(site_url)
    return site_url, address.netloc, address.scheme == "https"


# The site's public address (e.g. https://classes.hepcat.example): links in mail and the addresses payment
# processors send people back to start with it. `make run` sets it to where it serves.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL, PAYMENT_HOST, PAYMENT_USES_SSL = public_address_settings(SITE_URL)

# Wagtail
WAGTAIL_SITE_NAME = env("BUSINESS_NAME", "HepCat Productions")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Moderation emails in the school's look and words (hepcat/templates/wagtailadmin/notifications/).
WAGTAILADMIN_NOTIFICATION_USE_HTML = True
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no third-party requests from the admin
# Documents are always served through Wagtail's view, which checks their collection's privacy, even on
# remote storage (where the default would redirect to a public file address).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Pages and collections are private to logged-in people or to roles, never behind a password shared around.
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]

# The school (names follow the original school's settings).
BUSINESS_NAME = env("BUSINESS_NAME", "HepCat Productions")
DEFAULT_CITY = env("DEFAULT_CITY", "Seattle")
DEFAULT_COUNTRY_AREA_STATE = env("DEFAULT_COUNTRY_AREA_STATE", "WA")
DEFAULT_POSTCODE = env("DEFAULT_POSTCODE", "98101")
DEFAULT_COUNTRY = env("DEFAULT_COUNTRY", "US")
ASSUME_CLASS_APPROVE = env_bool("ASSUME_CLASS_APPROVE", False)
DEFAULT_CLASS_PRICE = env_decimal("DEFAULT_CLASS_PRICE", "95.00")
DEFAULT_PRE_DISCOUNT = env_decimal("DEFAULT_PRE_DISCOUNT", "10.00")
MULTI_DISCOUNT = env_decimal("MULTI_DISCOUNT", "15.00")
DEFAULT_KEY_DAY = env_int("DEFAULT_KEY_DAY", 3)
DEFAULT_MAX_DAY_SHIFT = env_int("DEFAULT_MAX_DAY_SHIFT", -2)
DEFAULT_SESSION_WEEKS = env_int("DEFAULT_SESSION_WEEKS", 5)
SESSION_MINIMUM_WEEKS = env_int("SESSION_MINIMUM_WEEKS", 3)
DEFAULT_SESSION_EXPIRE = env_int("DEFAULT_SESSION_EXPIRE", 8)
SHORT_SESSION_EXPIRE = env_int("SHORT_SESSION_EXPIRE", 2)
DEFAULT_CLASS_MINUTES = env_int("DEFAULT_CLASS_MINUTES", 60)
PRE_PAY_DEADLINE_DAYS = env_int("PRE_PAY_DEADLINE_DAYS", 1)

# Registration and payment.
CHECKOUT_HOLD_MINUTES = env_int("CHECKOUT_HOLD_MINUTES", 30)
WAITLIST_OFFER_HOURS = env_int("WAITLIST_OFFER_HOURS", 24)
PASSWORD_RESET_TIMEOUT = 3 * 24 * 60 * 60  # activation and password links work for three days
CURRENCY = "USD"
PAYMENT_MODEL = "classes.Payment"
STRIPE_PUBLIC_KEY = env("STRIPE_PUBLIC_KEY")
STRIPE_KEY = env("STRIPE_KEY")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET")
PAYPAL_CLIENT_ID = env("PAYPAL_CLIENT_ID")
PAYPAL_SECRET = env("PAYPAL_SECRET")
PAYPAL_URL = env("PAYPAL_URL", "https://api-m.sandbox.paypal.com")
PAYPAL_WEBHOOK_ID = env("PAYPAL_WEBHOOK_ID")
# The online processors checkout offers (django-payments variants, named as PaymentMethod): each one whose keys
# are set. With none, students pay at the door. Development adds a dummy one that takes no money (dev.py);
# the system checks refuse it, test keys and a processor without its webhook secret when DEBUG is off
# (classes/checks.py).
PAYMENT_VARIANTS = {}
if STRIPE_KEY:
    # Its events come to /payments/stripe/webhook/ (classes/views/webhooks.py), verified with the secret.
    PAYMENT_VARIANTS["stripe"] = ("classes.processors.stripe.StripeCheckoutProvider", {"api_key": STRIPE_KEY})
    # Checkout's form goes on to Stripe's payment page, where the browser must be let follow it.
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append("https://checkout.stripe.com")
if PAYPAL_CLIENT_ID:
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] += ["https://www.paypal.com", "https://www.sandbox.paypal.com"]
    # Its events come to /payments/paypal/webhook/, which PayPal verifies for the webhook PAYPAL_WEBHOOK_ID.
    PAYMENT_VARIANTS["paypal"] = (
        "classes.processors.paypal.PayPalProvider",
        {
            "client_id": PAYPAL_CLIENT_ID,
            "secret": PAYPAL_SECRET,
            "endpoint": PAYPAL_URL,
            "webhook_id": PAYPAL_WEBHOOK_ID,
        },
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
