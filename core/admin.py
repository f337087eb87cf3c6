from django.contrib import admin

from .models import SeedLoad


@admin.register(SeedLoad)
class SeedLoadAdmin(admin.ModelAdmin):
    """Which parts of the seed records this database has loaded: `load_seed_records` writes
    them, and skips a part listed here."""

    list_display = ["part", "source", "outcome", "loaded_at"]
    readonly_fields = ["part", "source", "outcome", "loaded_at", "note"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
