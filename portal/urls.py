"""The site-wide addresses: home, search, sitemap, robots.txt, the favicon, uploaded files."""

from django.conf import settings
from django.contrib.sitemaps.views import index, sitemap
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import path, re_path
from django.views.generic import TemplateView

from .media import media_file
from .sitemaps import SITEMAPS
from .views import HomeView, SearchView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("search/", SearchView.as_view(), name="search"),
    # The sitemap index: each section's pages (core.sitemaps.RecordSitemap.limit addresses each).
    path(
        "sitemap.xml",
        index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap-section"),
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
