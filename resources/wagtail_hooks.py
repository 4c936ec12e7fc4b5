from wagtail import hooks

from .account import ResourcesSection
from .models import ResourcePage
from .publishing import publish_if_no_approval_needed
from .views import check_document

hooks.register("before_serve_document", check_document)


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def publish_class_material(request, page):
    if isinstance(page, ResourcePage):
        publish_if_no_approval_needed(page, request.user)


@hooks.register("register_account_section")
def register_resources_section():
    return ResourcesSection
