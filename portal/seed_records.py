"""The portal's real records, as stated by the source document and nothing more.

Source: sources/000_f24b0c148533ab4d.txt, a news post of 14 December 2010 about the
2nd SESN workshop in Siem Reap. Every value below is quoted or directly read from it; what
the source does not state (a venue, the related event's dates, themes, follow-ups) is left
blank rather than guessed.

The records are loaded once per database (`seed_part_load`, which records a `SeedLoad`);
afterwards they belong to the staff, and loading again changes nothing, whatever staff have
edited or deleted since.
"""

import datetime

from core.models import SeedLoad
from core.seeding import SOURCE_DOCUMENT, SeedOutcome, record_ensure, seed_part_load
from participants.models import Organization
from recommendations.models import Recommendation
from workshops.models import Objective, RelatedEvent, Workshop, WorkshopOrganizer, WorkshopSeries
from workshops.services import workshop_publish

ORGANIZATIONS = [
    # (slug, fields)
    ("inece", {"name": "INECE", "kind": Organization.Kind.ENFORCEMENT_NETWORK}),
    (
        "sesn",
        {
            "name": "Seaport Environmental Security Network",
            "acronym": "SESN",
            "kind": Organization.Kind.ENFORCEMENT_NETWORK,
            "parent": "inece",
        },
    ),
    (
        "cambodia-ministry-of-environment",
        {"name": "Ministry of Environment", "kind": Organization.Kind.MINISTRY, "country": "KH"},
    ),
    (
        "japan-ministry-of-the-environment",
        {
            "name": "Ministry of the Environment",
            "kind": Organization.Kind.MINISTRY,
            "country": "JP",
        },
    ),
    (
        "basel-convention-regional-centre-for-south-east-asia",
        {
            "name": "Basel Convention Regional Centre for South-East Asia",
            "kind": Organization.Kind.REGIONAL_CENTRE,
        },
    ),
]

SERIES = {
    "slug": "seaports-hazardous-waste-workshops",
    "name": "Workshop on Combating the Illegal Trade in Hazardous Wastes Through Seaports",
    "organization": "sesn",
}

WORKSHOP = {
    "slug": "2nd-workshop-2010-siem-reap",
    "edition": 2,
    "title": "Workshop on Combating the Illegal Trade in Hazardous Wastes Through Seaports",
    "short_title": "2nd Seaports Workshop",
    "start_date": datetime.date(2010, 11, 29),
    "end_date": datetime.date(2010, 11, 29),
    "city": "Siem Reap",
    "country": "KH",
    "summary": (
        "The INECE Seaport Environmental Security Network (SESN) convened its Second Workshop "
        "on Combating the Illegal Trade in Hazardous Wastes Through Seaports in Siem Reap, "
        "Cambodia, on 29 November 2010. The workshop resulted in a call to action, supporting "
        "three major recommendations."
    ),
    "recorded_participants": 47,
    "recorded_countries": 14,
    "recorded_region": "Asia",
    "recorded_figures_note": (
        "47 participants from environmental and other enforcement authorities from 14 "
        "countries in the Asia region, as well as from several international organizations."
    ),
    "report_title": "Objectives, Conclusions, and Ways Forward",
}

CONVENER = "sesn"

OBJECTIVES = [
    "To design action-based enforcement cooperation strategies in the Asia region that build "
    "capacity of seaport authorities, creating a deterrence factor for illegal shippers.",
    "To share experience on intelligence-led approaches and other methods to target "
    "enforcement actions and improve detection efficiency.",
    "To strengthen informal cooperation among customs, environmental, ports and other "
    "government officials at the national and regional levels.",
]

RECOMMENDATIONS = [
    (
        "Support the goals of the INECE SESN",
        "Participants underlined that awareness raising, capacity building and practical "
        "cooperation are critical to improving the success of frontline officers in the Asia "
        "region in counteracting illegal transports of hazardous waste.",
    ),
    (
        "Evaluate opportunity to convene a practical enforcement cooperation project in the "
        "Asia region",
        "A dedicated international inspection project – such as the International Hazardous "
        "Waste Inspection Project at Seaports – would be a viable vehicle to achieve progress in "
        "this area.",
    ),
    (
        "Promote synergies among organizations and networks dedicated to the issue of "
        "implementation of, compliance with, and enforcement of hazardous waste shipping "
        "regulations",
        "INECE and other regional/international organizations and networks that focus on "
        "implementation, compliance, and enforcement relating to hazardous waste shipment "
        "regulations should further liaise and align forces to create synergies and increase "
        "positive outcomes in the future.",
    ),
]

RELATED_EVENT = {
    "relation": RelatedEvent.Relation.IMMEDIATELY_PRECEDED,
    "title": "2010 Workshop of the Asian Network for Prevention of Illegal Transboundary "
    "Movement of Hazardous Wastes",
    "organizer_role": "Co-organized by",
    "organizations": [
        "cambodia-ministry-of-environment",
        "japan-ministry-of-the-environment",
        "basel-convention-regional-centre-for-south-east-asia",
    ],
}


def seed_records_load() -> SeedOutcome:
    """Load the source document's workshop records once (see `seed_part_load`).

    Creates organizations, the workshop series, the 2nd workshop (published) with its
    convener, objectives, recommendations and the related event with its co-organizers.
    """
    return seed_part_load(
        part=SeedLoad.Part.WORKSHOPS, source=SOURCE_DOCUMENT, ensure=_workshop_records_ensure
    )


def _workshop_records_ensure(result):
    """Create whichever of the workshop records are missing; never update one."""
    organizations = {}
    for slug, values in ORGANIZATIONS:
        values = dict(values)
        if "parent" in values:
            values["parent"] = organizations[values["parent"]]
        organizations[slug] = record_ensure(result, Organization, {"slug": slug}, values)

    series_values = dict(SERIES)
    series_slug = series_values.pop("slug")
    series_values["organization"] = organizations[series_values["organization"]]
    series = record_ensure(result, WorkshopSeries, {"slug": series_slug}, series_values)

    workshop_values = dict(WORKSHOP)
    workshop_slug = workshop_values.pop("slug")
    before = len(result.created)
    workshop = record_ensure(
        result, Workshop, {"slug": workshop_slug}, {**workshop_values, "series": series}
    )
    if len(result.created) > before:
        # The source is a public news post: the workshop it reports is public.
        workshop_publish(workshop=workshop)

    record_ensure(
        result,
        WorkshopOrganizer,
        {
            "workshop": workshop,
            "organization": organizations[CONVENER],
            "role": WorkshopOrganizer.Role.CONVENER,
        },
        {},
    )
    for position, text in enumerate(OBJECTIVES, start=1):
        record_ensure(
            result, Objective, {"workshop": workshop, "position": position}, {"text": text}
        )
    for number, (short_title, text) in enumerate(RECOMMENDATIONS, start=1):
        record_ensure(
            result,
            Recommendation,
            {"workshop": workshop, "number": number},
            {"short_title": short_title, "text": text},
        )

    event_values = dict(RELATED_EVENT)
    event_organizations = [organizations[slug] for slug in event_values.pop("organizations")]
    title = event_values.pop("title")
    before = len(result.created)
    event = record_ensure(
        result, RelatedEvent, {"workshop": workshop, "title": title}, event_values
    )
    if len(result.created) > before:
        event.organizations.set(event_organizations)
