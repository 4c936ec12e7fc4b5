from django.conf import settings
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.utils.functional import lazy
from django.views.generic import RedirectView, TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from classes.views import catalogue as class_views
from classes.views import webhooks
from hepcat import bench
from hepcat.env import env_bool
from resources import views as resource_views
from search import views as search_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's document download, made private for a restricted resource's documents (resources.views).
    re_path(r"^documents/(\d+)/(.*)$", resource_views.document, name="wagtaildocs_serve"),
    path("documents/", include(wagtaildocs_urls)),
    # Uploaded files go through Django everywhere: a restricted resource's files are checked like the resource.
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", resource_views.media, name="media"),
    path("search/", search_views.search, name="search"),
    path("classes/calendar.ics", class_views.calendar, name="class_calendar"),
    path("register/", include("classes.urls")),
    path("account/", include("accounts.urls")),
    path("account/", include("classes.account_urls")),
    path("account/", include("resources.account_urls")),
    # Before django-payments' own addresses: the processors' events come to the payment service
    # (classes/views/webhooks.py).
    path("payments/stripe/webhook/", webhooks.stripe_webhook, name="stripe_webhook"),
    path("payments/paypal/webhook/", webhooks.paypal_webhook, name="paypal_webhook"),
    path("payments/", include("payments.urls")),
    # Crawlers and browsers look for these at the root of the site.
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain")),
    # Not permanent: the static file's address changes with its content in production.
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("images/favicon.ico"))),
]

if env_bool("BENCH_BARE_VIEW", False):
    # `make bench` measures the pages against a view that does nothing, behind the same middleware.
    urlpatterns.append(path("bench/bare/", bench.bare, name="bench_bare"))

urlpatterns += [path("", include(wagtail_urls))]
