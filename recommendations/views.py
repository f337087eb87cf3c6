from django.urls import reverse
from django.views.generic import DetailView

from core.records_version import kept_while_records_stand
from core.spreadsheets import NETWORK, filters_applied, spreadsheet_response
from core.views import FilteredListView

from .filters import RecommendationFilter
from .models import Recommendation
from .pictures import follow_up_chart


class RecommendationListView(FilteredListView):
    """The tracker: every published workshop's recommendations with their follow-up status."""

    filterset_class = RecommendationFilter
    paginate_by = 50
    template_name = "recommendations/recommendation_list.html"
    record_template_name = "recommendations/includes/_recommendation_list_record.html"

    def get_queryset(self):
        return (
            Recommendation.objects.published()
            .for_list()
            .order_by("-workshop__start_date", "workshop__title", "number")
        )

    def get_context_data(self, **kwargs):
        # The network's figures, the same for every reader and whatever the filters.
        status_counts = kept_while_records_stand(
            "tracker-status-counts", Recommendation.objects.published().status_counts
        )
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


def recommendation_list_download(request, file_format):
    """The tracker, with its page's filters, as CSV or Excel."""
    filterset = RecommendationFilter(
        request.GET or None,
        queryset=Recommendation.objects.published()
        .for_list()
        .order_by("-workshop__start_date", "workshop__title", "number"),
        request=request,
    )
    page = request.build_absolute_uri(reverse("recommendations:recommendation-list"))
    query = f"?{request.GET.urlencode()}" if request.GET else ""
    return spreadsheet_response(
        file_format=file_format,
        file_name="sesn-recommendations",
        title="Recommendations",
        columns=[
            "Workshop",
            "Year",
            "Number",
            "Recommendation",
            "Full text",
            "Themes",
            "Follow-up status",
            "Status as of",
            "Page",
        ],
        rows=(
            [
                recommendation.workshop.full_title,
                recommendation.workshop.year,
                recommendation.number,
                recommendation.short_title,
                recommendation.text,
                ", ".join(theme.name for theme in recommendation.themes.all()),
                recommendation.status_label,
                recommendation.latest_follow_up_date,
                request.build_absolute_uri(recommendation.get_absolute_url()),
            ]
            for recommendation in filterset.qs
        ),
        source_lines=[
            f"SESN Portal of the {NETWORK}: the recommendation tracker, {page}{query}",
            filters_applied(filterset),
            "Follow-up status: the latest follow-up the secretariat recorded; “No follow-up "
            "recorded” where there is none.",
        ],
    )
