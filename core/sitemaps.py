"""The base of each app's sitemap sections of records."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from .records_version import kept_while_records_stand


class RecordSitemap(Sitemap):
    """A sitemap section of records (`items()` a QuerySet), served in pages of `limit`
    addresses, each record's `updated` time its lastmod.

    The sitemap index (`/sitemap.xml`) lists each section's pages with the section's latest
    change: one aggregate query, where Django's default reads every record. Both the number
    of records and the latest change are worked out once per records version, as they are
    the same for every reader.
    """

    limit = 1000

    def lastmod(self, record):
        return record.updated

    def get_latest_lastmod(self):
        return kept_while_records_stand(
            f"sitemap-latest:{self._section_name()}",
            lambda: self.items().aggregate(latest=Max("updated"))["latest"],
        )

    @property
    def paginator(self):
        pages = super().paginator
        # `Paginator.count` is a cached property: an instance value takes its place.
        pages.count = kept_while_records_stand(
            f"sitemap-count:{self._section_name()}", pages.object_list.count
        )
        return pages

    def _section_name(self):
        return f"{type(self).__module__}.{type(self).__qualname__}"
