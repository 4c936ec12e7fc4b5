"""A class's running notes (DESIGN §6): its teachers write them during the run, and every saved version is kept,
with who wrote it and when, as a Wagtail revision of the class's ClassNotes (the revision is also logged in the
audit trail as an edit)."""

from django.db import transaction

from classes.models import ClassNotes


def notes_of(class_offer):
    """The class's notes, or None before anyone wrote any."""
    return ClassNotes.objects.filter(class_offer=class_offer).first()


def versions_of(notes):
    """Every saved version of the notes, the latest first, with its author."""
    if notes is None:
        return []
    return list(notes.revisions.select_related("user").order_by("-created_at", "-pk"))


def save_class_notes(class_offer, body, *, by):
    """Keep `body` as the newest version of the class's notes, written by `by`. Returns the new version, or None
    when the text is the same as the newest one (there is nothing new to keep)."""
    with transaction.atomic():
        notes, _ = ClassNotes.objects.select_for_update().get_or_create(class_offer=class_offer)
        if notes.latest_revision_id is not None and notes.body == body:
            return None
        notes.body = body
        notes.save()
        return notes.save_revision(user=by, log_action=True)
