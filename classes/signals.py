from django.conf import settings
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from classes.models import ClassOffer, Level, Location, Registration, Session, SessionSkipDate, SubjectPage
from classes.models.cards import bump_catalogue_version
from classes.services.meetings import refresh_meetings
from hepcat.page_cache import bump_public_version
from home.models import SchoolSettings

# What the class cards show (classes.models.cards): the classes, their sessions and skip dates, levels,
# locations, the pages of their subjects and teachers, and the teachers' names. Each change is also a change
# to the cached public pages (hepcat.page_cache), which show the cards, and so are the seats taken, who may
# see a page, the school's details in every header and footer, and the images (a replaced file has new
# renditions). The versions are bumped once the change is committed, so the next visitor's page is made from
# it: the catalogue's first, so that no page made for the new public version holds an old card.
CATALOGUE_MODELS = [ClassOffer, Level, Location, Session, SessionSkipDate, SchoolSettings]  # the calendar's name
PUBLIC_MODELS = [Registration, PageViewRestriction, get_image_model()]


def public_pages_changed(**kwargs):
    transaction.on_commit(bump_public_version)


def catalogue_changed(**kwargs):
    transaction.on_commit(bump_catalogue_version)
    public_pages_changed()


def teacher_saved(sender, instance, created, update_fields=None, **kwargs):
    """A teacher's name is on the cards of their classes; most saves of a user (a login) leave it alone."""
    names_saved = update_fields is None or {"first_name", "last_name"} & set(update_fields)
    if not created and names_saved and instance.classes_taught.exists():
        catalogue_changed()


for models, changed in [(CATALOGUE_MODELS, catalogue_changed), (PUBLIC_MODELS, public_pages_changed)]:
    for model in models:
        uid = f"classes.{changed.__name__}.{model.__name__}"
        post_save.connect(changed, sender=model, dispatch_uid=f"{uid}.saved")
        post_delete.connect(changed, sender=model, dispatch_uid=f"{uid}.deleted")
m2m_changed.connect(catalogue_changed, sender=ClassOffer.teachers.through, dispatch_uid="classes.catalogue.teachers")
post_save.connect(teacher_saved, sender=settings.AUTH_USER_MODEL, dispatch_uid="classes.catalogue.teacher_saved")
post_delete.connect(catalogue_changed, sender=Page, dispatch_uid="classes.catalogue.page_deleted")
page_published.connect(catalogue_changed, dispatch_uid="classes.catalogue.page_published")
page_unpublished.connect(catalogue_changed, dispatch_uid="classes.catalogue.page_unpublished")
post_page_move.connect(catalogue_changed, dispatch_uid="classes.catalogue.page_moved")


# The stored meetings (classes.services.meetings) follow the class, its session and skip dates, and its
# subject's weeks.
def class_offer_saved(sender, instance, **kwargs):
    refresh_meetings(ClassOffer.objects.filter(pk=instance.pk))


def session_changed(sender, instance, **kwargs):
    refresh_meetings(ClassOffer.objects.filter(session_id=instance.pk))


def skip_date_changed(sender, instance, **kwargs):
    refresh_meetings(ClassOffer.objects.filter(session_id=instance.session_id))


def subject_saved(sender, instance, update_fields=None, **kwargs):
    if update_fields is None or "num_weeks" in update_fields:
        refresh_meetings(ClassOffer.objects.filter(subject_id=instance.pk))


post_save.connect(class_offer_saved, sender=ClassOffer, dispatch_uid="classes.meetings.class_offer_saved")
post_save.connect(session_changed, sender=Session, dispatch_uid="classes.meetings.session_saved")
post_save.connect(skip_date_changed, sender=SessionSkipDate, dispatch_uid="classes.meetings.skip_date_saved")
post_delete.connect(skip_date_changed, sender=SessionSkipDate, dispatch_uid="classes.meetings.skip_date_deleted")
post_save.connect(subject_saved, sender=SubjectPage, dispatch_uid="classes.meetings.subject_saved")
