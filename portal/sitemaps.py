"""The portal-wide sitemap: the index pages, and each app's own sections.

`/sitemap.xml` is a sitemap index that lists each section's pages (`/sitemap-<section>.xml`,
`?p=2`, ...), so that no one answer grows with the records."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from news.sitemaps import CategorySitemap, PostSitemap
from participants.sitemaps import CountrySitemap, OrganizationSitemap
from recommendations.sitemaps import RecommendationSitemap
from workshops.sitemaps import WorkshopSitemap


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


SITEMAPS = {
    "pages": PortalPagesSitemap,
    "workshops": WorkshopSitemap,
    "countries": CountrySitemap,
    "organizations": OrganizationSitemap,
    "recommendations": RecommendationSitemap,
    "news": PostSitemap,
    "news-categories": CategorySitemap,
}
