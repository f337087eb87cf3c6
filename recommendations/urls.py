from django.urls import path, re_path

from . import views

app_name = "recommendations"

urlpatterns = [
    path("", views.RecommendationListView.as_view(), name="recommendation-list"),
    re_path(
        r"^download\.(?P<file_format>csv|xlsx)$",
        views.recommendation_list_download,
        name="recommendation-list-download",
    ),
    path("<int:pk>/", views.RecommendationDetailView.as_view(), name="recommendation-detail"),
]
