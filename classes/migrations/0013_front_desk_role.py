"""The "Front desk" role (accounts.roles.FRONT_DESK): checks in any class and takes payments at the door, and sees
nothing else of the admin. Teachers check in the classes they teach (ClassOfferQuerySet.open_for_check_in_by).

The permissions are made here if they are missing: on a new database Django makes them only after the last
migration.
"""

from django.db import migrations

FRONT_DESK = "Front desk"
ATTENDANCE = [
    ("add_attendance", "Can add attendance"),
    ("change_attendance", "Can change attendance"),
    ("view_attendance", "Can view attendance"),
]
FRONT_DESK_PERMISSIONS = {
    ("wagtailadmin", "admin"): [("access_admin", "Can access Wagtail admin")],
    ("classes", "attendance"): [*ATTENDANCE, ("check_in_any_class", "Can check in any class")],
    ("classes", "order"): [("record_door_payment", "Can record a payment taken at the door")],
}
TEACHER_PERMISSIONS = {("classes", "attendance"): ATTENDANCE}


def permissions(apps, wanted):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for (app_label, model), codenames in wanted.items():
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        for codename, name in codenames:
            yield Permission.objects.get_or_create(
                content_type=content_type, codename=codename, defaults={"name": name}
            )[0]


def add_front_desk(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    front_desk, _ = Group.objects.get_or_create(name=FRONT_DESK)
    front_desk.permissions.add(*permissions(apps, FRONT_DESK_PERMISSIONS))
    teachers = Group.objects.filter(name="Teachers").first()
    if teachers is not None:
        teachers.permissions.add(*permissions(apps, TEACHER_PERMISSIONS))


class Migration(migrations.Migration):
    dependencies = [
        ("classes", "0012_attendance_status"),
        ("accounts", "0005_retire_wagtails_default_roles"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    # Undone, the role stays with whoever was given it, as an admin may have changed it since.
    operations = [migrations.RunPython(add_front_desk, migrations.RunPython.noop)]
