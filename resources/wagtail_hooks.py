from wagtail import hooks

from resources.views import ResourcesSection


@hooks.register("register_account_section")
def register_resources_section():
    return ResourcesSection
