from django.urls import path, re_path

from core.views import redirect_old_slug

from . import views
from .models import Organization

app_name = "participants"

urlpatterns = [
    path("organizations/", views.OrganizationListView.as_view(), name="organization-list"),
    path(
        "organizations/<slug:slug>/",
        redirect_old_slug(Organization)(views.OrganizationDetailView.as_view()),
        name="organization-detail",
    ),
    path("countries/", views.CountryListView.as_view(), name="country-list"),
    # A workshop's participation, counted, as CSV or Excel: beside its page, under /workshops/.
    re_path(
        r"^workshops/(?P<slug>[-a-zA-Z0-9_]+)/participation\.(?P<file_format>csv|xlsx)$",
        views.workshop_participation_download,
        name="workshop-participation-download",
    ),
    # Any text, so that a malformed code gets the same clear 404 as an unknown one.
    path("countries/<str:code>/", views.CountryDetailView.as_view(), name="country-detail"),
]
