"""Reads over a workshop's history and its parts': who changed what, since which version."""

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist

from core.history import change_line, record_changes, who_and_when

# The records that belong to a workshop (foreign key `workshop`) and are edited inline, in
# the order of the workshop's admin form. Named by label, as foreign keys name them: the
# participants and recommendations apps build on this one, not the other way round.
WORKSHOP_PARTS = (
    "workshops.WorkshopOrganizer",
    "workshops.WorkshopNumbering",
    "workshops.Objective",
    "workshops.AgendaItem",
    "participants.Participation",
    "workshops.Conclusion",
    "recommendations.Recommendation",
    "workshops.Material",
    "workshops.RelatedEvent",
)


def workshop_child_models():
    """The records that belong to a workshop and are edited inline (`WORKSHOP_PARTS`)."""
    return [apps.get_model(label) for label in WORKSHOP_PARTS]


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
        lines.append(change_line(change))
    if lines:
        lines[0:0] = [f"The workshop ({who_and_when(current)}):"]
    for model in workshop_child_models():
        records = model.history.filter(
            workshop_id=workshop.pk,
            history_date__gt=max(since or loaded.history_date, loaded.history_date),
        ).order_by("history_date", "history_id")
        for record in records:
            name = model._meta.verbose_name
            if record.history_type == "+":
                lines.append(f"Added {name} “{_name(record)}” ({who_and_when(record)})")
            elif record.history_type == "-":
                lines.append(f"Deleted {name} “{_name(record)}” ({who_and_when(record)})")
            else:
                previous = record.prev_record
                changes = record_changes(record, previous) if previous else []
                detail = "; ".join(change_line(change) for change in changes)
                lines.append(
                    f"Changed {name} “{_name(record)}”"
                    f"{': ' + detail if detail else ''} ({who_and_when(record)})"
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
