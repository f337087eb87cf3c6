"""What the admin of every part of a workshop shares."""

from django.db.models import F

from core.admin_base import PortalAdmin

from .models import Workshop


class WorkshopPartAdmin(PortalAdmin):
    """The admin of a record that the workshop form also edits inline (an objective, ...).

    Saving or deleting one here moves its workshop's version on, so that an editor who has
    the workshop open is told on save instead of overwriting this change from the inline.
    """

    def _touch_workshops(self, *workshop_ids):
        ids = {pk for pk in workshop_ids if pk}
        Workshop.objects.filter(pk__in=ids).update(version=F("version") + 1)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._touch_workshops(obj.workshop_id, form.initial.get("workshop"))

    def delete_model(self, request, obj):
        workshop_id = obj.workshop_id
        super().delete_model(request, obj)
        self._touch_workshops(workshop_id)

    def delete_queryset(self, request, queryset):
        workshop_ids = list(queryset.values_list("workshop_id", flat=True))
        super().delete_queryset(request, queryset)
        self._touch_workshops(*workshop_ids)
