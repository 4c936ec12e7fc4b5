from django import template

from home.shell import main_menu_of

register = template.Library()


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The site's home page and its live children marked "show in menus"."""
    request = context.get("request")
    current_page = context.get("page")
    return {
        "items": main_menu_of(request) if request else [],
        "current_page_id": getattr(current_page, "pk", None),
    }
