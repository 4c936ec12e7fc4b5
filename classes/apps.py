from django.apps import AppConfig


class ClassesConfig(AppConfig):
    name = "classes"
    verbose_name = "Classes"

    def ready(self):
        from . import checks, signals  # noqa: F401
        from .models import Payment
        from .services.payments import update_payment

        Payment.status_service = update_payment
