from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from .roles import grant_admins_everything

        post_migrate.connect(grant_admins_everything, dispatch_uid="accounts.grant_admins_everything")
