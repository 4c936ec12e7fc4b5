"""The audit trail of seats and money, written as Wagtail log entries (pretix's order log is the model).

Staff read it on a record's History in the admin and in Wagtail's site history report, with who did
it ("system" when nobody did) and the amounts. Each app declares its actions as `{action: (label,
message)}`, the message filled in from the entry's data, and registers them with `register_actions`.
"""

from collections import defaultdict
from decimal import Decimal

from wagtail.log_actions import LogFormatter, log

from hepcat.money import money


def record(instance, action, *, by=None, **data):
    """Write `action` on `instance`'s history. Amounts (Decimals) are kept as money, to the cent."""
    data = {key: money(value) if isinstance(value, Decimal) else str(value) for key, value in data.items()}
    log(instance=instance, action=action, user=by, data=data)


def register_actions(actions, declared):
    """Register each declared action with its label and a message made from the entry's data."""
    for action, (label, message) in declared.items():
        formatter = type(
            "Formatter",
            (LogFormatter,),
            {"label": label, "format_message": _formatting(message), "__module__": __name__},
        )
        actions.register_action(action)(formatter)


def _formatting(message):
    def format_message(self, log_entry):
        return message.format_map(defaultdict(str, log_entry.data or {}))

    return format_message
