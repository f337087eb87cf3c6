"""Workshops as iCalendar (RFC 5545): a feed to subscribe to, and one workshop's entry.

Each workshop is an all-day event: DTSTART is its first day and DTEND the day after its last
(DTEND is exclusive). A workshop whose dates the records do not give to the day
(`Workshop.date_known_to_the_day`) is left out: a calendar entry needs a day, and the portal
never makes one up.
"""

import datetime

from icalendar import Calendar, Event

PRODUCT_ID = "-//INECE SESN//SESN Portal//EN"


def workshop_event(workshop, *, origin):
    """The all-day event of `workshop`; `origin` ("https://host") makes its page's address."""
    event = Event()
    event.add("uid", f"workshop-{workshop.pk}@{origin.split('://', 1)[-1]}")
    event.add("summary", workshop.full_title)
    event.add("dtstart", workshop.start_date)
    event.add("dtend", workshop.end_date + datetime.timedelta(days=1))
    event.add("dtstamp", workshop.updated)
    event.add("last-modified", workshop.updated)
    place = [workshop.venue, workshop.city, workshop.country.name]
    event.add("location", ", ".join(part for part in place if part))
    event.add("url", f"{origin}{workshop.get_absolute_url()}")
    if workshop.summary:
        event.add("description", workshop.summary)
    event.add("categories", [workshop.series.name])
    event.add("transp", "TRANSPARENT")
    return event


def workshops_calendar(workshops, *, name, origin):
    """An iCalendar file (bytes) of `workshops` known to the day, named `name`."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for workshop in workshops:
        if workshop.date_known_to_the_day:
            calendar.add_component(workshop_event(workshop, origin=origin))
    return calendar.to_ical()
