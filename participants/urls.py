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
]
