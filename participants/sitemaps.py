from django.contrib.sitemaps import Sitemap

from core.sitemaps import RecordSitemap

from .countries import country_summaries
from .models import Organization


class OrganizationSitemap(RecordSitemap):
    def items(self):
        return Organization.objects.public().order_by("pk")


class CountrySitemap(Sitemap):
    def items(self):
        return country_summaries()
