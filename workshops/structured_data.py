"""A workshop as schema.org `Event` data (JSON-LD), for search engines and link previews."""


def workshop_event_data(workshop, *, request):
    """The `Event` of `workshop`, its addresses absolute. A workshop whose days the records do
    not give (`date_known_to_the_day`) gets its month ("2010-11") or its year ("2010"), as far
    as its dates are known (both valid ISO 8601), never a made-up day."""
    shown = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}[workshop.date_precision]
    start, end = workshop.start_date.strftime(shown), workshop.end_date.strftime(shown)
    event = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": workshop.full_title,
        "startDate": start,
        "endDate": end,
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {
            "@type": "Place",
            "name": workshop.venue or workshop.city,
            "address": {
                "@type": "PostalAddress",
                "addressLocality": workshop.city,
                "addressCountry": workshop.country.code,
            },
        },
        "url": request.build_absolute_uri(workshop.get_absolute_url()),
        "organizer": [
            {
                "@type": "Organization",
                "name": role.organization.label,
                "url": request.build_absolute_uri(role.organization.get_absolute_url()),
            }
            for role in workshop.organizer_roles.all()
        ],
    }
    if workshop.summary:
        event["description"] = workshop.summary
    if workshop.series.name != workshop.title:
        event["superEvent"] = {"@type": "EventSeries", "name": workshop.series.name}
    return event
