"""The workshop's admin page, assembled here at the top: it edits parts that several apps own
(participations, recommendations) and offers jobs over all of them (the participant import,
restoring a deleted workshop, data quality). Each app keeps its own part; this puts them
together, so that no app below imports one beside or above it."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from participants.admin import ParticipantImportAdmin, ParticipationInline
from recommendations.admin import RecommendationInline
from workshops import admin as workshops_admin
from workshops.models import Workshop

from .data_quality import data_quality_checks
from .restore import workshop_restore, workshops_deleted

admin.site.site_header = "SESN Portal: secretariat"
admin.site.site_title = "SESN Portal admin"
admin.site.index_title = "The network's records"


def _admin_change_url(record):
    return reverse(
        f"admin:{record._meta.app_label}_{record._meta.model_name}_change", args=[record.pk]
    )


class DeletedWorkshopsAdmin:
    """Deleted workshops, and restoring one with everything deleted with it."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("deleted/", view(self.deleted_view), name="workshops_workshop_deleted"),
            path(
                "deleted/<int:workshop_id>/restore/",
                view(require_POST(self.restore_view)),
                name="workshops_workshop_restore",
            ),
            *super().get_urls(),
        ]

    def deleted_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        context = self._context(
            request,
            "Deleted workshops",
            deleted=workshops_deleted(),
            can_restore=self.has_add_permission(request),
        )
        return TemplateResponse(request, "admin/workshops/workshop/deleted.html", context)

    def restore_view(self, request, workshop_id):
        if not self.has_add_permission(request):
            raise PermissionDenied
        try:
            restored = workshop_restore(workshop_id=workshop_id, user=request.user)
        except ValidationError as error:
            self.message_user(request, f"Not restored: {' '.join(error.messages)}", messages.ERROR)
            return HttpResponseRedirect(reverse("admin:workshops_workshop_deleted"))
        summary = ", ".join(f"{count} {name}" for name, count in restored.items())
        self.message_user(request, f"Restored {summary}.", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:workshops_workshop_change", args=[workshop_id]))


class DataQualityAdmin:
    """What needs attention across the records."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "data-quality/",
                view(self.data_quality_view),
                name="workshops_workshop_data_quality",
            ),
            *super().get_urls(),
        ]

    def data_quality_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        checks = data_quality_checks()
        for check in checks:
            check.items = [
                (record, _admin_change_url(record), detail) for record, detail in check.items
            ]
        context = self._context(request, "Data quality: what needs attention", checks=checks)
        return TemplateResponse(request, "admin/workshops/workshop/data_quality.html", context)


@admin.register(Workshop)
class WorkshopAdmin(
    ParticipantImportAdmin, DeletedWorkshopsAdmin, DataQualityAdmin, workshops_admin.WorkshopAdmin
):
    inlines = [
        workshops_admin.WorkshopOrganizerInline,
        workshops_admin.WorkshopNumberingInline,
        workshops_admin.ObjectiveInline,
        workshops_admin.AgendaItemInline,
        ParticipationInline,
        workshops_admin.ConclusionInline,
        RecommendationInline,
        workshops_admin.MaterialInline,
        workshops_admin.RelatedEventInline,
    ]
