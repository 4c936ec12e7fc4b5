"""The student's /account/ page is made of sections that each app registers, the way Wagtail's own
account page collects its panels: `accounts` knows nothing of classes or resources.

An app registers a section class with the `register_account_section` hook::

    @hooks.register("register_account_section")
    def register_classes_section():
        return ClassesSection

An admin reads a student's page as the student sees it (`account_sections(request, student)`): each section shows
what `self.user` (the student, not whoever asked) has, and offers nothing to do while `self.read_only`.
"""

from wagtail import hooks


class AccountSection:
    """One part of a student's account page: a template, with what it shows for `user`, the signed-in student or
    the one an admin reads the page of (then `read_only`)."""

    template_name = ""
    order = 100  # sections show in this order, smallest first

    def __init__(self, request, student=None):
        self.request = request
        self.user = student or request.user
        self.read_only = student is not None

    @property
    def class_page_url_name(self):
        """The page of one of the student's classes: theirs, or the admin's read-only view of it."""
        return "view_as_class" if self.read_only else "account_class"

    def is_shown(self):
        return True


def account_sections(request, student=None):
    """The sections of the signed-in student's account page, or, read-only, of `student`'s."""
    sections = [section_class(request, student) for section_class in _section_classes()]
    return sorted((section for section in sections if section.is_shown()), key=lambda section: section.order)


def _section_classes():
    return [register() for register in hooks.get_hooks("register_account_section")]
