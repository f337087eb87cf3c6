from django.contrib.sitemaps import Sitemap

from .countries import country_summaries
from .models import Organization


class OrganizationSitemap(Sitemap):
    def items(self):
        return Organization.objects.public().order_by("pk")

    def lastmod(self, organization):
        return organization.updated


class CountrySitemap(Sitemap):
    def items(self):
        return country_summaries()
