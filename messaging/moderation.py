"""Wagtail's moderation emails (a page or class offer waiting for approval, approved, sent back), in the school's
words (hepcat/templates/wagtailadmin/notifications/) and delivered like the rest of the school's mail: after the
commit, by a Celery task. Wagtail's own notifiers send in the request, one recipient after another."""

from django.template.loader import render_to_string
from django.utils.translation import override
from wagtail.admin import mail as wagtail_mail
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted

from .email import deliver_after_commit


class DeliveredAfterCommit:
    def send_emails(self, template_set, context, recipients, **kwargs):
        for recipient in recipients:
            context["user"] = recipient
            with override(recipient.wagtail_userprofile.get_preferred_language()):
                subject = render_to_string(template_set["subject"], context)
                text = render_to_string(template_set["text"], context)
                html = render_to_string(template_set["html"], context)
            message = {"subject": " ".join(subject.split()), "text": text.strip(), "html": html}
            deliver_after_commit({**message, "to": [recipient.email], "reply_to": None})
        return True


class TaskSubmittedNotifier(DeliveredAfterCommit, wagtail_mail.GroupApprovalTaskStateSubmissionEmailNotifier):
    pass


class WorkflowSubmittedNotifier(DeliveredAfterCommit, wagtail_mail.WorkflowStateSubmissionEmailNotifier):
    pass


class WorkflowApprovedNotifier(DeliveredAfterCommit, wagtail_mail.WorkflowStateApprovalEmailNotifier):
    pass


class WorkflowRejectedNotifier(DeliveredAfterCommit, wagtail_mail.WorkflowStateRejectionEmailNotifier):
    pass


# Wagtail's dispatch_uids (wagtail/admin/signal_handlers.py): connected under them first (messaging comes before
# wagtail.admin in INSTALLED_APPS, so its ready() runs first), these notifiers keep Wagtail's from being connected.
NOTIFIERS = [
    (task_submitted, TaskState, TaskSubmittedNotifier(), "group_approval_task_submitted_email_notification"),
    (workflow_submitted, WorkflowState, WorkflowSubmittedNotifier(), "workflow_state_submitted_email_notification"),
    (workflow_rejected, WorkflowState, WorkflowRejectedNotifier(), "workflow_state_rejected_email_notification"),
    (workflow_approved, WorkflowState, WorkflowApprovedNotifier(), "workflow_state_approved_email_notification"),
]


def connect_notifiers():
    for signal, sender, notifier, dispatch_uid in NOTIFIERS:
        signal.connect(notifier, sender=sender, dispatch_uid=dispatch_uid)
