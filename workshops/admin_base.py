"""What every portal admin shares: history with compare and revert, and export to CSV and Excel."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, XLSX
from simple_history.admin import SimpleHistoryAdmin

from .history import record_changes


class PortalAdmin(ExportMixin, SimpleHistoryAdmin):
    """A record's admin: changelist export (CSV, Excel), history, compare two versions, revert.

    Simple-history provides the history list and the revert form (a past version opened from
    the list and saved); this adds a page that compares any two versions.
    """

    export_formats = [CSV, XLSX]
    object_history_template = "admin/sesn/object_history.html"

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.history_compare_view),
                name="{}_{}_history_compare".format(*info),
            ),
            *super().get_urls(),
        ]

    def history_compare_view(self, request, object_id):
        history = self.model.history
        records = history.filter(**{self.opts.pk.attname: object_id})
        try:
            ids = sorted({int(request.GET["older"]), int(request.GET["newer"])})
        except (KeyError, ValueError):
            raise Http404("Choose two versions to compare.") from None
        older = get_object_or_404(records, history_id=ids[0])
        newer = get_object_or_404(records, history_id=ids[-1])
        if older.history_date > newer.history_date:
            older, newer = newer, older
        obj = self.model.objects.filter(pk=older.instance.pk).first() or newer.instance
        if not self.has_view_history_or_change_history_permission(request, obj):
            raise PermissionDenied
        info = self.opts.app_label, self.opts.model_name
        context = {
            **self.admin_site.each_context(request),
            "title": f"Compare two versions: {obj}",
            "opts": self.opts,
            "object": obj,
            "older": older,
            "newer": newer,
            "changes": record_changes(newer, older),
            "history_url": reverse("admin:{}_{}_history".format(*info), args=[object_id]),
            "revert_url": reverse(
                "admin:{}_{}_simple_history".format(*info), args=[object_id, older.history_id]
            ),
            "can_revert": not self.revert_disabled(request, obj),
        }
        return TemplateResponse(request, "admin/sesn/history_compare.html", context)
