from django import template

register = template.Library()


@register.filter
def price(amount):
    """$95 for whole dollars, $92.50 otherwise."""
    if amount is None:
        return ""
    return f"${amount:,.0f}" if amount == int(amount) else f"${amount:,.2f}"
