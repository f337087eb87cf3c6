from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate

from .permissions import PORTAL_APPS, sync_secretariat_groups
from .records_version import connect_to_records


def _sync_groups(sender, **kwargs):
    if sender.label in PORTAL_APPS:
        sync_secretariat_groups(apps)


class CoreConfig(AppConfig):
    """The shared base of the portal's apps. It imports nothing of the project."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"

    def ready(self):
        # Permissions for models added after the groups' data migration are granted here;
        # the signal fires once per app, so the last app's run sees every permission.
        post_migrate.connect(_sync_groups, dispatch_uid="core.sync_secretariat_groups")
        # Every change to a record that public pages show moves the records version on.
        connect_to_records(apps)
