"""The school's roles are Wagtail groups: Students, Teachers and Admins (see migration 0002), and Front desk
(classes migration 0013), who check in every class and take payments at the door. Admins add more in Wagtail's
group settings, from the same permissions."""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from wagtail.models import PAGE_PERMISSION_CODENAMES, Collection, GroupCollectionPermission, GroupPagePermission, Page

STUDENTS = "Students"
TEACHERS = "Teachers"
ADMINS = "Admins"
FRONT_DESK = "Front desk"

COLLECTION_PERMISSIONS = [
    ("wagtailcore", "collection"),  # adding collections, and who may see them
    ("wagtailimages", "image"),
    ("wagtaildocs", "document"),
]


def grant_admins_everything(app_config, **kwargs):
    """Give the Admins group every permission, on every page and collection.

    Admins run the whole school without being superusers. New models bring new permissions on
    every migrate, so the grant is refreshed after each one rather than written once. Django
    sends post_migrate once per app that has models; every app's permissions exist only after
    the last of those.
    """
    if app_config is not [config for config in apps.get_app_configs() if config.models_module][-1]:
        return
    admins = Group.objects.filter(name=ADMINS).first()
    if admins is None:
        return
    admins.permissions.set(Permission.objects.all())

    root_page = Page.get_first_root_node()
    if root_page is not None:
        for permission in Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=PAGE_PERMISSION_CODENAMES
        ):
            GroupPagePermission.objects.get_or_create(group=admins, page=root_page, permission=permission)

    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        for app_label, model in COLLECTION_PERMISSIONS:
            for permission in Permission.objects.filter(content_type__app_label=app_label, content_type__model=model):
                GroupCollectionPermission.objects.get_or_create(
                    group=admins, collection=root_collection, permission=permission
                )


def roles_of(user):
    """The names of a person's roles (a frozenset), read once per user object: a page asks several times."""
    if not user.is_authenticated:
        return frozenset()
    if "_school_roles" not in user.__dict__:
        user.__dict__["_school_roles"] = frozenset(user.groups.values_list("name", flat=True))
    return user.__dict__["_school_roles"]


def is_admin(user):
    return user.is_authenticated and (user.is_superuser or ADMINS in roles_of(user))


def is_teacher(user):
    return TEACHERS in roles_of(user)


# Money: what was paid and what is owed. Admins see it everywhere; whoever takes payments at the door (the front
# desk) sees what the students they check in owe, and no other figure. Teachers see none of it unless given one of
# these permissions.


def sees_money(user):
    """Money figures anywhere: the dashboard, reports, rosters."""
    return user.has_perm("classes.view_money")


def takes_door_payments(user):
    return user.has_perm("classes.record_door_payment")
