from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html

from core.admin_base import PortalAdmin

from .admin_base import WorkshopPartAdmin
from .history import workshop_changes_since, workshop_part_changes
from .models import (
    AgendaItem,
    Conclusion,
    Material,
    Objective,
    RelatedEvent,
    Workshop,
    WorkshopNumbering,
    WorkshopOrganizer,
    WorkshopSeries,
)
from .resources import WorkshopResource
from .services import workshop_publish, workshop_unpublish


@admin.register(WorkshopSeries)
class WorkshopSeriesAdmin(PortalAdmin):
    list_display = ["name", "organization", "updated"]
    list_filter = ["organization"]
    search_fields = ["name", "organization__name", "organization__acronym"]
    date_hierarchy = "created"
    autocomplete_fields = ["organization"]


class ObjectiveInline(admin.TabularInline):
    model = Objective
    extra = 0


class ConclusionInline(admin.TabularInline):
    model = Conclusion
    extra = 0


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
    verbose_name = "organizer or other organization involved"
    verbose_name_plural = "organizers and other organizations involved"


class WorkshopNumberingInline(admin.TabularInline):
    model = WorkshopNumbering
    extra = 0
    verbose_name = "numbering or title in another source"
    verbose_name_plural = "numbering or titles in other sources (shown beside the series' own)"


class RelatedEventInline(admin.StackedInline):
    model = RelatedEvent
    fk_name = "workshop"
    extra = 0
    autocomplete_fields = ["organizations", "portal_workshop"]


class WorkshopAdminForm(forms.ModelForm):
    """The workshop form, which refuses to overwrite a save made after it was loaded.

    `loaded_version` carries the version the editor opened. On save the current version is
    read with a row lock (the admin saves the workshop and its inlines in one transaction), so
    of two editors who opened the same version only the first one's save goes through; the
    second gets the form back, their input kept, with what the first one changed.
    """

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # When the form was loaded: the refusal lists the inline changes made after it.
    loaded_at = forms.DateTimeField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The stored version, not the instance's: a revert form's instance is an old one.
            self.fields["loaded_version"].initial = (
                Workshop.objects.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            self.fields["loaded_at"].initial = timezone.now()

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        current = (
            Workshop.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        loaded = cleaned.get("loaded_version")
        if current is not None and loaded != current:
            changes = (
                workshop_changes_since(
                    workshop=self.instance, version=loaded, since=cleaned.get("loaded_at")
                )
                if loaded
                else ["This form did not say which version it was loaded from."]
            )
            # Saving again on purpose now overwrites what is listed, and nothing newer.
            self.data = self.data.copy()
            self.data[self.add_prefix("loaded_version")] = current
            self.data[self.add_prefix("loaded_at")] = timezone.now().isoformat()
            raise ValidationError(
                [
                    "Not saved: someone else saved this workshop after you opened it. "
                    "Your input is kept below. What they changed:",
                    *changes,
                    "Check your input against these changes, then save again to keep yours.",
                ],
                code="concurrent_edit",
            )
        return cleaned


class WorkshopAdmin(PortalAdmin):
    """A workshop's form with its own parts inline. Registered in `portal/admin.py`, which adds
    the parts and jobs of the apps built on this one (participations, recommendations, the
    participant import, restoring deleted workshops, data quality)."""

    form = WorkshopAdminForm
    opened_version_checked = False  # WorkshopAdminForm's check covers the parts too
    resource_classes = [WorkshopResource]
    import_export_change_list_template = "admin/workshops/workshop/change_list.html"
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
    autocomplete_fields = ["series"]
    readonly_fields = ["published_at", "recorded_attendance", "created", "updated"]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "series",
                    "edition",
                    "title",
                    "short_title",
                    "slug",
                    "status",
                    "loaded_version",
                    "loaded_at",
                ]
            },
        ),
        (
            "When and where",
            {
                "fields": [
                    "start_date",
                    "end_date",
                    "date_precision",
                    "city",
                    "country",
                    "venue",
                ]
            },
        ),
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
                    "recorded_figures_explanation",
                ],
            },
        ),
        ("Report", {"fields": ["report_title", "external_report_url"]}),
        ("Record", {"fields": ["published_at", "created", "updated"]}),
    ]
    inlines = [
        WorkshopOrganizerInline,
        WorkshopNumberingInline,
        ObjectiveInline,
        AgendaItemInline,
        ConclusionInline,
        MaterialInline,
        RelatedEventInline,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("series").with_attendance()

    object_history_template = "admin/workshops/workshop/object_history.html"

    def history_extra_context(self, object_id):
        return {"part_changes": workshop_part_changes(workshop_id=object_id)}

    def save_model(self, request, obj, form, change):
        # Publishing from the form stamps the date as the publish action does.
        if obj.is_published and obj.published_at is None:
            obj.published_at = timezone.now()
        super().save_model(request, obj, form, change)

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
            "{} participation records ({} participants, delegations counted by their "
            "headcount) from {} countries",
            counted.attendance_participations,
            counted.attendance_participants,
            counted.attendance_countries,
        )
        differences = []
        if (
            workshop.recorded_participants is not None
            and workshop.recorded_participants != counted.attendance_participants
        ):
            differences.append(f"{workshop.recorded_participants} participants")
        if (
            workshop.recorded_countries is not None
            and workshop.recorded_countries != counted.attendance_countries
        ):
            differences.append(f"{workshop.recorded_countries} countries")
        if differences:
            return format_html(
                "{} <strong>(the source states {})</strong>{}",
                text,
                " from ".join(differences),
                " — explained below" if workshop.recorded_figures_explanation else "",
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
class WorkshopOrganizerAdmin(WorkshopPartAdmin):
    list_display = ["organization", "role", "workshop"]
    list_filter = ["role", "workshop"]
    date_hierarchy = "workshop__start_date"
    search_fields = ["organization__name", "workshop__title"]
    autocomplete_fields = ["workshop", "organization"]


@admin.register(WorkshopNumbering)
class WorkshopNumberingAdmin(WorkshopPartAdmin):
    list_display = ["workshop", "source", "edition", "title"]
    list_filter = ["workshop"]
    date_hierarchy = "workshop__start_date"
    search_fields = ["source", "title", "workshop__title"]
    autocomplete_fields = ["workshop"]


@admin.register(RelatedEvent)
class RelatedEventAdmin(WorkshopPartAdmin):
    list_display = ["title", "relation", "workshop", "start_date"]
    list_filter = ["relation", "workshop"]
    date_hierarchy = "start_date"
    search_fields = ["title", "workshop__title"]
    autocomplete_fields = ["workshop", "organizations", "portal_workshop"]


class WorkshopItemAdmin(WorkshopPartAdmin):
    list_display = ["__str__", "workshop", "position"]
    list_filter = ["workshop"]
    # Objectives, agenda items, ... are found by when their workshop was held.
    date_hierarchy = "workshop__start_date"
    autocomplete_fields = ["workshop"]


class WorkshopStatementAdmin(WorkshopItemAdmin):
    # The workshop is declared on each kind, after the base's text: the form keeps its order.
    fields = ["position", "workshop", "text"]
    search_fields = ["text", "workshop__title"]


@admin.register(Objective)
class ObjectiveAdmin(WorkshopStatementAdmin):
    pass


@admin.register(Conclusion)
class ConclusionAdmin(WorkshopStatementAdmin):
    pass


@admin.register(AgendaItem)
class AgendaItemAdmin(WorkshopItemAdmin):
    list_display = ["title", "workshop", "position", "date", "start_time"]
    search_fields = ["title", "speakers", "workshop__title"]


@admin.register(Material)
class MaterialAdmin(WorkshopItemAdmin):
    list_display = ["title", "kind", "workshop", "position"]
    list_filter = ["kind", "workshop"]
    search_fields = ["title", "workshop__title"]
