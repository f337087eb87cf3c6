from django.contrib import admin

from core.admin_base import OpenedVersionCheckedInline, PortalAdmin
from workshops.admin_base import WorkshopPartAdmin

from .models import FollowUp, Recommendation, Theme
from .resources import FollowUpResource, RecommendationResource


@admin.register(Theme)
class ThemeAdmin(PortalAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    date_hierarchy = "created"


class FollowUpInline(OpenedVersionCheckedInline, admin.StackedInline):
    model = FollowUp
    fk_name = "recommendation"
    extra = 0
    autocomplete_fields = ["led_to_workshop"]


@admin.register(Recommendation)
class RecommendationAdmin(WorkshopPartAdmin):
    resource_classes = [RecommendationResource]
    list_display = ["__str__", "workshop", "status_label", "updated"]
    list_filter = ["workshop", "themes"]
    search_fields = ["short_title", "text", "workshop__title"]
    autocomplete_fields = ["workshop", "themes", "addressed_to"]
    inlines = [FollowUpInline]
    date_hierarchy = "created"

    def get_queryset(self, request):
        return super().get_queryset(request).with_latest_follow_up()

    @admin.display(description="Follow-up status")
    def status_label(self, recommendation):
        return recommendation.status_label


@admin.register(FollowUp)
class FollowUpAdmin(PortalAdmin):
    resource_classes = [FollowUpResource]
    list_display = ["recommendation", "date", "status"]
    list_filter = ["status"]
    search_fields = ["action", "recommendation__short_title", "led_to_project"]
    autocomplete_fields = ["recommendation", "led_to_workshop"]
    date_hierarchy = "date"
    list_select_related = ["recommendation", "recommendation__workshop"]


# On the workshop's admin page (assembled in portal/admin.py).
class RecommendationInline(admin.StackedInline):
    model = Recommendation
    extra = 0
    fields = ["number", "short_title", "text", "themes", "addressed_to"]
    autocomplete_fields = ["themes", "addressed_to"]
    show_change_link = True
