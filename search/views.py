from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from wagtail.models import Page

RESULTS_PER_PAGE = 10


def search(request):
    """Full-text search over the live pages anyone may see."""
    query = request.GET.get("query", "").strip()
    results = Page.objects.live().public().search(query) if query else Page.objects.none()
    return TemplateResponse(
        request,
        "search/search.html",
        {"query": query, "results": Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))},
    )
