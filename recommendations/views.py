from django.views.generic import DetailView, ListView

from .models import Recommendation


class RecommendationListView(ListView):
    paginate_by = 50

    def get_queryset(self):
        return Recommendation.objects.published().with_latest_follow_up()


class RecommendationDetailView(DetailView):
    def get_queryset(self):
        return Recommendation.objects.published().with_latest_follow_up()
