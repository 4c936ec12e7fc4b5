"""The stored meetings of each class offer (ClassMeeting), kept in step with what they follow from: the
class's session (its dates and skip dates), its day and its subject's weeks (classes.signals)."""

from classes.models import ClassMeeting, ClassOffer


def refresh_meetings(class_offers):
    """Store the meetings of `class_offers` (a queryset) as ClassOffer.meeting_dates works them out, writing
    only what changed: a check-in stays with its class number when the dates move."""
    offers = list(class_offers.select_related("session", "subject").prefetch_related("session__skip_dates"))
    stored = {
        (meeting.class_offer_id, meeting.number): meeting
        for meeting in ClassMeeting.objects.filter(class_offer__in=offers)
    }
    wanted = {
        (offer.pk, number): date for offer in offers for number, date in enumerate(offer.meeting_dates(), start=1)
    }
    moved = [stored[key] for key, date in wanted.items() if key in stored and stored[key].date != date]
    for meeting in moved:
        meeting.date = wanted[(meeting.class_offer_id, meeting.number)]
    ClassMeeting.objects.bulk_update(moved, ["date"])
    ClassMeeting.objects.bulk_create(
        ClassMeeting(class_offer_id=offer_id, number=number, date=date)
        for (offer_id, number), date in wanted.items()
        if (offer_id, number) not in stored
    )
    gone = [meeting.pk for key, meeting in stored.items() if key not in wanted]
    if gone:
        ClassMeeting.objects.filter(pk__in=gone).delete()


def refresh_all_meetings():
    refresh_meetings(ClassOffer.objects.all())
