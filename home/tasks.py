from celery import shared_task
from wagtail.images import get_image_model

from .renditions import make_public_renditions


@shared_task
def make_image_renditions(image_id):
    """The public renditions of an image just saved (home.signals); gone already if it was deleted since."""
    image = get_image_model().objects.filter(pk=image_id).first()
    if image:
        make_public_renditions(image)
