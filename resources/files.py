"""Who may have a file: the documents and images a resource holds are as private as the resource (DESIGN §5).

A document or image (or a rendition of it) is *restricted* when a resource for an audience narrower than everyone
holds it and nothing else on the site does: the home page's photo stays public even if a class's notes show it
too. Who may see one of those resources may have the file, as may whoever may edit one of them (a teacher's
draft shows its own pictures) and admins. Which resources hold a file is Wagtail's reference index, which every
save of a page brings up to date with what the page's row holds: its live version, so a draft's new picture is
not restricted until the draft is published.

Files under students/ (the students' photos) are never served from here: their owners see them through their
account.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import ReferenceIndex

from accounts.roles import is_admin
from hepcat.page_cache import kept_with_the_public_pages

from .access import visible_resources
from .models import ResourcePage

STUDENT_FILES = "students/"


@dataclass(frozen=True)
class FileAccess:
    allowed: bool
    restricted: bool


OPEN = FileAccess(allowed=True, restricted=False)


def owner_of_file(name):
    """The document or image a stored file is (or is a rendition of), or None when it is neither."""
    if name.startswith(STUDENT_FILES):
        return None
    Image = get_image_model()
    return (
        get_document_model().objects.filter(file=name).first()
        or Image.objects.filter(file=name).first()
        or Image.objects.filter(renditions__file=name).first()
    )


def access_to(user, owner):
    """Whether `user` may have the document or image `owner`, and whether it is restricted (FileAccess)."""
    restricted = kept_with_the_public_pages.get(
        ("restricted_holders", owner._meta.label, owner.pk), lambda: restricted_holders(owner)
    )
    if not restricted:
        return OPEN
    allowed = (
        is_admin(user)
        or visible_resources(user).filter(pk__in=restricted).exists()
        or user.is_authenticated
        and any(
            resource.permissions_for_user(user).can_edit()
            for resource in ResourcePage.objects.filter(pk__in=restricted)
        )
    )
    return FileAccess(allowed=allowed, restricted=True)


def restricted_holders(owner):
    """The ids of the restricted resources holding the document or image, or () when it is open to everyone
    (held by none, or by something else too). Kept with the public pages: what changes it (a page published,
    moved or deleted, an image or the school's settings saved) bumps their version, and each of a page's files
    would otherwise cost the reference index's queries at every request."""
    references = ReferenceIndex.get_references_to(owner)
    resource_type = ContentType.objects.get_for_model(ResourcePage)
    holders = {int(pk) for pk in references.filter(content_type=resource_type).values_list("object_id", flat=True)}
    restricted = list(
        ResourcePage.objects.filter(pk__in=holders)
        .exclude(audience=ResourcePage.Audience.PUBLIC)
        .values_list("pk", flat=True)
    )
    held_elsewhere = references.exclude(content_type=resource_type, object_id__in=[str(pk) for pk in restricted])
    if not restricted or held_elsewhere.exists():
        return ()
    return tuple(restricted)
