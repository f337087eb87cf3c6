"""The workshops' changelist export."""

from import_export import fields

from core.resources import PortalResource

from .models import Workshop


class WorkshopResource(PortalResource):
    series = fields.Field(attribute="series__name", column_name="series")

    class Meta:
        model = Workshop
        fields = [
            "id",
            "series",
            "edition",
            "title",
            "slug",
            "start_date",
            "end_date",
            "date_precision",
            "city",
            "country",
            "venue",
            "status",
            "recorded_participants",
            "recorded_countries",
            "recorded_region",
            "recorded_figures_explanation",
            "report_title",
        ]
        export_order = fields
