"""The portal's URLs plus a stand-in for the reports app's URL, as it will be named."""

from django.http import HttpResponse
from django.urls import include, path

from sesn_portal.urls import urlpatterns as portal_urlpatterns

reports_patterns = (
    [
        path(
            "workshops/<slug:slug>/report.pdf",
            lambda request, slug: HttpResponse(b"synthetic"),
            name="workshop-report",
        )
    ],
    "reports",
)

urlpatterns = [path("", include(reports_patterns)), *portal_urlpatterns]
