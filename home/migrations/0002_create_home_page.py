from django.db import migrations


def create_home_page(apps, schema_editor):
    """Replace Wagtail's welcome page with the school's home page and point the default site at it."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    HomePage = apps.get_model("home", "HomePage")

    # Deleting the welcome page also deletes the default site that points at it.
    Page.objects.filter(content_type__app_label="wagtailcore", content_type__model="page", depth=2).delete()

    content_type, _ = ContentType.objects.get_or_create(app_label="home", model="homepage")
    home = HomePage.objects.create(
        title="Home",
        draft_title="Home",
        slug="home",
        content_type=content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=Locale.objects.order_by("pk").first(),
        hero_heading="Learn to swing dance",
    )
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)


def remove_home_page(apps, schema_editor):
    apps.get_model("home", "HomePage").objects.filter(depth=2, slug="home").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_home_page, remove_home_page)]
