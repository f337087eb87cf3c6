"""Deleted workshops, and bringing one back with everything deleted with it, across the apps
that hold its parts (participants, recommendations and their follow-ups, news posts' links)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from recommendations.models import FollowUp, Recommendation
from workshops.history import workshop_child_models
from workshops.models import RelatedEvent, Workshop

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
