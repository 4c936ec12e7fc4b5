"""/resources/ under the home page, where teachers may add resources (home migration 0003 does the same for
/classes/ and /teachers/): Wagtail lets them edit the resources they own, not anyone else's, and not publish."""

from importlib import import_module

from django.db import migrations

school_structure = import_module("home.migrations.0003_school_structure")


def add_resources_index(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    Page = apps.get_model("wagtailcore", "Page")
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    site = Site.objects.filter(is_default_site=True).first()
    teachers = Group.objects.filter(name="Teachers").first()
    if site is None or teachers is None:
        return
    home = Page.objects.get(pk=site.root_page_id)
    index = school_structure.add_index_page(apps, home, "resources.ResourceIndexPage", "Resources", "resources")
    add_page = school_structure.permission(apps, "wagtailcore", "page", "add_page")
    GroupPagePermission.objects.get_or_create(group=teachers, page_id=index.pk, permission=add_page)


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0001_initial"),
        ("home", "0003_school_structure"),
    ]

    operations = [migrations.RunPython(add_resources_index, migrations.RunPython.noop)]
