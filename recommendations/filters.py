"""The recommendation tracker's filters. A value that does not fit is ignored and reported."""

import django_filters

from core.filters import SearchFilterSet
from core.records_version import kept_while_records_stand
from workshops.models import Workshop

from .models import TRACKER_STATUSES, Recommendation, Theme


def themes_in_use(request):
    """The themes of published workshops' recommendations: the tracker's theme menu."""
    return Theme.objects.filter(pk__in=kept_while_records_stand("themes-in-use", theme_ids_in_use))


def theme_ids_in_use():
    # A semi-join on the link table, not a DISTINCT over a join of every recommendation.
    links = Recommendation.themes.through.objects.filter(
        recommendation__workshop__status=Workshop.Status.PUBLISHED
    )
    return list(Theme.objects.filter(pk__in=links.values("theme")).values_list("pk", flat=True))


def published_workshops(request):
    return Workshop.objects.published()


class RecommendationFilter(SearchFilterSet):
    # The workshop menu offers the latest workshops with recommendations (and the one chosen),
    # so that the tracker stays the same size as workshops accumulate; any published
    # workshop's slug still filters.
    workshops_offered = 30

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

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            field = form.fields["workshop"]
            offered = list(
                Workshop.objects.published()
                .filter(pk__in=Recommendation.objects.values("workshop"))
                .order_by("-start_date", "title")[: self.workshops_offered]
            )
            chosen = (
                form.cleaned_data.get("workshop") if form.is_bound and form.is_valid() else None
            )
            if chosen is not None and chosen not in offered:
                offered.append(chosen)
            field.widget.choices = [
                ("", field.empty_label),
                *((workshop.slug, field.label_from_instance(workshop)) for workshop in offered),
            ]
        return self._form

    def filter_status(self, queryset, name, value):
        return queryset.with_status(value)
