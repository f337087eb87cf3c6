"""The workshop list's filters. A value that does not fit is ignored and reported, never a 500."""

import django_filters
from django.db.models import Exists, OuterRef
from django_countries import countries

from core.filters import SearchFilterSet
from core.records_version import kept_while_records_stand

from .models import Workshop, WorkshopSeries


def published_years():
    """The years of the published workshops, newest first: kept per records version."""
    return kept_while_records_stand("workshop-years", list_published_years)


def list_published_years():
    return [(str(year), str(year)) for year in Workshop.objects.published().years()]


def countries_on_record():
    """Countries that hosted or attended a published workshop, by name: counted once per
    records version, as finding them reads every participation."""
    return kept_while_records_stand("workshop-countries", count_countries_on_record)


def count_countries_on_record():
    hosted = Workshop.objects.published().host_country_counts()
    attended = Workshop.objects.published().attendance_country_codes()
    codes = {code for code in (*hosted, *attended) if code in countries}
    return sorted(((code, countries.name(code)) for code in codes), key=lambda pair: pair[1])


def series_with_published_workshops():
    """The series with at least one published workshop."""
    return WorkshopSeries.objects.filter(
        Exists(Workshop.objects.published().filter(series=OuterRef("pk")))
    )


def series_on_record():
    """(slug, name) of each series with a published workshop, by name: kept per records
    version, as the years and countries are."""
    return kept_while_records_stand("workshop-series", list_series_on_record)


def list_series_on_record():
    return list(series_with_published_workshops().order_by("name").values_list("slug", "name"))


class WorkshopFilter(SearchFilterSet):
    year = django_filters.ChoiceFilter(
        label="Year",
        choices=published_years,
        field_name="start_date",
        lookup_expr="year",
        empty_label="Any year",
    )
    country = django_filters.ChoiceFilter(
        label="Country",
        choices=countries_on_record,
        method="filter_country",
        empty_label="Any country",
    )
    series = django_filters.ChoiceFilter(
        label="Series",
        choices=series_on_record,
        field_name="series__slug",
        empty_label="Any series",
    )
    sort = django_filters.OrderingFilter(
        label="Sort by",
        fields=(("start_date", "date"), ("title", "title"), ("edition", "edition")),
        choices=[
            ("-date", "Newest first"),
            ("date", "Oldest first"),
            ("title", "Title (A to Z)"),
            ("-title", "Title (Z to A)"),
            ("edition", "Edition"),
        ],
        empty_label=None,
    )

    class Meta:
        model = Workshop
        fields = ["q", "year", "country", "series", "sort"]

    def filter_country(self, queryset, name, value):
        return queryset.in_country(value)
