from django.contrib.sitemaps import Sitemap

from .models import Workshop


class WorkshopSitemap(Sitemap):
    def items(self):
        return Workshop.objects.published().order_by("pk")

    def lastmod(self, workshop):
        return workshop.updated
