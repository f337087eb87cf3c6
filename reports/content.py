"""What the outcome report shows, read from the records as plain values.

`report_content` is the only place that reads the records for the report: the PDF, the staff
preview and the fingerprint are all made from what it returns, so the three can never disagree.
It returns plain dicts, lists, strings and numbers (no model instances), so that the template
cannot reach a field the report does not mean to show (a person's e-mail or phone, say).
"""

import hashlib
import json
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db.models import Count, Max, Prefetch, Sum
from django.template.loader import get_template

from core.templatetags.portal import date_range  # the dates said as on the pages
from participants.models import Organization, Participation, organization_label
from recommendations.models import FollowUp, Recommendation
from recommendations.pictures import follow_up_chart, status_counts_of
from workshops.models import (
    AgendaItem,
    Conclusion,
    Material,
    Objective,
    RelatedEvent,
    Workshop,
    WorkshopOrganizer,
    organizer_roles_by_heading,
)
from workshops.pictures import attendance_figure, workshop_map

REPORT_TEMPLATE = "reports/report.html"
REPORT_STYLESHEET = "reports/css/report.css"

# Countries whose people write their names in Han, kana or Hangul: the language tag picks the
# regional glyph shapes (Noto Sans JP for Japanese kanji, and so on).
CJK_LANGUAGE_BY_COUNTRY = {
    "JP": "ja",
    "KR": "ko",
    "KP": "ko",
    "CN": "zh-Hans",
    "SG": "zh-Hans",
    "TW": "zh-Hant",
    "HK": "zh-Hant",
    "MO": "zh-Hant",
}


def _network_name(organization):
    """ "INECE Seaport Environmental Security Network (SESN)" from the series' organization."""
    name = organization.name
    if organization.parent_id and not name.startswith(organization.parent.name):
        name = f"{organization.parent.name} {name}"
    return organization_label(name, organization.acronym)


def _organization_label(organization):
    return "" if organization is None else organization.label


def _organization_with_country(organization):
    """ "Ministry of Environment (MoE), Cambodia": as the workshop's page names an event's
    organizers (`Organization.__str__`), so that two ministries of one name are told apart."""
    return str(organization)


def _organization_names(organization):
    """The label and the organization's names in other languages, each with its language
    (the template marks it with `lang`, which picks the font: Japanese in Noto Sans JP)."""
    return {
        "label": organization.label,
        "lang": organization.name_language,
        "other_names": [
            {"name": other.name, "lang": other.language} for other in organization.other_names.all()
        ],
    }


def _participation_content(workshop):
    participations = list(
        Participation.objects.filter(workshop=workshop)
        .for_public_listing()
        .order_by("country", "organization__name", "person__name", "pk")
    )
    if not participations:
        return None

    # Each participation's country and organization are looked up once per distinct value:
    # for a workshop of 100,000 participations, naming countries row by row took seconds.
    country_names = {}
    organization_labels = {}
    by_country = defaultdict(lambda: {"agencies": set(), "participations": 0})
    organizations_by_kind = defaultdict(set)
    people = []
    named = []
    delegations = []
    for participation in participations:
        code = str(participation.country)
        if code not in country_names:
            country_names[code] = participation.country.name if code else ""
        country = country_names[code]
        organization = participation.organization
        label = ""
        if organization is not None:
            if organization.pk not in organization_labels:
                organization_labels[organization.pk] = _organization_label(organization)
            label = organization_labels[organization.pk]
        row = by_country[country]
        row["participations"] += 1
        if participation.is_delegation:
            delegations.append({"country": country, "headcount": participation.delegation_size})
        if organization is not None:
            row["agencies"].add(label)
            organizations_by_kind[organization.kind].add(label)
        if participation.person_id is None:
            continue
        people.append(participation)
        if participation.person.public_name:
            named.append(
                {
                    "name": participation.person.public_name,
                    "lang": CJK_LANGUAGE_BY_COUNTRY.get(code, ""),
                    "organization": label,
                    "country": country,
                    "role": participation.get_role_display(),
                }
            )
    countries = [
        {
            "country": country or "International organizations",
            "agencies": sorted(row["agencies"]),
            "participations": row["participations"],
        }
        for country, row in sorted(by_country.items(), key=lambda item: (not item[0], item[0]))
    ]
    kinds = [
        {"kind": label, "organizations": sorted(organizations_by_kind[value])}
        for value, label in Organization.Kind.choices
        if organizations_by_kind.get(value)
    ]
    named.sort(key=lambda row: (row["country"], row["name"].casefold()))
    # A list of tens of thousands of names would take the renderer minutes and gigabytes;
    # the report names the first ones and counts the rest, which the workshop's page lists.
    listed = settings.REPORT_MAX_LISTED_PARTICIPANTS
    return {
        "total": len(participations),
        "people": len(people),
        "countries": countries,
        "country_count": sum(1 for country in by_country if country),
        "country_codes": sorted(code for code in country_names if code),
        "kinds": kinds,
        "delegations": sorted(delegations, key=lambda row: row["country"]),
        "named_people": named[:listed],
        "named_not_listed": max(len(named) - listed, 0),
        "unnamed_people": len(people) - len(named),
    }


def _recommendation_content(recommendation):
    follow_ups = [
        {
            "date": f"{follow_up.date.day} {follow_up.date:%B %Y}",
            "status": follow_up.get_status_display(),
            "action": follow_up.action,
            "evidence_url": follow_up.evidence_url,
            "led_to_project": follow_up.led_to_project,
            # Named once published, as on the recommendation's page: never a draft's title.
            "led_to_workshop": follow_up.led_to_workshop.full_title
            if follow_up.led_to_workshop and follow_up.led_to_workshop.is_published
            else "",
        }
        for follow_up in recommendation.follow_ups.all()
    ]
    return {
        "number": recommendation.number,
        "short_title": recommendation.short_title,
        "text": recommendation.text,
        "themes": [theme.name for theme in recommendation.themes.all()],
        "addressed_to": [_organization_label(o) for o in recommendation.addressed_to.all()],
        "status": recommendation.status_label if recommendation.has_follow_up else "",
        "status_value": recommendation.status,
        "follow_ups": follow_ups,
    }


def report_workshop(*, pk) -> Workshop:
    """The workshop with everything the report reads, in a fixed number of queries."""
    return (
        Workshop.objects.for_detail_page()
        .select_related("series__organization__parent")
        .prefetch_related(
            "recommendations__addressed_to",
            Prefetch(
                "recommendations__follow_ups",
                queryset=FollowUp.objects.select_related("led_to_workshop").order_by("date", "pk"),
            ),
        )
        .get(pk=pk)
    )


def report_content(*, workshop: Workshop) -> dict:
    """Everything the report shows, as plain values. Reads the records afresh."""
    workshop = report_workshop(pk=workshop.pk)
    network = _network_name(workshop.series.organization)
    organizers = [
        {
            "heading": heading,
            "organizations": [
                {**_organization_names(role.organization), "note": role.note} for role in roles
            ],
        }
        for heading, roles in organizer_roles_by_heading(workshop.organizer_roles.all())
    ]
    other_numberings = [
        {"described": numbering.described, "source": numbering.source, "note": numbering.note}
        for numbering in workshop.other_numberings.all()
        if numbering.differs
    ]
    related_events = [
        {
            "relation": event.get_relation_display(),
            "title": event.title,
            "organizer_role": event.organizer_role or "Organized by",
            "organizations": [_organization_with_country(o) for o in event.organizations.all()],
            "dates": date_range(event.start_date, event.end_date, event.date_precision),
            "place": ", ".join(
                p for p in (event.city, event.country.name if event.country else "") if p
            ),
            "url": event.url,
        }
        for event in workshop.related_events.all()
    ]
    agenda = [
        {
            "date": f"{item.date.day} {item.date:%B %Y}" if item.date else "",
            "time": "–".join(f"{t:%H:%M}" for t in (item.start_time, item.end_time) if t),
            "title": item.title,
            "speakers": item.speakers,
            "description": item.description,
        }
        for item in workshop.agenda_items.all()
    ]
    # A link where the material is published elsewhere; an uploaded file is named only, since
    # the report does not know the address the portal is served at.
    materials = [
        {"kind": material.get_kind_display(), "title": material.title, "url": material.url}
        for material in workshop.materials.all()
    ]
    figures = {
        "participants": workshop.recorded_participants,
        "countries": workshop.recorded_countries,
        "region": workshop.recorded_region,
        "note": workshop.recorded_figures_note,
    }
    return {
        "slug": workshop.slug,
        "is_draft": not workshop.is_published,
        "network": network,
        "series": workshop.series.name,
        "edition": workshop.edition_ordinal,
        "title": workshop.title,
        "full_title": workshop.full_title,
        "short_title": workshop.short_title or workshop.full_title,
        "report_title": workshop.report_title or "Objectives, Conclusions, and Ways Forward",
        "dates": date_range(workshop.start_date, workshop.end_date, workshop.date_precision),
        "year": workshop.start_date.year,
        "venue": workshop.venue,
        "city": workshop.city,
        "country": workshop.country.name,
        "country_code": workshop.country.code,
        "summary": workshop.summary,
        "organizers": organizers,
        "other_numberings": other_numberings,
        "objectives": [o.text for o in workshop.objectives.all()],
        "conclusions": [c.text for c in workshop.conclusions.all()],
        "figures": figures if any(v not in (None, "") for v in figures.values()) else None,
        "participation": _participation_content(workshop),
        "recommendations": [_recommendation_content(r) for r in workshop.recommendations.all()],
        "related_events": related_events,
        "agenda": agenda,
        "materials": materials,
    }


def report_pictures(content: dict) -> dict:
    """The workshop page's pictures, drawn from the report's content: the map of the countries
    that took part, the participants and countries recorded and counted, and (where there are
    recommendations) their follow-up status."""
    participation = content["participation"] or {}
    figures = content["figures"] or {}
    pictures = {
        "map": workshop_map(
            chart_id="participation-map",
            workshop_title=content["full_title"],
            host_code=content["country_code"],
            country_codes=participation.get("country_codes", []),
        ),
        "attendance": attendance_figure(
            chart_id="attendance-figure",
            recorded_participants=figures.get("participants"),
            counted_participants=participation.get("total", 0),
            recorded_countries=figures.get("countries"),
            counted_countries=participation.get("country_count", 0),
        ),
    }
    if content["recommendations"]:
        pictures["follow_ups"] = follow_up_chart(
            status_counts=status_counts_of(r["status_value"] for r in content["recommendations"]),
            chart_id="follow-up-chart",
            whose="the workshop's",
        )
    return pictures


# What draws the pictures shapes the PDF as much as the templates do.
PICTURE_MODULES = ("core/charts.py", "workshops/pictures.py", "recommendations/pictures.py")


def report_layout_digest() -> str:
    """A digest of what shapes the PDF besides the records: templates, stylesheet, fonts.

    Editing the report's templates or stylesheet, or upgrading a font package, changes it.
    """
    template_dir = Path(get_template(REPORT_TEMPLATE).origin.name).parent
    stylesheet = finders.find(REPORT_STYLESHEET)
    files = [*sorted(template_dir.rglob("*.html")), Path(stylesheet)]
    files.append(settings.BASE_DIR / "package-lock.json")  # fonts and the map's shapes
    files.extend(settings.BASE_DIR / name for name in PICTURE_MODULES)
    # Read the files again only when one of them changed on disk.
    stats = tuple((str(path), path.stat().st_mtime_ns, path.stat().st_size) for path in files)
    return _files_digest(stats)


@lru_cache(maxsize=8)
def _files_digest(stats) -> str:
    digest = hashlib.sha256()
    for name, _, _ in stats:
        digest.update(Path(name).read_bytes())
    return digest.hexdigest()


def report_fingerprint(content: dict) -> str:
    """SHA-256 of the report's content and layout: equal fingerprints, equal PDFs."""
    payload = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    digest = hashlib.sha256(payload.encode())
    digest.update(report_layout_digest().encode())
    return digest.hexdigest()


def report_characters(content: dict) -> set[str]:
    """Every character the report's records contain: the fonts to load depend on it."""
    payload = json.dumps(content, ensure_ascii=False, default=str)
    return set(payload)


def _aggregates(queryset, *, by, workshop_ids, related=()):
    """For each of `workshop_ids`: count, latest change and id sum of its rows of `queryset`
    (grouped by the workshop field `by`), and of each of their `related` records."""
    fields = {"count": Count("pk"), "updated": Max("updated"), "ids": Sum("pk")}
    for name in related:
        fields[f"{name}_count"] = Count(name)
        fields[f"{name}_ids"] = Sum(f"{name}__pk")
        fields[f"{name}_updated"] = Max(f"{name}__updated")
    rows = queryset.filter(**{f"{by}__in": workshop_ids}).order_by().values(by).annotate(**fields)
    found = {row.pop(by): row for row in rows}
    # A workshop without rows: what an aggregate over none gives (counts 0, the rest None).
    empty = {name: 0 if name.endswith("count") else None for name in fields}
    return {pk: sorted(found.get(pk, empty).items()) for pk in workshop_ids}


def report_stamps(*, workshops) -> dict:
    """`report_stamp` of each of `workshops`, by primary key, in a dozen queries however many
    workshops and records there are (the admin's list of reports shows a page of them)."""
    ids = [workshop.pk for workshop in workshops]
    own = {
        pk: values
        for pk, *values in Workshop.objects.filter(pk__in=ids).values_list(
            "pk",
            "status",
            "updated",
            "series__updated",
            "series__organization__updated",
            "series__organization__parent__updated",
        )
    }
    by_workshop = [
        _aggregates(
            WorkshopOrganizer.objects, by="workshop", workshop_ids=ids, related=("organization",)
        ),
        _aggregates(Objective.objects, by="workshop", workshop_ids=ids),
        _aggregates(Conclusion.objects, by="workshop", workshop_ids=ids),
        _aggregates(AgendaItem.objects, by="workshop", workshop_ids=ids),
        _aggregates(Material.objects, by="workshop", workshop_ids=ids),
        _aggregates(
            RelatedEvent.objects, by="workshop", workshop_ids=ids, related=("organizations",)
        ),
        _aggregates(Recommendation.objects, by="workshop", workshop_ids=ids, related=("themes",)),
        _aggregates(
            Recommendation.objects, by="workshop", workshop_ids=ids, related=("addressed_to",)
        ),
        _aggregates(
            FollowUp.objects,
            by="recommendation__workshop",
            workshop_ids=ids,
            related=("led_to_workshop",),
        ),
        _aggregates(
            Participation.objects,
            by="workshop",
            workshop_ids=ids,
            related=("person", "organization"),
        ),
    ]
    layout = report_layout_digest()
    stamps = {}
    for pk in ids:
        parts = [own.get(pk), *(part[pk] for part in by_workshop), layout]
        payload = json.dumps(parts, default=str)
        stamps[pk] = hashlib.sha256(payload.encode()).hexdigest()
    return stamps


def report_stamp(*, workshop: Workshop) -> str:
    """A cheap digest of when the records the report reads last changed, and how many there are.

    A dozen aggregate queries, however many participations there are: a download compares it
    with the stored report's before it reads every record to compute the fingerprint. Any
    `save()`, addition or deletion of a record the report reads changes it. (It also changes
    when a record changes in a way the report does not show; the fingerprint then decides.)
    """
    return report_stamps(workshops=[workshop])[workshop.pk]
