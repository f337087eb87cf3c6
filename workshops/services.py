"""Writes to workshops that have side effects or touch several records."""

import datetime

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import connection, transaction
from django.db.models import FileField
from django.utils import timezone

from recommendations.models import FollowUp, Recommendation

from .history import workshop_child_models
from .models import RelatedEvent, Workshop
from .permissions import PORTAL_APPS


@transaction.atomic
def workshop_publish(*, workshop: Workshop) -> Workshop:
    """Make a workshop public. Sets `published_at` the first time it is published."""
    workshop.status = Workshop.Status.PUBLISHED
    if workshop.published_at is None:
        workshop.published_at = timezone.now()
    workshop.full_clean()
    workshop.save()
    return workshop


@transaction.atomic
def workshop_unpublish(*, workshop: Workshop) -> Workshop:
    """Take a workshop back to draft: the public gets 404 for it until it is published again."""
    workshop.status = Workshop.Status.DRAFT
    workshop.full_clean()
    workshop.save()
    return workshop


# A workshop's records deleted with it are those whose deletion is recorded within this time
# before the workshop's own (Django deletes the dependent records first, in one transaction).
DELETED_WITH_WORKSHOP_WINDOW = datetime.timedelta(seconds=60)


def workshops_deleted():
    """The latest deletion record of each deleted workshop, newest first."""
    deleted = []
    existing = set(Workshop.objects.values_list("pk", flat=True))
    seen = set()
    for record in Workshop.history.order_by("-history_date", "-history_id").select_related(
        "history_user"
    ):
        if record.id in seen or record.id in existing:
            continue
        seen.add(record.id)
        if record.history_type == "-":
            deleted.append(record)
    return deleted


def _restore(record, *, user, reason):
    instance = record.instance
    instance._history_user = user
    instance._change_reason = reason
    instance.full_clean(validate_unique=True)
    instance.save()
    # `created` is set on insert; the record keeps the date it was first created.
    type(instance).objects.filter(pk=instance.pk).update(created=record.created)
    instance.created = record.created
    return instance


def _deleted_with(model, *, since, until, **lookup):
    """Deletion records of `model` in the window whose object is still deleted."""
    records = model.history.filter(
        history_type="-", history_date__gte=since, history_date__lte=until, **lookup
    ).order_by("history_date", "history_id")
    existing = set(
        model.objects.filter(pk__in=[r.id for r in records]).values_list("pk", flat=True)
    )
    latest = {}
    for record in records:
        if record.id not in existing:
            latest[record.id] = record
    return list(latest.values())


def _restore_m2m(instance, deletion_record):
    """Set the many-to-many links an object had just before it was deleted."""
    before = deletion_record.prev_record
    if before is None:
        return
    for field in deletion_record._history_m2m_fields:
        key = field.m2m_reverse_field_name()
        ids = [getattr(row, f"{key}_id") for row in getattr(before, field.name).all()]
        getattr(instance, field.name).set(ids)


@transaction.atomic
def workshop_restore(*, workshop_id: int, user=None) -> dict:
    """Bring back a deleted workshop with everything that was deleted with it.

    Restores, with their original ids and values: the workshop, its organizers, objectives,
    agenda, participations, conclusions, recommendations (with their themes, addressees and
    follow-ups), materials and related events (with their organizers), and re-links the
    related events and follow-ups of other workshops that pointed to it and the records that
    listed it in a many-to-many field with history (news posts' related workshops). Records
    deleted on their own before the workshop are not brought back. Every restore is kept in
    the history with `user`. Raises ValidationError (nothing restored) if the workshop is not
    deleted or a record it needs (its series, a person, an organization) is gone.
    """
    if Workshop.objects.filter(pk=workshop_id).exists():
        raise ValidationError("This workshop is not deleted.")
    deletion = (
        Workshop.history.filter(id=workshop_id).order_by("-history_date", "-history_id").first()
    )
    if deletion is None or deletion.history_type != "-":
        raise ValidationError("There is no deleted workshop with this id.")
    reason = f"Restored with the workshop “{deletion.history_object}”"
    since = deletion.history_date - DELETED_WITH_WORKSHOP_WINDOW
    until = deletion.history_date
    restored = {}

    workshop = _restore(deletion, user=user, reason="Restored after deletion")
    restored[Workshop._meta.verbose_name_plural] = 1
    for model in workshop_child_models():
        records = _deleted_with(model, since=since, until=until, workshop_id=workshop_id)
        for record in records:
            instance = _restore(record, user=user, reason=reason)
            _restore_m2m(instance, record)
            if model is Recommendation:
                for follow_up in _deleted_with(
                    FollowUp, since=since, until=until, recommendation_id=record.id
                ):
                    _restore(follow_up, user=user, reason=reason)
                    restored["follow-ups"] = restored.get("follow-ups", 0) + 1
        if records:
            restored[str(model._meta.verbose_name_plural)] = len(records)

    # Links from other records were set to null by the deletion, which history does not see.
    for model, field in ((RelatedEvent, "portal_workshop"), (FollowUp, "led_to_workshop")):
        ids = set(model.history.filter(**{f"{field}_id": workshop_id}).values_list("id", flat=True))
        for instance in model.objects.filter(pk__in=ids, **{f"{field}__isnull": True}):
            latest = instance.history.order_by("-history_date", "-history_id").first()
            if getattr(latest, f"{field}_id") == workshop_id:
                setattr(instance, field, workshop)
                instance._history_user = user
                instance._change_reason = "Link restored with the workshop"
                instance.save()
    restored.update(_restore_links_to(workshop, user=user))
    return restored


def _restore_links_to(workshop, *, user) -> dict:
    """Give back the links that other records kept to the workshop in a many-to-many field
    (a news post's related workshops): the deletion removed them without a history entry, so
    a record whose latest history entry still lists the workshop had it until then. The
    models are found through the workshop's relations, so that this app names none above it.
    Returns {"links from <records>": how many}."""
    restored = {}
    for relation in Workshop._meta.related_objects:
        if not relation.many_to_many:
            continue
        model, field = relation.related_model, relation.field
        history = getattr(model, "history", None)
        if history is None or field not in history.model._history_m2m_fields:
            continue
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        links = getattr(history.model, field.name).model
        ids = links.objects.filter(**{f"{target}_id": workshop.pk}).values_list(
            f"{source}_id", flat=True
        )
        for instance in model.objects.filter(pk__in=set(ids)).exclude(**{field.name: workshop}):
            latest = instance.history.order_by("-history_date", "-history_id").first()
            if getattr(latest, field.name).filter(**{f"{target}_id": workshop.pk}).exists():
                instance._history_user = user
                instance._change_reason = "Link restored with the workshop"
                getattr(instance, field.name).add(workshop)
                label = f"links from {model._meta.verbose_name_plural}"
                restored[label] = restored.get(label, 0) + 1
    return restored


# Backups: every record of the portal in one JSON file (`export_records`, `import_records`).

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

    Refuses (ValidationError, nothing written) a file that is not such a backup, or a
    database that already holds records or users. Records keep their ids and their history
    as it was: loading writes no new history. Resets the id sequences afterwards.
    """
    if not isinstance(backup, dict) or backup.get("format") != BACKUP_FORMAT:
        raise ValidationError("This file is not an SESN Portal records backup.")
    if backup.get("version") != BACKUP_VERSION:
        raise ValidationError(f"This backup's version {backup.get('version')} is not supported.")
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
                "python", backup.get("records", []), handle_forward_references=True
            ):
                # Loading restores history as it was; saving must not add to it.
                loaded.object.skip_history_when_saving = True
                loaded.save()
                count += 1
                if loaded.deferred_fields:
                    deferred.append(loaded)
            for loaded in deferred:
                loaded.save_deferred_fields()
    except (DeserializationError, LookupError) as error:
        raise ValidationError(f"The backup cannot be loaded: {error}") from error
    connection.check_constraints(table_names=[m._meta.db_table for m in models])
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
    return count
