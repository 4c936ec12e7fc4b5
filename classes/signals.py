from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from payments.signals import status_changed
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from classes.models import ClassOffer, Level, Location, Payment, Registration, Session, SessionSkipDate
from classes.services.payments import record_payment
from hepcat.page_cache import bump_public_version
from home.models import SchoolSettings


@receiver(status_changed, sender=Payment, dispatch_uid="classes.record_payment")
def payment_status_changed(sender, instance, **kwargs):
    record_payment(instance)


# What the cached public pages show (hepcat.page_cache): the pages themselves and the menus that list
# them, the classes, their sessions, levels and locations, the seats taken, the school's details in every
# header and footer, and the images (a replaced file has new renditions). The version is bumped once the
# change is committed, so the next visitor's page is made from it.
PUBLIC_MODELS = [
    ClassOffer,
    Level,
    Location,
    Session,
    SessionSkipDate,
    Registration,
    PageViewRestriction,
    SchoolSettings,
    get_image_model(),
]


def public_pages_changed(**kwargs):
    transaction.on_commit(bump_public_version)


for model in PUBLIC_MODELS:
    uid = f"classes.public_pages.{model.__name__}"
    post_save.connect(public_pages_changed, sender=model, dispatch_uid=f"{uid}.saved")
    post_delete.connect(public_pages_changed, sender=model, dispatch_uid=f"{uid}.deleted")
post_delete.connect(public_pages_changed, sender=Page, dispatch_uid="classes.public_pages.page_deleted")
page_published.connect(public_pages_changed, dispatch_uid="classes.public_pages.page_published")
page_unpublished.connect(public_pages_changed, dispatch_uid="classes.public_pages.page_unpublished")
post_page_move.connect(public_pages_changed, dispatch_uid="classes.public_pages.page_moved")
