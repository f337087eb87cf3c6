from django.db.models import Count
from django.views.generic import DetailView

from workshops.views import FilteredListView

from .filters import RecommendationFilter
from .models import FollowUp, Recommendation


class RecommendationListView(FilteredListView):
    """The tracker: every published workshop's recommendations with their follow-up status."""

    filterset_class = RecommendationFilter
    paginate_by = 50
    template_name = "recommendations/recommendation_list.html"

    def get_queryset(self):
        return (
            Recommendation.objects.published()
            .for_list()
            .order_by("-workshop__start_date", "workshop__title", "number")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(status_counts=self.status_counts(), **kwargs)

    def status_counts(self):
        """[(status label, number)] over every published recommendation, in status order."""
        rows = (
            Recommendation.objects.published()
            .with_latest_follow_up()
            .order_by()
            .values("latest_status")
            .annotate(n=Count("pk"))
        )
        counts = {}
        for row in rows:
            status = row["latest_status"] or FollowUp.Status.NOT_STARTED
            counts[status] = counts.get(status, 0) + row["n"]
        return [(status, label, counts.get(status, 0)) for status, label in FollowUp.Status.choices]


class RecommendationDetailView(DetailView):
    """A recommendation and its follow-up history. Those of draft workshops answer 404, except
    to staff, who see a banner."""

    def get_queryset(self):
        return Recommendation.objects.visible_to(self.request.user).for_detail_page()
