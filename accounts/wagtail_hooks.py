from wagtail import hooks

from accounts import audit
from accounts.admin.credits import CreditsGroup
from accounts.admin.lockouts import LockoutViewSet
from accounts.admin.students import student_chooser_viewset
from accounts.admin.users import AssignRoleBulkAction
from hepcat.audit import register_actions


@hooks.register("register_admin_viewset")
def register_credits():
    return CreditsGroup()


@hooks.register("register_admin_viewset")
def register_student_chooser():
    return student_chooser_viewset


@hooks.register("register_admin_viewset")
def register_lockouts():
    return LockoutViewSet()


# Registered after Wagtail's own "Assign role" (order 0), which it replaces.
hooks.register("register_bulk_action", AssignRoleBulkAction, order=1)


@hooks.register("register_log_actions")
def register_credit_actions(actions):
    register_actions(actions, audit.ACTIONS)
