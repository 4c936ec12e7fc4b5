from wagtail import hooks

from accounts.admin.credits import CreditsGroup


@hooks.register("register_admin_viewset")
def register_credits():
    return CreditsGroup()
