from django.urls import path

from core.views import redirect_old_slug

from . import views
from .models import Workshop

app_name = "workshops"

urlpatterns = [
    path("", views.WorkshopListView.as_view(), name="workshop-list"),
    path(
        "<slug:slug>/",
        redirect_old_slug(Workshop)(views.WorkshopDetailView.as_view()),
        name="workshop-detail",
    ),
]
