"""The recommendation tracker's filters. A value that does not fit is ignored and reported."""

import django_filters

from core.filters import SearchFilterSet
from workshops.models import Workshop

from .models import TRACKER_STATUSES, Recommendation, Theme


def themes_in_use(request):
    return Theme.objects.filter(
        recommendations__workshop__status=Workshop.Status.PUBLISHED
    ).distinct()


def published_workshops(request):
    return Workshop.objects.published()


class RecommendationFilter(SearchFilterSet):
    status = django_filters.ChoiceFilter(
        label="Follow-up status",
        choices=TRACKER_STATUSES,
        method="filter_status",
        empty_label="Any status",
    )
    theme = django_filters.ModelChoiceFilter(
        label="Theme",
        queryset=themes_in_use,
        to_field_name="slug",
        field_name="themes",
        empty_label="Any theme",
    )
    workshop = django_filters.ModelChoiceFilter(
        label="Workshop",
        queryset=published_workshops,
        to_field_name="slug",
        empty_label="Any workshop",
    )

    class Meta:
        model = Recommendation
        fields = ["q", "status", "theme", "workshop"]

    def filter_status(self, queryset, name, value):
        return queryset.with_status(value)
