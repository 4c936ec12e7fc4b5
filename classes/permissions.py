"""Who on the staff may see what, where a Wagtail model permission does not say it."""

from accounts.roles import is_admin


def may_see_money(user):
    """Paid and owed figures are for those who handle the school's money (issue #11: teachers never see them).

    The one place that says so: until the `classes.view_money` permission exists, that is the Admins.
    """
    return is_admin(user)
