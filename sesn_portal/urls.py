from django.conf import settings
from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import TemplateView

admin.site.site_header = "SESN Portal: secretariat"
admin.site.site_title = "SESN Portal admin"
admin.site.index_title = "The network's records"

urlpatterns = [
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    # Before workshops/: the report's paths live under /workshops/<slug>/.
    path("", include("reports.urls")),
    path("workshops/", include("workshops.urls")),
    path("", include("participants.urls")),
    path("recommendations/", include("recommendations.urls")),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico whatever the page says; the static URL is resolved per request
    # because the production manifest is only read once static files are collected.
    path("favicon.ico", lambda request: redirect(static("portal/favicon.svg"), permanent=True)),
]

if settings.DEBUG:
    from django.conf.urls.static import static as media_patterns

    urlpatterns += media_patterns(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
