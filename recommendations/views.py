from django.views.generic import DetailView

from core.views import FilteredListView

from .filters import RecommendationFilter
from .models import Recommendation
from .pictures import follow_up_chart


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
        status_counts = Recommendation.objects.published().status_counts()
        return super().get_context_data(
            status_counts=status_counts,
            follow_up_chart=follow_up_chart(
                status_counts=status_counts, chart_id="follow-up-chart", whose="the network's"
            ),
            **kwargs,
        )


class RecommendationDetailView(DetailView):
    """A recommendation and its follow-up history. Those of draft workshops answer 404, except
    to who may view recommendations in the admin, who see a banner."""

    def get_queryset(self):
        return Recommendation.objects.visible_to(self.request.user).for_detail_page()
