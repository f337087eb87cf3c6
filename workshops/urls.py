from django.urls import path, re_path

from . import views

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
    path("<slug:slug>/", views.WorkshopDetailView.as_view(), name="workshop-detail"),
    path("<slug:slug>/calendar.ics", views.workshop_calendar_entry, name="workshop-calendar"),
]
