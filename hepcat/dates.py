"""How the school writes dates."""


def day_label(date):
    """Tue Feb 3, 2026: a date with its weekday, the way the school talks about class days."""
    return f"{date:%a %b} {date.day}, {date.year}"
