from django import template

register = template.Library()


@register.filter
def level_beside_title(subject):
    """The subject's level ("Beginning A") to show beside its title, or "" when the title says it ("Lindy 2 A")."""
    return "" if subject.title.strip().casefold() == subject.level_label.casefold() else subject.level_label
