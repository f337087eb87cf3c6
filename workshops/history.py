"""Reads over the records' history (django-simple-history): what changed, between which versions."""

from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

from participants.models import Participation
from recommendations.models import Recommendation

from .models import (
    AgendaItem,
    Conclusion,
    Material,
    Objective,
    RelatedEvent,
    WorkshopOrganizer,
)


@dataclass
class FieldChange:
    field: str
    old: str
    new: str


def _label(model, field_name):
    try:
        return str(model._meta.get_field(field_name).verbose_name).capitalize()
    except Exception:  # noqa: BLE001 (an m2m history field name is not always a model field)
        return field_name.replace("_", " ").capitalize()


def _shown(record, field_name, value):
    """A value as staff read it: choices by their label, related records by their name."""
    field = record.instance_type._meta.get_field(field_name)
    if field.choices and value not in (None, ""):
        return str(dict(field.flatchoices).get(value, value))
    if field.many_to_many:
        target = field.related_model
        key = field.m2m_reverse_field_name()
        ids = [row[key] if isinstance(row, dict) else getattr(row, key) for row in value or []]
        return ", ".join(str(target.objects.filter(pk=pk).first() or pk) for pk in ids) or "—"
    if field.is_relation and value not in (None, ""):
        target = field.related_model.objects.filter(pk=value).first()
        return str(target) if target else f"#{value} (deleted)"
    return "—" if value in (None, "") else str(value)


def record_changes(newer, older) -> list[FieldChange]:
    """The fields that differ between two historical records of one object."""
    delta = newer.diff_against(older, foreign_keys_are_objs=False)
    return [
        FieldChange(
            _label(newer.instance_type, change.field),
            _shown(older, change.field, change.old),
            _shown(newer, change.field, change.new),
        )
        for change in delta.changes
        if change.field not in ("updated", "version")
    ]


def workshop_child_models():
    """The records that belong to a workshop (foreign key `workshop`) and are edited inline."""
    return [
        WorkshopOrganizer,
        Objective,
        AgendaItem,
        Participation,
        Conclusion,
        Recommendation,
        Material,
        RelatedEvent,
    ]


def _who_and_when(record):
    user = record.history_user or "someone"
    when = timezone.localtime(record.history_date).strftime("%d %b %Y %H:%M")
    return f"{user}, {when}"


def workshop_changes_since(*, workshop, version, since=None) -> list[str]:
    """What others changed in a workshop and its inline records since it was at `version`
    (and, for the inline records, since the time `since` when the editor loaded it).

    One line per change, for the message an editor gets when a save is refused.
    """
    history = workshop.history.order_by("history_date", "history_id")
    # A change made on another record's own admin page moves the version on without a
    # workshop history entry: start from the last entry at or before the loaded version.
    loaded = history.filter(version__lte=version).last()
    if loaded is None:
        return ["This workshop was changed since you opened it."]
    lines = []
    current = workshop.history.order_by("history_date", "history_id").last()
    for change in record_changes(current, loaded):
        lines.append(f"{change.field}: “{change.old}” → “{change.new}”")
    if lines:
        lines[0:0] = [f"The workshop ({_who_and_when(current)}):"]
    for model in workshop_child_models():
        records = model.history.filter(
            workshop_id=workshop.pk,
            history_date__gt=max(since or loaded.history_date, loaded.history_date),
        ).order_by("history_date", "history_id")
        for record in records:
            name = model._meta.verbose_name
            if record.history_type == "+":
                lines.append(f"Added {name} “{_name(record)}” ({_who_and_when(record)})")
            elif record.history_type == "-":
                lines.append(f"Deleted {name} “{_name(record)}” ({_who_and_when(record)})")
            else:
                previous = record.prev_record
                changes = record_changes(record, previous) if previous else []
                detail = "; ".join(f"{c.field}: “{c.old}” → “{c.new}”" for c in changes)
                lines.append(
                    f"Changed {name} “{_name(record)}”"
                    f"{': ' + detail if detail else ''} ({_who_and_when(record)})"
                )
    return lines


def _name(record):
    """A historical record's name; its own id where the name needs a record that is gone."""
    try:
        return str(record.history_object)
    except ObjectDoesNotExist:
        return f"{record.instance_type._meta.verbose_name} #{record.id}"


def workshop_part_changes(*, workshop_id, limit=100) -> list:
    """The latest history entries of a workshop's parts (objectives, participations, ...),
    newest first, each with `part_label` set to what kind of part it is."""
    entries = []
    for model in workshop_child_models():
        records = (
            model.history.filter(workshop_id=workshop_id)
            .select_related("history_user")
            .order_by("-history_date", "-history_id")[:limit]
        )
        for record in records:
            record.part_label = model._meta.verbose_name
            record.part_opts = model._meta
            record.part_name = _name(record)
            entries.append(record)
    entries.sort(key=lambda record: record.history_date, reverse=True)
    return entries[:limit]
