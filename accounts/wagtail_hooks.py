from wagtail import hooks

from accounts import audit
from accounts.admin.credits import CreditsGroup
from hepcat.audit import register_actions


@hooks.register("register_admin_viewset")
def register_credits():
    return CreditsGroup()


@hooks.register("register_log_actions")
def register_credit_actions(actions):
    register_actions(actions, audit.ACTIONS)
