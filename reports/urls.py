from django.urls import path

from core.views import redirect_old_slug
from workshops.models import Workshop

from . import views

app_name = "reports"

urlpatterns = [
    path(
        "workshops/<slug:slug>/report.pdf",
        redirect_old_slug(Workshop)(views.workshop_report),
        name="workshop-report",
    ),
    path(
        "workshops/<slug:slug>/report/preview/",
        redirect_old_slug(Workshop)(views.workshop_report_preview),
        name="workshop-report-preview",
    ),
]
