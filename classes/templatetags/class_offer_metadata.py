"""What search engines and link previews read about a class offer."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def class_offer_description(offer):
    """What, when and where in one line: "Swing Out Basics (Beginning A): Thursdays, 7:00 PM–8:00 PM, …"."""
    text = render_to_string("classes/class_offer_description.txt", {"offer": offer})
    return mark_safe(" ".join(text.split()))  # the template escaped it; this only joins its lines
