from django.urls import path

from . import views

app_name = "participants"

urlpatterns = [
    path("organizations/", views.OrganizationListView.as_view(), name="organization-list"),
    path(
        "organizations/<slug:slug>/",
        views.OrganizationDetailView.as_view(),
        name="organization-detail",
    ),
    path("countries/", views.CountryListView.as_view(), name="country-list"),
    # Any text, so that a malformed code gets the same clear 404 as an unknown one.
    path("countries/<str:code>/", views.CountryDetailView.as_view(), name="country-detail"),
]
