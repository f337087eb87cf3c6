from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api"

router = SimpleRouter()
router.register("workshops", views.WorkshopViewSet, basename="workshop")
router.register("series", views.SeriesViewSet, basename="series")
router.register("countries", views.CountryViewSet, basename="country")
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("recommendations", views.RecommendationViewSet, basename="recommendation")
router.register("news", views.PostViewSet, basename="post")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", views.DocumentationView.as_view(), name="docs"),
    *router.urls,
]
