"""The stored meetings of each class offer (ClassMeeting), kept in step with what they follow from: the
class's session (its dates and skip dates), its day and its subject's weeks (classes.signals)."""

from classes.models import ClassMeeting


def refresh_meetings(class_offers):
    """Store the meetings of `class_offers` (a queryset) as ClassOffer.meeting_dates works them out, writing
    only what changed: a check-in stays with its class number when the dates move."""
    offers = list(class_offers.select_related("session", "subject").prefetch_related("session__skip_dates"))
    stored = {
        (meeting.class_offer_id, meeting.number): meeting
        for meeting in ClassMeeting.objects.filter(class_offer__in=offers)
    }
    wanted = {}
    for offer in offers:
        dates = offer.meeting_dates()
        for number, date in enumerate(dates, start=1):
            wanted[(offer.pk, number)] = (date, number == len(dates))
    changed = [
        meeting for key, meeting in stored.items() if key in wanted and (meeting.date, meeting.is_last) != wanted[key]
    ]
    for meeting in changed:
        meeting.date, meeting.is_last = wanted[(meeting.class_offer_id, meeting.number)]
    ClassMeeting.objects.bulk_update(changed, ["date", "is_last"])
    ClassMeeting.objects.bulk_create(
        ClassMeeting(class_offer_id=offer_id, number=number, date=date, is_last=is_last)
        for (offer_id, number), (date, is_last) in wanted.items()
        if (offer_id, number) not in stored
    )
    gone = [meeting.pk for key, meeting in stored.items() if key not in wanted]
    if gone:
        ClassMeeting.objects.filter(pk__in=gone).delete()
