from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """The path as a full address on the host the visitor asked for: search engines and link previews need one."""
    request = context.get("request")
    return request.build_absolute_uri(path) if request else path
