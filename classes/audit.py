"""What the classes app writes in the audit trail (hepcat.audit): every change to a seat or to what is owed.

Seat changes are written on the order they belong to, so that an order's History tells its whole story.
"""

ACTIONS = {
    "classes.order.placed": ("Order placed", "Order placed for {attendee}: {classes}. {method}, total {total}."),
    "classes.seat.held": ("Seat held", "Seat in {class_offer} held for {attendee} until {until}."),
    "classes.seat.released": ("Seat released", "Seat in {class_offer} released: {reason}"),
    "classes.registration.confirmed": ("Registration confirmed", "{attendee} has a seat in {class_offer}."),
    "classes.registration.waitlisted": ("Joined the waitlist", "{attendee} is on the waitlist of {class_offer}."),
    "classes.registration.cancelled": (
        "Registration cancelled",
        "{attendee}'s registration in {class_offer} cancelled: {reason}. {amount} taken off the order.",
    ),
    "classes.registration.paid_no_seat": (
        "Paid, no seat",
        "Paid after the hold on {class_offer} ran out and the class filled: the money is kept, with no seat.",
    ),
    "classes.waitlist.offered": ("Waitlist seat offered", "A freed seat in {class_offer} offered until {until}."),
    "classes.waitlist.claimed": ("Waitlist seat claimed", "{attendee} took the freed seat in {class_offer}."),
    "classes.waitlist.expired": ("Waitlist offer expired", "The offer of a seat in {class_offer} ran out."),
    "classes.payment.door": ("Door payment recorded", "{amount} taken at the door."),
    "classes.payment.online": ("Online payment received", "{amount} received through {method}."),
    "classes.payment.disputed": ("Payment disputed", "The payer disputed the payment of {amount} with their bank."),
    "classes.payment.mismatch": (
        "Payment does not match",
        "A payment of {amount} {currency} does not match the order; left for the admins.",
    ),
    "classes.order.note": ("Note", "{note}"),
    "classes.order.reminded": ("Payment reminder sent", "Reminded {payer} of {amount} owed."),
    "classes.refund.started": ("Refund started", "A refund of {amount} through {method} started."),
    "classes.refund.given": ("Refund given", "{amount} given back."),
    "classes.refund.failed": ("Refund failed", "The refund of {amount} was refused: {message}"),
    "classes.refund.pending": ("Refund pending", "The refund of {amount} awaits the processor. {message}"),
    "classes.door_instead": (
        "Paying at the door instead",
        "The online payment didn't go through: {total} at the door.",
    ),
    "classes.check_in": ("Checked in", "{attendee} marked {status} at {class_offer} on {date}."),
    "classes.review.replied": ("Reply to a review", "The school replied to a review of {subject} in {class_offer}."),
    "classes.personal_data.downloaded": ("Personal data downloaded", "Their data downloaded ({format})."),
    "classes.account.closed": ("Account closed", "The account was closed: its personal details were removed."),
}
