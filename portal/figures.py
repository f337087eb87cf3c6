"""The network's key figures, computed from the published records."""

from dataclasses import dataclass

from core.records_version import kept_while_records_stand
from participants.countries import countries_engaged
from participants.models import Organization
from recommendations.models import Recommendation
from workshops.models import Workshop


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


def current_participation_over_time():
    """The published workshops' `participation_over_time()` (the home page's pictures),
    counted once per records version: it adds up every participation."""
    return kept_while_records_stand(
        "participation-over-time", Workshop.objects.published().participation_over_time
    )


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
