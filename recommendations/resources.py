"""Changelist exports (CSV, Excel) of recommendations and follow-ups."""

from import_export import fields

from core.resources import PortalResource

from .models import FollowUp, Recommendation


class RecommendationResource(PortalResource):
    workshop = fields.Field(attribute="workshop__slug", column_name="workshop")
    status = fields.Field(attribute="status_label", column_name="follow-up status")

    class Meta:
        model = Recommendation
        fields = ["id", "workshop", "number", "short_title", "text", "status"]
        export_order = fields


class FollowUpResource(PortalResource):
    workshop = fields.Field(attribute="recommendation__workshop__slug", column_name="workshop")
    recommendation = fields.Field(
        attribute="recommendation__short_title", column_name="recommendation"
    )

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "workshop",
            "recommendation",
            "date",
            "status",
            "action",
            "evidence_url",
            "led_to_project",
        ]
        export_order = fields
