"""What in the records needs the secretariat's attention (the staff-only data-quality page)."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from participants.models import Organization, Person
from recommendations.models import FollowUp, Recommendation
from workshops.models import Workshop, WorkshopNumbering

FOLLOW_UP_OVERDUE_AFTER = datetime.timedelta(days=365)


@dataclass
class Check:
    title: str
    explanation: str
    items: list = field(default_factory=list)


def data_quality_checks(*, today=None) -> list[Check]:
    """Each check with the records it finds, in the order the page lists them."""
    today = today or timezone.localdate()
    checks = []

    disagreeing = (
        Workshop.objects.with_attendance()
        .filter(
            Q(recorded_participants__isnull=False)
            & ~Q(recorded_participants=F("attendance_participants"))
            | Q(recorded_countries__isnull=False) & ~Q(recorded_countries=F("attendance_countries"))
        )
        .select_related("series")
    )

    def figures(workshop):
        return (
            f"the source states {workshop.recorded_participants or '—'} participants "
            f"from {workshop.recorded_countries or '—'} countries; the records count "
            f"{workshop.attendance_participants} from {workshop.attendance_countries}"
        )

    checks.append(
        Check(
            "Headline figures that disagree with the recorded attendance",
            "The figures as the source states them differ from what the participation "
            "records add up to. Neither is wrong by itself: record the missing participations, "
            "or say why they differ in the workshop's “why the figures differ”: it is then "
            "listed as explained below.",
            [
                (workshop, figures(workshop))
                for workshop in disagreeing.filter(recorded_figures_explanation="")
            ],
        )
    )
    checks.append(
        Check(
            "Headline figures that disagree, explained",
            "Differences that staff have explained; nothing more needs doing unless the "
            "explanation no longer holds. The workshop's history keeps who explained it.",
            [
                (
                    workshop,
                    f"{figures(workshop)}. Explained: {workshop.recorded_figures_explanation}",
                )
                for workshop in disagreeing.exclude(recorded_figures_explanation="")
            ],
        )
    )

    numberings = WorkshopNumbering.objects.select_related("workshop", "workshop__series")
    checks.append(
        Check(
            "Workshops that sources number or title differently",
            "Another source gives these workshops another number or title than the series' "
            "own. Pages and the report show both; check that the workshop is the one the "
            "source means.",
            [
                (
                    numbering.workshop,
                    f"the series numbers it “{numbering.workshop.full_title}”; "
                    f"{numbering.source} calls it {numbering.described}",
                )
                for numbering in numberings
                if numbering.differs
            ],
        )
    )

    published = Workshop.objects.published().annotate(
        objective_count=Count("objectives", distinct=True),
        recommendation_count=Count("recommendations", distinct=True),
    )
    checks.append(
        Check(
            "Published workshops without objectives or recommendations",
            "The public page and the report of these workshops have nothing to show there.",
            [
                (
                    workshop,
                    " and ".join(
                        part
                        for part, count in (
                            ("no objectives", workshop.objective_count),
                            ("no recommendations", workshop.recommendation_count),
                        )
                        if count == 0
                    ),
                )
                for workshop in published.filter(Q(objective_count=0) | Q(recommendation_count=0))
            ],
        )
    )

    cutoff = today - FOLLOW_UP_OVERDUE_AFTER
    recent_follow_up = FollowUp.objects.filter(recommendation=OuterRef("pk"), date__gt=cutoff)
    stale = (
        Recommendation.objects.with_latest_follow_up()
        .filter(workshop__end_date__lt=cutoff)
        .exclude(Exists(recent_follow_up))
        .order_by("workshop__start_date", "number")
    )
    checks.append(
        Check(
            "Recommendations with no follow-up for over a year",
            "No follow-up is recorded in the last twelve months (and the workshop ended more "
            "than a year ago). Record what was done, even “no action”.",
            [
                (
                    recommendation,
                    f"last follow-up {recommendation.latest_follow_up_date:%d %b %Y}"
                    if recommendation.latest_follow_up_date
                    else "never followed up",
                )
                for recommendation in stale
            ],
        )
    )

    checks.append(
        Check(
            "Organizations without a country that are not international",
            "Only international bodies (international organizations, regional centres, "
            "enforcement networks) are left without a country.",
            [
                (organization, organization.get_kind_display())
                for organization in Organization.objects.filter(country="").exclude(
                    kind__in=Organization.INTERNATIONAL_KINDS
                )
            ],
        )
    )

    checks.append(
        Check(
            "People with no organization",
            "Record which organization each person represents.",
            [
                (person, person.country.name or "no country")
                for person in Person.objects.filter(organization__isnull=True)
            ],
        )
    )
    return checks
