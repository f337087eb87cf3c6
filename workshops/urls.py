from django.urls import path, re_path

from core.views import redirect_old_slug

from . import views
from .models import Workshop

app_name = "workshops"

urlpatterns = [
    path("", views.WorkshopListView.as_view(), name="workshop-list"),
    re_path(
        r"^download\.(?P<file_format>csv|xlsx)$",
        views.workshop_list_download,
        name="workshop-list-download",
    ),
    path("calendar.ics", views.workshops_calendar_feed, name="calendar-feed"),
    path(
        "series/<slug:slug>/calendar.ics", views.series_calendar_feed, name="series-calendar-feed"
    ),
    path(
        "<slug:slug>/",
        redirect_old_slug(Workshop)(views.WorkshopDetailView.as_view()),
        name="workshop-detail",
    ),
    path(
        "<slug:slug>/calendar.ics",
        redirect_old_slug(Workshop)(views.workshop_calendar_entry),
        name="workshop-calendar",
    ),
]
