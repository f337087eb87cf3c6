"""Changelist exports (CSV, Excel) of organizations, people and participations."""

from import_export import fields

from core.resources import PortalResource

from .models import Organization, Participation, Person


class OrganizationResource(PortalResource):
    parent = fields.Field(attribute="parent__name", column_name="parent")

    class Meta:
        model = Organization
        fields = ["id", "name", "acronym", "slug", "kind", "country", "parent", "website"]
        export_order = fields


class PersonResource(PortalResource):
    organization = fields.Field(attribute="organization__name", column_name="organization")

    class Meta:
        model = Person
        fields = [
            "id",
            "name",
            "position",
            "organization",
            "country",
            "email",
            "phone",
            "publish_name_consent",
        ]
        export_order = fields


class ParticipationResource(PortalResource):
    workshop = fields.Field(attribute="workshop__slug", column_name="workshop")
    person = fields.Field(attribute="person__name", column_name="name")
    organization = fields.Field(attribute="organization__name", column_name="organization")

    class Meta:
        model = Participation
        fields = ["id", "workshop", "person", "organization", "country", "role", "delegation_size"]
        export_order = fields
