"""The network's key figures, computed from the published records."""

from dataclasses import dataclass

from core.records_version import kept_while_records_stand
from participants.countries import countries_engaged
from participants.models import Organization
from recommendations.models import Recommendation
from workshops.models import Workshop
from workshops.pictures import LATEST_WORKSHOPS_DRAWN, per_workshop_chart, workshops_by_year_chart


@dataclass(frozen=True)
class NetworkFigures:
    workshops: int
    countries: int
    organizations: int
    recommendations: int
    recommendations_followed_up: int


def current_network_figures():
    """`network_figures()`, counted once per records version and then read from the cache:
    the home page's figures cost one cache read, however many records there are."""
    return kept_while_records_stand("network-figures", network_figures)


def current_home_pictures():
    """`home_pictures()`, drawn once per records version: the home page then reads what it
    shows, bounded, and not every published workshop's figures."""
    return kept_while_records_stand("home-pictures", home_pictures)


def home_pictures():
    """The home page's pictures of participation over time and what their tables list: the
    workshops held each year (every year from the first to the last) and the latest
    `LATEST_WORKSHOPS_DRAWN` workshops' participants and countries. One query (it adds up
    every participation)."""
    by_year, per_workshop = Workshop.objects.published().participation_over_time()
    latest = per_workshop[-LATEST_WORKSHOPS_DRAWN:]
    return {
        "workshops_by_year": by_year,
        "per_workshop": latest,
        "workshops_left_out": len(per_workshop) - len(latest),
        "workshops_by_year_chart": workshops_by_year_chart(
            chart_id="workshops-by-year", workshops_by_year=by_year
        ),
        "participants_chart": per_workshop_chart(
            chart_id="participants-per-workshop", rows=latest, what="participants"
        ),
        "countries_chart": per_workshop_chart(
            chart_id="countries-per-workshop", rows=latest, what="countries"
        ),
    }


def network_figures():
    """Counts over published workshops only. Seven queries, whatever the data.

    Countries engaged: `countries_engaged()`, the count the Countries page gives.
    """
    published = Workshop.objects.published()
    engaged_organizations = Organization.objects.engaged_in_published_workshops()
    recommendations = Recommendation.objects.published()
    return NetworkFigures(
        workshops=published.count(),
        countries=countries_engaged().count,
        organizations=engaged_organizations.count(),
        recommendations=recommendations.count(),
        recommendations_followed_up=recommendations.filter(follow_ups__isnull=False)
        .distinct()
        .count(),
    )
