from django.apps import AppConfig, apps
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from .permissions import PORTAL_APPS, sync_secretariat_groups
from .records_version import record_saved_or_deleted, records_linked


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
        # Every change to a record of the portal's apps moves the records version on (the
        # receivers keep to PORTAL_APPS' models that public pages show).
        for signal in (post_save, post_delete):
            signal.connect(record_saved_or_deleted, dispatch_uid="core.records_version")
        m2m_changed.connect(records_linked, dispatch_uid="core.records_version")
