"""Students' levels set by hand in the Wagtail admin (DESIGN §3.1): an admin says a student dances at a level they
learnt elsewhere, with the reason. Wagtail logs each one set, changed or removed in the snippet's history."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from accounts.admin.students import student_chooser_viewset
from classes.models import LevelOverride
from hepcat.admin import LocalDateTimeColumn, full_name

LEVEL_OVERRIDE_PERMISSIONS = ModelPermissionPolicy(LevelOverride)


class LevelOverrideForm(WagtailAdminModelForm):
    def save(self, commit=True):
        # Whoever saves the level answers for it, as of now.
        self.instance.set_by = self.for_user
        self.instance.set_at = timezone.now()
        return super().save(commit)


class LevelOverrideCreateView(CreateView):
    """Opened from a student's row in the users list (?student=): a student whose level is set already goes to it."""

    def get(self, request, *args, **kwargs):
        existing = LevelOverride.objects.filter(student_id=self.student_id).first()
        if existing is not None:
            return redirect(self.edit_url_name, existing.pk)
        return super().get(request, *args, **kwargs)

    @property
    def student_id(self):
        student = self.request.GET.get("student", "")
        return int(student) if student.isdigit() else None

    def get_initial(self):
        return {**super().get_initial(), "student": self.student_id}


class LevelOverrideViewSet(SnippetViewSet):
    model = LevelOverride
    icon = "pick"
    menu_label = "Levels set by hand"
    add_view_class = LevelOverrideCreateView
    copy_view_enabled = False  # one per student
    list_display = [
        Column("student", label="Student"),
        Column("level", label="Level"),
        Column("reason", label="Reason", accessor=lambda override: override.reason[:120]),
        Column("set_by", label="Set by"),
        LocalDateTimeColumn("set_at", label="When", sort_key="set_at"),
    ]
    search_fields = ["student_name", "student__email"]
    edit_handler = ObjectList(
        [
            FieldPanel("student", widget=student_chooser_viewset.widget_class),
            FieldPanel("level"),
            FieldPanel("reason"),
        ],
        base_form_class=LevelOverrideForm,
    )

    def get_queryset(self, request):
        return LevelOverride.objects.select_related("student", "level", "set_by").annotate(
            student_name=full_name("student")
        )


def level_override_buttons(user, request_user):
    """ "Set their level" on a student's row in the users list, for those who may."""
    if not LEVEL_OVERRIDE_PERMISSIONS.user_has_permission(request_user, "add"):
        return []
    url = f"{reverse(LevelOverride.snippet_viewset.get_url_name('add'))}?student={user.pk}"
    return [Button("Set their level", url=url, icon_name="pick", priority=50)]
