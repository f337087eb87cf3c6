"""Backups: every record of the portal in one JSON file (`export_records`, `import_records`)."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connection, transaction
from django.db.models import FileField
from django.utils import timezone

from core.permissions import PORTAL_APPS

BACKUP_FORMAT = "sesn-portal-records"
BACKUP_VERSION = 1


def _backup_models():
    """The models a backup holds, in an order that loads: users, then the portal's records
    (natural-key targets first), then their history."""
    records, history = [], []
    for label in PORTAL_APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.proxy or not model._meta.managed:
                continue
            is_history = model.__name__.startswith("Historical")
            (history if is_history else records).append(model)
    app_list = [(apps.get_app_config("workshops"), records)]
    return [Group, get_user_model(), *serializers.sort_dependencies(app_list), *history]


def records_export() -> dict:
    """Every record (users, the portal's records and their history) as one JSON-ready dict.

    Records keep their ids, so that their history still points at them; references to records
    with a natural key (workshops, series, organizations, themes, users' groups) are written
    as that key. `media_files` lists the uploaded files the records name: copy MEDIA_ROOT too.
    """
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            # One consistent snapshot, whatever staff save meanwhile.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        records, media_files = [], set()
        for model in _backup_models():
            queryset = model._default_manager.order_by("pk")
            is_history = model.__name__.startswith("Historical")
            records += serializers.serialize(
                "python",
                queryset,
                use_natural_foreign_keys=not is_history,
                use_natural_primary_keys=model is Group,
            )
            if not is_history:
                for field in model._meta.concrete_fields:
                    if isinstance(field, FileField):
                        media_files.update(
                            queryset.exclude(**{field.name: ""}).values_list(field.name, flat=True)
                        )
    return {
        "format": BACKUP_FORMAT,
        "version": BACKUP_VERSION,
        "exported_at": timezone.now().isoformat(),
        "media_files": sorted(media_files),
        "records": records,
    }


@transaction.atomic
def records_import(*, backup: dict) -> int:
    """Load a backup made by `records_export` into an empty database; returns the count.

    Refuses (ValidationError, nothing written) a file that is not such a backup, one that is
    damaged or from another version of the portal's records, one whose records the database
    refuses, or a database that already holds records or users. Records keep their ids and
    their history as it was: loading writes no new history. Resets the id sequences afterwards.
    """
    if not isinstance(backup, dict) or backup.get("format") != BACKUP_FORMAT:
        raise ValidationError("This file is not an SESN Portal records backup.")
    if backup.get("version") != BACKUP_VERSION:
        raise ValidationError(
            f"This backup's version {backup.get('version')!r} is not supported "
            f"(this portal reads version {BACKUP_VERSION})."
        )
    records = backup.get("records", [])
    if not isinstance(records, list) or not all(
        isinstance(record, dict) and isinstance(record.get("fields"), dict) for record in records
    ):
        raise ValidationError(
            "This backup is damaged: its records are not a list of records with their fields."
        )
    media_files = backup.get("media_files", [])
    if not isinstance(media_files, list) or not all(isinstance(n, str) for n in media_files):
        raise ValidationError("This backup is damaged: its media files are not a list of names.")
    models = _backup_models()
    holding = [m._meta.label for m in models if m is not Group and m._default_manager.exists()]
    if holding:
        raise ValidationError(
            "The database is not empty (it holds " + ", ".join(holding[:5]) + "): "
            "load a backup into a freshly migrated database, without the seed records."
        )
    count = 0
    try:
        with connection.constraint_checks_disabled():
            deferred = []
            for loaded in serializers.deserialize(
                "python", records, handle_forward_references=True
            ):
                # Loading restores history as it was; saving must not add to it.
                loaded.object.skip_history_when_saving = True
                loaded.save()
                count += 1
                if loaded.deferred_fields:
                    deferred.append(loaded)
            for loaded in deferred:
                loaded.save_deferred_fields()
        connection.check_constraints(table_names=[m._meta.db_table for m in models])
    except FieldDoesNotExist as error:
        raise ValidationError(
            f"This backup was written by another version of the portal ({error}): load it "
            "with the version that wrote it, then migrate."
        ) from error
    # A record the database refuses: a required value missing, a value too long for its
    # field, a reference to a record the backup does not hold (DatabaseError); a NUL in a
    # text, which psycopg2 refuses before sending it (ValueError). Nothing is kept of it.
    except (DeserializationError, LookupError, DatabaseError, ValueError) as error:
        raise ValidationError(f"The backup cannot be loaded: {error}") from error
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
    return count
