from django.contrib import admin

from workshops.admin_base import PortalAdmin, WorkshopPartAdmin

from .models import Organization, Participation, Person
from .resources import OrganizationResource, ParticipationResource, PersonResource


@admin.register(Organization)
class OrganizationAdmin(PortalAdmin):
    resource_classes = [OrganizationResource]
    list_display = ["name", "acronym", "kind", "country", "parent", "updated"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "acronym", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    # The parent is optional: Django's own select_related() follows only required keys.
    list_select_related = ["parent"]
    date_hierarchy = "created"


@admin.register(Person)
class PersonAdmin(PortalAdmin):
    resource_classes = [PersonResource]
    list_display = ["name", "position", "organization", "country", "publish_name_consent"]
    list_filter = ["publish_name_consent", "country"]
    search_fields = ["name", "position", "organization__name", "email"]
    autocomplete_fields = ["organization"]
    list_select_related = ["organization"]
    date_hierarchy = "created"


@admin.register(Participation)
class ParticipationAdmin(WorkshopPartAdmin):
    resource_classes = [ParticipationResource]
    list_display = ["__str__", "workshop", "country", "role"]
    list_filter = ["role", "country", "workshop"]
    search_fields = ["person__name", "organization__name", "workshop__title"]
    autocomplete_fields = ["workshop", "person", "organization"]
    list_select_related = ["workshop", "person", "organization"]
    date_hierarchy = "created"
