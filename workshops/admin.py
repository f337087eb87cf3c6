from django.contrib import admin, messages
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from participants.models import Participation
from recommendations.models import Recommendation

from .models import (
    AgendaItem,
    Conclusion,
    Material,
    Objective,
    RelatedEvent,
    Workshop,
    WorkshopOrganizer,
    WorkshopSeries,
)
from .services import workshop_publish, workshop_unpublish


@admin.register(WorkshopSeries)
class WorkshopSeriesAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organization", "updated"]
    search_fields = ["name", "organization__name", "organization__acronym"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["organization"]


class ObjectiveInline(admin.TabularInline):
    model = Objective
    extra = 0


class ConclusionInline(admin.TabularInline):
    model = Conclusion
    extra = 0


class RecommendationInline(admin.StackedInline):
    model = Recommendation
    extra = 0
    fields = ["number", "short_title", "text", "themes", "addressed_to"]
    autocomplete_fields = ["themes", "addressed_to"]
    show_change_link = True


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class MaterialInline(admin.TabularInline):
    model = Material
    extra = 0
    fields = ["position", "kind", "title", "file", "url"]


class WorkshopOrganizerInline(admin.TabularInline):
    model = WorkshopOrganizer
    extra = 0
    autocomplete_fields = ["organization"]
    verbose_name = "organizer"
    verbose_name_plural = "organizers"


class RelatedEventInline(admin.StackedInline):
    model = RelatedEvent
    fk_name = "workshop"
    extra = 0
    autocomplete_fields = ["organizations", "portal_workshop"]


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["person", "organization"]
    fields = ["person", "organization", "country", "role"]


@admin.register(Workshop)
class WorkshopAdmin(SimpleHistoryAdmin):
    list_display = [
        "full_title",
        "start_date",
        "city",
        "country",
        "status",
        "recorded_participants",
        "attendance_participations",
    ]
    list_filter = ["status", "series", "country", "start_date"]
    search_fields = ["title", "short_title", "city", "venue", "summary", "series__name"]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["series"]
    readonly_fields = ["published_at", "recorded_attendance", "created", "updated"]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["series", "edition", "title", "short_title", "slug", "status"]}),
        ("When and where", {"fields": ["start_date", "end_date", "city", "country", "venue"]}),
        ("Summary", {"fields": ["summary"]}),
        (
            "Participation",
            {
                "description": "The headline figures as the source states them, and what the "
                "participation records below add up to. Neither overwrites the other.",
                "fields": [
                    "recorded_participants",
                    "recorded_countries",
                    "recorded_region",
                    "recorded_figures_note",
                    "recorded_attendance",
                ],
            },
        ),
        ("Report", {"fields": ["report_title", "external_report_url"]}),
        ("Record", {"fields": ["published_at", "created", "updated"]}),
    ]
    inlines = [
        WorkshopOrganizerInline,
        ObjectiveInline,
        AgendaItemInline,
        ParticipationInline,
        ConclusionInline,
        RecommendationInline,
        MaterialInline,
        RelatedEventInline,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("series").with_attendance()

    @admin.display(description="Title", ordering="title")
    def full_title(self, workshop):
        return workshop.full_title

    @admin.display(description="Recorded attendance", ordering="attendance_participations")
    def attendance_participations(self, workshop):
        return workshop.attendance_participations

    @admin.display(description="Recorded attendance")
    def recorded_attendance(self, workshop):
        if workshop.pk is None:
            return "—"
        counted = Workshop.objects.with_attendance().get(pk=workshop.pk)
        text = format_html(
            "{} participation records from {} countries",
            counted.attendance_participations,
            counted.attendance_countries,
        )
        if (
            workshop.recorded_participants is not None
            and workshop.recorded_participants != counted.attendance_participations
        ):
            return format_html(
                "{} <strong>(the source states {} participants)</strong>",
                text,
                workshop.recorded_participants,
            )
        return text

    @admin.action(description="Publish the selected workshops", permissions=["change"])
    def publish(self, request, queryset):
        for workshop in queryset:
            workshop_publish(workshop=workshop)
        self.message_user(request, f"Published {len(queryset)} workshop(s).", messages.SUCCESS)

    @admin.action(
        description="Unpublish the selected workshops (back to draft)", permissions=["change"]
    )
    def unpublish(self, request, queryset):
        for workshop in queryset:
            workshop_unpublish(workshop=workshop)
        self.message_user(request, f"Unpublished {len(queryset)} workshop(s).", messages.SUCCESS)


@admin.register(WorkshopOrganizer)
class WorkshopOrganizerAdmin(SimpleHistoryAdmin):
    list_display = ["organization", "role", "workshop"]
    list_filter = ["role"]
    search_fields = ["organization__name", "workshop__title"]
    autocomplete_fields = ["workshop", "organization"]


@admin.register(RelatedEvent)
class RelatedEventAdmin(SimpleHistoryAdmin):
    list_display = ["title", "relation", "workshop", "start_date"]
    list_filter = ["relation"]
    search_fields = ["title", "workshop__title"]
    autocomplete_fields = ["workshop", "organizations", "portal_workshop"]


class WorkshopItemAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "workshop", "position"]
    list_filter = ["workshop"]
    autocomplete_fields = ["workshop"]


@admin.register(Objective)
class ObjectiveAdmin(WorkshopItemAdmin):
    search_fields = ["text", "workshop__title"]


@admin.register(Conclusion)
class ConclusionAdmin(WorkshopItemAdmin):
    search_fields = ["text", "workshop__title"]


@admin.register(AgendaItem)
class AgendaItemAdmin(WorkshopItemAdmin):
    list_display = ["title", "workshop", "position", "date", "start_time"]
    search_fields = ["title", "speakers", "workshop__title"]


@admin.register(Material)
class MaterialAdmin(WorkshopItemAdmin):
    list_display = ["title", "kind", "workshop", "position"]
    list_filter = ["kind", "workshop"]
    search_fields = ["title", "workshop__title"]
