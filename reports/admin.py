from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.html import format_html

from core.admin_base import ActionSelectionChecked

from .content import report_stamps
from .models import WorkshopReport
from .services import report_queue_in_use, report_regenerate_later, report_state_said


class WorkshopReportChangeList(ChangeList):
    """The page of workshops, each with its report's stamp as the records now give it: a
    dozen queries for the whole page, where `report_state` per row would take a dozen each."""

    def get_results(self, request):
        super().get_results(request)
        stamps = report_stamps(workshops=self.result_list)
        for workshop in self.result_list:
            workshop.current_stamp = stamps[workshop.pk]


@admin.register(WorkshopReport)
class WorkshopReportAdmin(ActionSelectionChecked, admin.ModelAdmin):
    """Every workshop with the state of its outcome report; staff regenerate reports here."""

    list_display = [
        "workshop",
        "status",
        "report_state",
        "generated_at",
        "page_count",
        "preview_link",
        "download_link",
    ]
    list_filter = ["status"]
    search_fields = ["title", "short_title", "slug"]
    actions = ["regenerate_report"]
    list_select_related = ["series", "stored_report"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # The records are edited under Workshops; this list only shows and regenerates.
        return False

    @admin.display(description="workshop", ordering="-start_date")
    def workshop(self, workshop):
        return f"{workshop.short_title or workshop.full_title} ({workshop.start_date:%Y})"

    def get_changelist(self, request, **kwargs):
        return WorkshopReportChangeList

    @admin.display(description="report")
    def report_state(self, workshop):
        """As `reports.services.report_state` says it, but from the stored report and the
        stamp read for the whole page. Where the stamp differs, the list does not read every
        record to compare fingerprints (that is what a download does): it says "Out of date
        (records changed)", even for a change that the report does not show, until the next
        download or regeneration brings the stamp up to date."""
        stored = getattr(workshop, "stored_report", None)
        return report_state_said(
            stored,
            up_to_date=stored is not None and stored.stamp == workshop.current_stamp,
            out_of_date="Out of date (records changed)",
        )

    @admin.display(description="generated")
    def generated_at(self, workshop):
        stored = getattr(workshop, "stored_report", None)
        return stored.generated_at if stored else "–"

    @admin.display(description="pages")
    def page_count(self, workshop):
        stored = getattr(workshop, "stored_report", None)
        return stored.page_count if stored else "–"

    @admin.display(description="preview")
    def preview_link(self, workshop):
        url = reverse("reports:workshop-report-preview", kwargs={"slug": workshop.slug})
        return format_html('<a href="{}">Preview</a>', url)

    @admin.display(description="PDF")
    def download_link(self, workshop):
        url = reverse("reports:workshop-report", kwargs={"slug": workshop.slug})
        return format_html('<a href="{}">Download</a>', url)

    def has_regenerate_permission(self, request):
        return request.user.has_perm("reports.change_workshopreport")

    @admin.action(description="Regenerate report", permissions=["regenerate"])
    def regenerate_report(self, request, queryset):
        # Rendering a large report takes minutes: never inside the request.
        workshops = list(queryset)
        for workshop in workshops:
            report_regenerate_later(workshop=workshop)
        where = " on the report workers" if report_queue_in_use() else ""
        self.message_user(
            request,
            f"Regeneration queued{where} for {len(workshops)} report"
            f"{pluralize(len(workshops))}; refresh this page in a moment to see the result.",
            messages.INFO,
        )
