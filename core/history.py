"""Reads over any record's history (django-simple-history): what changed between two versions."""

from dataclasses import dataclass

from django.utils import timezone


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


def who_and_when(record) -> str:
    """Who made a historical record and when, as an editor reads it: "editor, 30 Nov 2026 21:40"."""
    user = record.history_user or "someone"
    when = timezone.localtime(record.history_date).strftime("%d %b %Y %H:%M")
    return f"{user}, {when}"


def change_line(change: FieldChange) -> str:
    return f"{change.field}: “{change.old}” → “{change.new}”"


def latest_version_id(model, pk):
    """The id of the newest historical record of one object (None when it has none)."""
    return (
        model.history.filter(**{model._meta.pk.attname: pk})
        .order_by("-history_id")
        .values_list("history_id", flat=True)
        .first()
    )


def changes_since(model, pk, version_id) -> list[str]:
    """What was changed in one object since its historical record `version_id`, one line a
    change, for the message an editor gets when their save is refused."""
    versions = model.history.filter(**{model._meta.pk.attname: pk})
    current = versions.order_by("-history_id").first()
    opened = versions.filter(history_id=version_id).first() if version_id else None
    if current is None or opened is None:
        return ["This form did not say which version it was opened at."]
    saves = versions.filter(history_id__gt=opened.history_id).count()
    saved = (
        f"Saved by {who_and_when(current)}"
        if saves == 1
        else f"Saved {saves} times since, last by {who_and_when(current)}"
    )
    lines = [change_line(change) for change in record_changes(current, opened)]
    if not lines:
        return [f"{saved}, with no change to the fields on this form."]
    return [f"{saved}:", *lines]
