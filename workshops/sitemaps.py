from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Workshop


class PortalPagesSitemap(Sitemap):
    """The portal's index pages."""

    def items(self):
        return [
            "home",
            "workshops:workshop-list",
            "participants:country-list",
            "participants:organization-list",
            "recommendations:recommendation-list",
            "news:post-list",
        ]

    def location(self, item):
        return reverse(item)


class WorkshopSitemap(Sitemap):
    def items(self):
        return Workshop.objects.published().order_by("pk")

    def lastmod(self, workshop):
        return workshop.updated
