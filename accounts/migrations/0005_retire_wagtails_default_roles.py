"""Retire what Wagtail installs for a generic site: its "Editors" and "Moderators" groups, and inactive
workflows such as its "Moderators approval" (home migration 0003 replaced it with the active "Admin
approval"). The school's roles are Students, Teachers and Admins (migration 0002).

An inactive workflow that has been used is kept: deleting it would delete the history of what it approved.
"""

from django.db import migrations

WAGTAIL_DEFAULT_GROUPS = ["Editors", "Moderators"]


def retire_default_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")

    Workflow.objects.filter(active=False, workflow_states__isnull=True).delete()
    # Tasks left in no workflow, never started, went with them.
    Task.objects.filter(workflow_tasks__isnull=True, task_states__isnull=True).delete()
    Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_creditentry_referral"),
        ("home", "0003_school_structure"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(retire_default_roles, migrations.RunPython.noop)]
