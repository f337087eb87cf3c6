"""The portal's real records, as stated by the source document and nothing more.

Source: sources/000_f24b0c148533ab4d.txt, a news post of 14 December 2010 about the
2nd SESN workshop in Siem Reap. Every value below is quoted or directly read from it; what
the source does not state (a venue, the related event's dates, themes, follow-ups) is left
blank rather than guessed.

Loading is idempotent: a record that already exists (looked up by its natural key) is left
exactly as it is, so running the loader again, or after staff have edited a record, changes
nothing.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction

from participants.models import Organization
from recommendations.models import Recommendation

from .models import Objective, RelatedEvent, Workshop, WorkshopOrganizer, WorkshopSeries
from .services import workshop_publish

SOURCE_DOCUMENT = "000_f24b0c148533ab4d.txt"

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


@dataclass
class SeedResult:
    created: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.created)


def _ensure(result, model, lookup, values):
    """Return the record found by `lookup`; create it from `values` only if there is none."""
    existing = model.objects.filter(**lookup).first()
    if existing is not None:
        return existing
    record = model(**lookup, **values)
    record.full_clean()
    record.save()
    result.created.append(record)
    return record


@transaction.atomic
def seed_records_load() -> SeedResult:
    """Load the source document's records. Creates only what is missing; never updates.

    Creates organizations, the workshop series, the 2nd workshop (published) with its
    convener, objectives, recommendations and the related event with its co-organizers.
    """
    result = SeedResult()
    organizations = {}
    for slug, values in ORGANIZATIONS:
        values = dict(values)
        if "parent" in values:
            values["parent"] = organizations[values["parent"]]
        organizations[slug] = _ensure(result, Organization, {"slug": slug}, values)

    series_values = dict(SERIES)
    series_slug = series_values.pop("slug")
    series_values["organization"] = organizations[series_values["organization"]]
    series = _ensure(result, WorkshopSeries, {"slug": series_slug}, series_values)

    workshop_values = dict(WORKSHOP)
    workshop_slug = workshop_values.pop("slug")
    before = len(result.created)
    workshop = _ensure(
        result, Workshop, {"slug": workshop_slug}, {**workshop_values, "series": series}
    )
    if len(result.created) > before:
        # The source is a public news post: the workshop it reports is public.
        workshop_publish(workshop=workshop)

    _ensure(
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
        _ensure(result, Objective, {"workshop": workshop, "position": position}, {"text": text})
    for number, (short_title, text) in enumerate(RECOMMENDATIONS, start=1):
        _ensure(
            result,
            Recommendation,
            {"workshop": workshop, "number": number},
            {"short_title": short_title, "text": text},
        )

    event_values = dict(RELATED_EVENT)
    event_organizations = [organizations[slug] for slug in event_values.pop("organizations")]
    title = event_values.pop("title")
    before = len(result.created)
    event = _ensure(result, RelatedEvent, {"workshop": workshop, "title": title}, event_values)
    if len(result.created) > before:
        event.organizations.set(event_organizations)
    return result
