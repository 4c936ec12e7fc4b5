from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from hepcat.page_cache import bump_site_version

from .models import SchoolSettings
from .tasks import make_image_renditions


def image_saved(sender, instance, raw=False, **kwargs):
    # After the commit: Wagtail's image form deletes the renditions of a replaced file inside the same transaction.
    if not raw:
        transaction.on_commit(lambda: make_image_renditions.delay(instance.pk))


def site_shell_changed(**kwargs):
    """The site, the school's settings or the pages in the menu (home.shell) changed: once committed, every page
    is made again with them."""
    transaction.on_commit(bump_site_version)


post_save.connect(image_saved, sender=get_image_model(), dispatch_uid="home.image_renditions")
for model in [Site, SchoolSettings]:
    post_save.connect(site_shell_changed, sender=model, dispatch_uid=f"home.shell.{model.__name__}.saved")
    post_delete.connect(site_shell_changed, sender=model, dispatch_uid=f"home.shell.{model.__name__}.deleted")
post_delete.connect(site_shell_changed, sender=Page, dispatch_uid="home.shell.page_deleted")
page_published.connect(site_shell_changed, dispatch_uid="home.shell.page_published")
page_unpublished.connect(site_shell_changed, dispatch_uid="home.shell.page_unpublished")
post_page_move.connect(site_shell_changed, dispatch_uid="home.shell.page_moved")
