from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("workshops/<slug:slug>/report.pdf", views.workshop_report, name="workshop-report"),
    path(
        "workshops/<slug:slug>/report/preview/",
        views.workshop_report_preview,
        name="workshop-report-preview",
    ),
]
