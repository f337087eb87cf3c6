from core.sitemaps import RecordSitemap

from .models import Recommendation


class RecommendationSitemap(RecordSitemap):
    def items(self):
        return Recommendation.objects.published().order_by("pk")
