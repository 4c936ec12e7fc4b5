"""The student's /account/ page is made of sections that each app registers, the way Wagtail's own
account page collects its panels: `accounts` knows nothing of classes or resources.

An app registers a section class with the `register_account_section` hook::

    @hooks.register("register_account_section")
    def register_classes_section():
        return ClassesSection
"""

from wagtail import hooks


class AccountSection:
    """One part of a student's account page: a template, with what it shows for the signed-in `user`."""

    template_name = ""
    order = 100  # sections show in this order, smallest first

    def __init__(self, request):
        self.request = request
        self.user = request.user

    def is_shown(self):
        return True


def account_sections(request):
    sections = [section_class(request) for section_class in _section_classes()]
    return sorted((section for section in sections if section.is_shown()), key=lambda section: section.order)


def _section_classes():
    return [register() for register in hooks.get_hooks("register_account_section")]
