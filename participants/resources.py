"""Changelist exports (CSV, Excel) of organizations, people and participations."""

from import_export import fields, resources

from .models import Organization, Participation, Person


class OrganizationResource(resources.ModelResource):
    parent = fields.Field(attribute="parent__name", column_name="parent")

    class Meta:
        model = Organization
        fields = ["id", "name", "acronym", "slug", "kind", "country", "parent", "website"]
        export_order = fields


class PersonResource(resources.ModelResource):
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


class ParticipationResource(resources.ModelResource):
    workshop = fields.Field(attribute="workshop__slug", column_name="workshop")
    person = fields.Field(attribute="person__name", column_name="name")
    organization = fields.Field(attribute="organization__name", column_name="organization")

    class Meta:
        model = Participation
        fields = ["id", "workshop", "person", "organization", "country", "role"]
        export_order = fields
