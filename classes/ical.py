"""Writing an iCalendar feed (RFC 5545) line by line.

icalendar builds an object for every property and parameter and folds lines a character at a time: for the
class calendar that took more than twice the time a request may take. The feed's few kinds of lines are
written here instead; icalendar still writes the time zone, and the tests read the feed back with it."""

import datetime
import functools

from icalendar import Timezone

# RFC 5545 §3.1: lines of at most 75 octets, longer ones folded onto lines that start with a space.
LINE_OCTETS = 75
FOLD = b"\r\n "


def text(value):
    """A TEXT value, escaped (RFC 5545 §3.3.11)."""
    return (
        value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def local_time(moment):
    """A date-time as it reads on the clock, for a property with a TZID."""
    return f"{moment:%Y%m%dT%H%M%S}"


def utc_time(moment):
    return f"{moment.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}"


def folded(line):
    """A content line in octets, folded: never inside a character, nor (for the apps that mind) between a
    backslash and the character it escapes."""
    octets = line.encode()
    pieces = []
    limit = LINE_OCTETS
    while len(octets) > limit:
        cut = limit
        while octets[cut] & 0xC0 == 0x80:  # a UTF-8 continuation byte
            cut -= 1
        backslashes = len(octets[:cut]) - len(octets[:cut].rstrip(b"\\"))
        if backslashes % 2:
            cut -= 1
        pieces.append(octets[:cut])
        octets = octets[cut:]
        limit = LINE_OCTETS - 1  # after the folding space
    pieces.append(octets)
    return FOLD.join(pieces)


def feed(lines):
    """The feed's octets from its content lines."""
    return b"".join(folded(line) + b"\r\n" for line in lines)


@functools.cache
def time_zone_lines(tzid):
    """The content lines of a time zone's VTIMEZONE component, as icalendar writes it (unfolded): the same
    for every feed."""
    return tuple(Timezone.from_tzid(tzid).to_ical().decode().replace("\r\n ", "").splitlines())
