"""The organization index's filters. A value that does not fit is ignored and reported."""

import django_filters
from django_countries import countries

from core.filters import SearchFilterSet
from core.records_version import kept_while_records_stand

from .models import Organization


def organization_countries():
    """The countries of the public organizations, by name; counted once per records version."""
    counts = kept_while_records_stand(
        "organization-countries", Organization.objects.public().country_counts
    )
    codes = {code for code in counts if code in countries}
    return sorted(((code, countries.name(code)) for code in codes), key=lambda pair: pair[1])


class OrganizationFilter(SearchFilterSet):
    kind = django_filters.ChoiceFilter(
        label="Kind", choices=Organization.Kind.choices, empty_label="Any kind"
    )
    country = django_filters.ChoiceFilter(
        label="Country", choices=organization_countries, empty_label="Any country"
    )

    class Meta:
        model = Organization
        fields = ["q", "kind", "country"]
