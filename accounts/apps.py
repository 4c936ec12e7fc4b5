from django.apps import AppConfig
from django.db.models.signals import post_migrate
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    default = True  # this module also holds SchoolUsersConfig, for wagtail.users
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from .roles import grant_admins_everything

        post_migrate.connect(grant_admins_everything, dispatch_uid="accounts.grant_admins_everything")


class SchoolUsersConfig(WagtailUsersAppConfig):
    """Wagtail's users admin, with the school's rule on who grants superuser status and the Admins role."""

    user_viewset = "accounts.admin.users.UserViewSet"
