from django.contrib.sitemaps import Sitemap

from .models import Recommendation


class RecommendationSitemap(Sitemap):
    def items(self):
        return Recommendation.objects.published().order_by("pk")

    def lastmod(self, recommendation):
        return recommendation.updated
