from wagtail.admin.forms import WagtailAdminModelForm


class SessionForm(WagtailAdminModelForm):
    """The admin's session form, which checks the session's dates with the skip dates being entered."""

    def _post_clean(self):
        # Session.clean() works out when the session ends, and a skip date moves the end a week later.
        # Django validates the session before the skip dates below it are applied, so apply them first
        # (in memory only: nothing is saved until the whole form is valid).
        skip_dates = self.formsets["skip_dates"]
        if skip_dates.is_valid():
            skip_dates.instance = self.instance
            skip_dates.save(commit=False)
        super()._post_clean()
