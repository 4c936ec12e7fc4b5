from django.db import transaction
from django.db.models.signals import post_save
from wagtail.images import get_image_model

from .tasks import make_image_renditions


def image_saved(sender, instance, raw=False, **kwargs):
    # After the commit: Wagtail's image form deletes the renditions of a replaced file inside the same transaction.
    if not raw:
        transaction.on_commit(lambda: make_image_renditions.delay(instance.pk))


post_save.connect(image_saved, sender=get_image_model(), dispatch_uid="home.image_renditions")
