from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group

from .admin_base import ActionSelectionChecked
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


# Django's own user and group lists, with their actions refusing a selection that is not of
# record ids as the portal's lists do (Django's filter on it fails with a 500).
User = get_user_model()
for model, model_admin in ((User, UserAdmin), (Group, GroupAdmin)):
    admin.site.unregister(model)
    admin.site.register(
        model, type(model_admin.__name__, (ActionSelectionChecked, model_admin), {})
    )
