from wagtail.admin.panels import Panel


class ReleaseDatesPanel(Panel):
    """When the resource reaches each class it is for, and when it leaves it, as the editor last saved it."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "resources/admin/release_dates_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["resource"] = self.instance
            context["release_dates"] = self.instance.release_dates()
            return context
