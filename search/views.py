from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from wagtail.models import Page

from resources.access import hidden_resources

RESULTS_PER_PAGE = 10


def search(request):
    """Full-text search over the live pages anyone may see, and the resources this visitor may see
    (resources.access): a resource they may not see is left out before the search ranks and counts the results."""
    query = request.GET.get("query", "").strip()
    pages = Page.objects.live().public().exclude(pk__in=hidden_resources(request.user))
    results = pages.search(query) if query else Page.objects.none()
    return TemplateResponse(
        request,
        "search/search.html",
        {"query": query, "results": Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))},
    )
