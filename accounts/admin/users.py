"""Users in the Wagtail admin. Admins run the school without being superusers, but they don't hand out its
keys: only a superuser makes someone a superuser or an Admin, or changes a superuser's account (whose email
and password are the keys themselves). Everything else about users works as in Wagtail."""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.users import forms as wagtail_forms
from wagtail.users.views import users as wagtail_users
from wagtail.users.views.bulk_actions import AssignRoleBulkAction as WagtailAssignRoleBulkAction

from ..roles import ADMINS


def grantable_roles(user):
    roles = Group.objects.all()
    return roles if user.is_superuser else roles.exclude(name=ADMINS)


class GrantsOnlyWhatTheEditorMay:
    """A user form without the superuser checkbox or the Admins role for an editor who isn't a superuser.
    Whatever a forged post says about them is ignored, and someone already an Admin stays one."""

    def __init__(self, *args, for_user, **kwargs):
        super().__init__(*args, **kwargs)
        self.editor = for_user
        if not for_user.is_superuser:
            self.fields.pop("is_superuser", None)
        if "groups" in self.fields:
            self.fields["groups"].queryset = grantable_roles(for_user)

    def clean_groups(self):
        chosen = self.cleaned_data["groups"]
        if self.editor.is_superuser or self.instance.pk is None:
            return chosen
        kept = self.instance.groups.exclude(pk__in=grantable_roles(self.editor))
        return Group.objects.filter(pk__in=[*chosen.values_list("pk", flat=True), *kept.values_list("pk", flat=True)])


class UserCreationForm(GrantsOnlyWhatTheEditorMay, wagtail_forms.UserCreationForm):
    pass


class UserEditForm(GrantsOnlyWhatTheEditorMay, wagtail_forms.UserEditForm):
    pass


class EditorAwareFormMixin:
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "for_user": self.request.user}


class CreateView(EditorAwareFormMixin, wagtail_users.CreateView):
    pass


class EditView(EditorAwareFormMixin, wagtail_users.EditView):
    def dispatch(self, request, *args, **kwargs):
        if self.object.is_superuser and not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def header_more_buttons(self):
        """The actions other apps add to the person's row in the users list, on their page too."""
        buttons = list(super().header_more_buttons)
        for hook in hooks.get_hooks("register_user_listing_buttons"):
            buttons.extend(hook(user=self.object, request_user=self.request.user))
        return buttons


class UserViewSet(wagtail_users.UserViewSet):
    add_view_class = CreateView
    edit_view_class = EditView

    def get_form_class(self, for_update=False):
        return UserEditForm if for_update else UserCreationForm


class AssignRoleBulkAction(WagtailAssignRoleBulkAction):
    """Wagtail's "Assign role" for several users at once, offering only the roles the editor may grant."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["role"].queryset = grantable_roles(self.request.user)
        return form
