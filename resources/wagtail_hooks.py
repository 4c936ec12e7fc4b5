from wagtail import hooks

from hepcat.audit import register_actions

from . import view_as
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


# An admin reads a student's area as they see it


@hooks.register("register_admin_urls")
def register_view_as_student():
    return view_as.urlpatterns


hooks.register("register_user_listing_buttons", view_as.view_as_buttons)


@hooks.register("register_log_actions")
def register_view_as_actions(actions):
    register_actions(actions, view_as.ACTIONS)
