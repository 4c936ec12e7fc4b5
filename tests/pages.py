"""Reading pages in tests the way a person sees them."""

from html import unescape

from bs4 import BeautifulSoup
from dateutil.rrule import rruleset, rrulestr
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.test.utils import WagtailTestUtils

from tests.factories import ANN


def html_of(response):
    """The page, with entities such as &#x27; turned back into the characters they stand for."""
    assert response.status_code == 200
    return unescape(response.content.decode())


def text_of(response):
    """The page's words as a person reads them, without the tags between them."""
    return " ".join(BeautifulSoup(html_of(response), "html.parser").get_text(" ").split())


def metadata_of(response):
    """What search engines and link previews read: the description, the canonical address and the Open Graph
    properties ("og:title"...), by name."""
    assert response.status_code == 200
    head = BeautifulSoup(response.content, "html.parser").head
    found = {tag["property"]: tag["content"] for tag in head.select("meta[property]")}
    for tag in head.select("meta[name=description]"):
        found["description"] = tag["content"]
    for tag in head.select("link[rel=canonical]"):
        found["canonical"] = tag["href"]
    return found


def listing(response):
    """The rows of an admin listing, each a dict from column heading to what the cell shows."""
    soup = WagtailTestUtils.get_soup(response.content)
    headings = [heading.get_text(" ", strip=True) for heading in soup.select("table thead th")]
    rows = [[cell.get_text(" ", strip=True) for cell in row.select("td")] for row in soup.select("table tbody tr")]
    return [{heading: cell for heading, cell in zip(headings, row, strict=True) if heading} for row in rows]


def shown_messages(response):
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


def refused(response):
    """Wagtail answers a signed-in user without permission by sending them to the dashboard with a message."""
    return response.status_code == 302 and response.url == reverse("wagtailadmin_home")


def meetings_in(event):
    """The meetings a calendar app shows for an event of a calendar feed: its start, repeated by its RRULE,
    less its EXDATEs."""
    meetings = rruleset()
    if "RRULE" in event:
        meetings.rrule(rrulestr(event["RRULE"].to_ical().decode(), dtstart=event.start))
    else:
        meetings.rdate(event.start)
    for skipped in event.exdates:
        meetings.exdate(skipped)
    return list(meetings)


def filled_in_checkout(client, **fields):
    """The checkout page's form as Ann fills it in (following, paying at the door), its hidden fields included;
    `fields` change or (None) leave out what she types."""
    page = client.get("/register/")
    data = {
        "checkout_key": page.context["form"]["checkout_key"].value(),
        "class_list": page.context["class_list"],
        "dance_role": "follow",
        "method": "door",
        **ANN,
        **fields,
    }
    return {name: value for name, value in data.items() if value is not None}
