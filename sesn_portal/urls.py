from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    # Before workshops/: the report's paths live under /workshops/<slug>/.
    path("", include("reports.urls")),
    path("workshops/", include("workshops.urls")),
    path("", include("participants.urls")),
    path("recommendations/", include("recommendations.urls")),
    path("news/", include("news.urls")),
    path("admin/", admin.site.urls),
    # The read-only JSON API, its OpenAPI schema and documentation page (api/urls.py).
    path("api/v1/", include("api.urls")),
    # Home, search, sitemap, robots.txt, the favicon and uploaded files (portal/urls.py).
    path("", include("portal.urls")),
]
