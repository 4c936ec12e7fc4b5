"""The site structure the school relies on.

* /classes/ and /teachers/ under the home page.
* Teachers may add pages there, so they can propose subjects and keep their profile up to date.
  Wagtail lets them edit the pages they own, not anyone else's, and not publish.
* One workflow, "Admin approval", whose single task is approved by the Admins group, governs
  every page and every class offer.
"""

from django.db import migrations
from django.utils import timezone

TREEBEARD_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEP_LENGTH = 4


def next_child_path(Page, parent):
    last = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).order_by("-path").first()
    number = int(last.path[-STEP_LENGTH:], 36) + 1 if last else 1
    step = ""
    for _ in range(STEP_LENGTH):
        number, digit = divmod(number, 36)
        step = TREEBEARD_ALPHABET[digit] + step
    return parent.path + step


def add_index_page(apps, parent, model_name, title, slug):
    Page = apps.get_model("wagtailcore", "Page")
    ContentType = apps.get_model("contenttypes", "ContentType")
    app_label, model = model_name.split(".")
    Model = apps.get_model(app_label, model)
    existing = Model.objects.first()
    if existing:
        return existing
    now = timezone.now()
    page = Model.objects.create(
        title=title,
        draft_title=title,
        slug=slug,
        content_type=ContentType.objects.get_or_create(app_label=app_label, model=model.lower())[0],
        path=next_child_path(Page, parent),
        depth=parent.depth + 1,
        numchild=0,
        url_path=f"{parent.url_path}{slug}/",
        locale_id=parent.locale_id,
        live=True,
        show_in_menus=True,
        first_published_at=now,
        last_published_at=now,
    )
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + 1)
    parent.numchild += 1
    return page


def permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    found, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": codename.replace("_", " ").capitalize()}
    )
    return found


def build_structure(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Site = apps.get_model("wagtailcore", "Site")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    teachers = Group.objects.get(name="Teachers")
    admins = Group.objects.get(name="Admins")

    site = Site.objects.filter(is_default_site=True).first()
    if site:
        home = Page.objects.get(pk=site.root_page_id)
        add_page = permission(apps, "wagtailcore", "page", "add_page")
        for model_name, title, slug in [
            ("classes.ClassesIndexPage", "Classes", "classes"),
            ("accounts.TeachersIndexPage", "Teachers", "teachers"),
        ]:
            index = add_index_page(apps, home, model_name, title, slug)
            GroupPagePermission.objects.get_or_create(group=teachers, page_id=index.pk, permission=add_page)

    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection:
        for app_label, model in [("wagtailimages", "image"), ("wagtaildocs", "document")]:
            for action in ["add", "choose"]:
                GroupCollectionPermission.objects.get_or_create(
                    group=teachers,
                    collection=root_collection,
                    permission=permission(apps, app_label, model, f"{action}_{model}"),
                )

    task = GroupApprovalTask.objects.create(
        name="Admin approval",
        content_type=ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")[0],
        active=True,
    )
    task.groups.set([admins])
    workflow = Workflow.objects.create(name="Admin approval", active=True)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)

    root = Page.objects.filter(depth=1).first()
    replaced = WorkflowPage.objects.filter(page=root).first()
    if replaced:
        Workflow.objects.filter(pk=replaced.workflow_id).update(active=False)
        replaced.workflow = workflow
        replaced.save()
    elif root:
        WorkflowPage.objects.create(page=root, workflow=workflow)
    WorkflowContentType.objects.update_or_create(
        content_type=ContentType.objects.get_or_create(app_label="classes", model="classoffer")[0],
        defaults={"workflow": workflow},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_create_home_page"),
        ("accounts", "0003_teachersindexpage_teacherpage"),
        ("classes", "0001_initial"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(build_structure, migrations.RunPython.noop)]
