from django import template
from wagtail.models import Site

register = template.Library()


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The site's home page and its live children marked "show in menus"."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    home = site.root_page if site else None
    return {
        "home": home,
        "menu_pages": home.get_children().live().in_menu() if home else [],
        "current_page": context.get("page"),
        "request": request,
    }
