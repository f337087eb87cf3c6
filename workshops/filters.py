"""The workshop list's filters. A value that does not fit is ignored and reported, never a 500."""

import django_filters
from django_countries import countries

from participants.models import Participation

from .models import Workshop, WorkshopSeries
from .search import search_words_notice


def published_years():
    return [(str(year), str(year)) for year in Workshop.objects.published().years()]


def countries_on_record():
    """Countries that hosted or attended a published workshop, by name."""
    hosted = Workshop.objects.published().host_country_counts()
    attended = Participation.objects.in_published_workshops().workshops_by_country()
    codes = {code for code in (*hosted, *attended) if code in countries}
    return sorted(((code, countries.name(code)) for code in codes), key=lambda pair: pair[1])


def series_with_published_workshops(request):
    return WorkshopSeries.objects.filter(workshops__status=Workshop.Status.PUBLISHED).distinct()


class SearchFilter(django_filters.CharFilter):
    """Free text, searched with the QuerySet's own `search()`."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Search")
        kwargs.setdefault("method", "filter_search")
        super().__init__(**kwargs)


class SearchFilterSet(django_filters.FilterSet):
    q = SearchFilter()

    def filter_search(self, queryset, name, value):
        return queryset.search(value) if value.strip() else queryset

    @property
    def ignored(self):
        """(label, message) for each filter whose value could not be used, in whole or in part
        (the words of a long search beyond the bound)."""
        if not self.is_bound:
            return []
        ignored = []
        if notice := search_words_notice(self.data.get("q", "")):
            ignored.append((self.form.fields["q"].label, notice))
        if not self.form.is_valid():
            ignored += [
                (
                    self.form.fields[name].label if name in self.form.fields else name,
                    " ".join(errors),
                )
                for name, errors in self.form.errors.items()
            ]
        return ignored


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
    series = django_filters.ModelChoiceFilter(
        label="Series",
        queryset=series_with_published_workshops,
        to_field_name="slug",
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
