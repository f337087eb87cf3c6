from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.views.generic import TemplateView

from news.sitemaps import CategorySitemap, PostSitemap
from participants.sitemaps import CountrySitemap, OrganizationSitemap
from portal.media import media_file
from recommendations.sitemaps import RecommendationSitemap
from workshops.sitemaps import PortalPagesSitemap, WorkshopSitemap
from workshops.views import HomeView, SearchView

admin.site.site_header = "SESN Portal: secretariat"
admin.site.site_title = "SESN Portal admin"
admin.site.index_title = "The network's records"

SITEMAPS = {
    "pages": PortalPagesSitemap,
    "workshops": WorkshopSitemap,
    "countries": CountrySitemap,
    "organizations": OrganizationSitemap,
    "recommendations": RecommendationSitemap,
    "news": PostSitemap,
    "news-categories": CategorySitemap,
}

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("search/", SearchView.as_view(), name="search"),
    # Before workshops/: the report's paths live under /workshops/<slug>/.
    path("", include("reports.urls")),
    path("workshops/", include("workshops.urls")),
    path("", include("participants.urls")),
    path("recommendations/", include("recommendations.urls")),
    path("news/", include("news.urls")),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    # Browsers ask for /favicon.ico whatever the page says; the static URL is resolved per request
    # because the production manifest is only read once static files are collected.
    path("favicon.ico", lambda request: redirect(static("portal/favicon.svg"), permanent=True)),
    # Uploaded files, each after its record's visibility check (drafts' files are staff-only).
    re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.+)$", media_file, name="media-file"),
]
