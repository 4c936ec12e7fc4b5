from django.dispatch import receiver
from payments.signals import status_changed

from classes.models import Payment
from classes.services.payments import record_payment


@receiver(status_changed, sender=Payment, dispatch_uid="classes.record_payment")
def payment_status_changed(sender, instance, **kwargs):
    record_payment(instance)
