"""The iCalendar lines the class calendar is written with: long lines fold as RFC 5545 says, whatever they hold."""

import pytest
from icalendar import Event

from classes import ical


@pytest.mark.parametrize("shift", range(4))
def test_long_lines_fold_into_lines_of_75_octets_that_read_back_whole(shift):
    # A run of two-octet characters and one of escapes, so that some fold falls inside one whatever the shift.
    summary = "x" * shift + "Café Étoile " + "é" * 80
    description = "x" * shift + ",;" * 80 + "\nUpstairs; clean soles\\no street shoes."

    octets = ical.feed(
        ["BEGIN:VEVENT", f"SUMMARY:{ical.text(summary)}", f"DESCRIPTION:{ical.text(description)}", "END:VEVENT"]
    )

    physical_lines = octets.removesuffix(b"\r\n").split(b"\r\n")
    assert len(physical_lines) > 8
    assert all(len(physical) <= 75 for physical in physical_lines)
    # No line ends inside a character (each decodes alone) or between a backslash and what it escapes.
    assert [physical.decode() for physical in physical_lines]
    assert all((len(physical) - len(physical.rstrip(b"\\"))) % 2 == 0 for physical in physical_lines)
    event = Event.from_ical(octets)
    assert (str(event["SUMMARY"]), str(event["DESCRIPTION"])) == (summary, description)
