from django import template

from hepcat.money import money

register = template.Library()


@register.filter
def price(amount):
    """$95 for whole dollars, $92.50 otherwise: how the school writes prices to students."""
    return money(amount, cents=False)
