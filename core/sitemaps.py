"""The base of each app's sitemap sections of records."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max


class RecordSitemap(Sitemap):
    """A sitemap section of records (`items()` a QuerySet), served in pages of `limit`
    addresses, each record's `updated` time its lastmod.

    The sitemap index (`/sitemap.xml`) lists each section's pages with the section's latest
    change: one aggregate query, where Django's default reads every record.
    """

    limit = 1000

    def lastmod(self, record):
        return record.updated

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("updated"))["latest"]
