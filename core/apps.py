from django.apps import AppConfig, apps
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate

from .permissions import PORTAL_APPS, sync_secretariat_groups
from .records_version import connect_to_records
from .search import fold


def _sync_groups(sender, **kwargs):
    if sender.label in PORTAL_APPS:
        sync_secretariat_groups(apps)


def _register_sqlite_functions(sender, connection, **kwargs):
    """SQLite has no `unaccent`: the search compares text through Python's `fold()`."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("sesn_fold", 1, fold, deterministic=True)


class CoreConfig(AppConfig):
    """The shared base of the portal's apps. It imports nothing of the project."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"

    def ready(self):
        # Permissions for models added after the groups' data migration are granted here;
        # the signal fires once per app, so the last app's run sees every permission.
        post_migrate.connect(_sync_groups, dispatch_uid="core.sync_secretariat_groups")
        connection_created.connect(
            _register_sqlite_functions, dispatch_uid="core.register_sqlite_functions"
        )
        # Every change to a record that public pages show moves the records version on.
        connect_to_records(apps)
