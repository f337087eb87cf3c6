"""The network's key figures, computed from the published records."""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max

from core.records_version import records_version
from participants.models import Organization, Participation
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
    return cache.get_or_set(
        f"network-figures:{records_version()}",
        network_figures,
        timeout=settings.PAGE_CACHE_SECONDS,
    )


def network_figures():
    """Counts over published workshops only. Seven queries, whatever the data.

    Countries engaged: those that hosted or attended a published workshop or where an engaged
    organization is based; never fewer than the largest number of countries one workshop is
    recorded as having drawn (the source's own headline figure), because that many took part.
    """
    published = Workshop.objects.published()
    engaged_organizations = Organization.objects.engaged_in_published_workshops()
    country_codes = (
        set(published.host_country_counts())
        | set(Participation.objects.in_published_workshops().workshops_by_country())
        | set(engaged_organizations.country_counts())
    )
    largest_recorded = published.aggregate(largest=Max("recorded_countries"))["largest"] or 0
    recommendations = Recommendation.objects.published()
    return NetworkFigures(
        workshops=published.count(),
        countries=max(len(country_codes), largest_recorded),
        organizations=engaged_organizations.count(),
        recommendations=recommendations.count(),
        recommendations_followed_up=recommendations.filter(follow_ups__isnull=False)
        .distinct()
        .count(),
    )
