"""Loading seed records once per database: the machinery each app's seed records use.

A part of the seed records (the workshop records, the news post) is loaded by
`seed_part_load(part=..., source=..., ensure=...)`: `ensure(result)` creates what is missing
with `record_ensure`, and a `SeedLoad` marks the part as loaded, so that later runs change
nothing whatever staff have edited or deleted since.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import SeedLoad

# The source document the portal's real records come from (sources/).
SOURCE_DOCUMENT = "000_f24b0c148533ab4d.txt"


@dataclass
class SeedResult:
    """What one load of a part created, and what it found already there."""

    created: list = field(default_factory=list)
    found: list = field(default_factory=list)


@dataclass
class SeedOutcome:
    """What `seed_part_load` did: `marker` is the part's SeedLoad, new or found."""

    marker: SeedLoad
    already_loaded: bool = False
    created: list = field(default_factory=list)


def record_ensure(result, model, lookup, values):
    """Return the record found by `lookup`; create it from `values` only if there is none."""
    existing = model.objects.filter(**lookup).first()
    if existing is not None:
        result.found.append(existing)
        return existing
    record = model(**lookup, **values)
    record.full_clean()
    record.save()
    result.created.append(record)
    return record


class _FoundInPart(Exception):
    """Some of a part's records were there and some not: staff have edited the part."""


def _described(records):
    return "; ".join(f"{record._meta.verbose_name} {record}" for record in records)


@transaction.atomic
def seed_part_load(*, part, source, ensure) -> SeedOutcome:
    """Load one part of the seed records, once per database.

    If the part has a SeedLoad, nothing is done. Otherwise `ensure(result)` creates the part's
    records that are missing, and a SeedLoad is written in the same transaction. A database
    loaded before SeedLoad existed has the records but no SeedLoad: if all of them are found
    nothing is created; if only some are found (staff renamed or deleted the others), or
    creating one conflicts with a staff edit (ValidationError, IntegrityError), nothing is
    created either. Either way the part is recorded as loaded and the note says what was met.
    """
    marker = SeedLoad.objects.filter(part=part).first()
    if marker is not None:
        return SeedOutcome(marker=marker, already_loaded=True)
    result = SeedResult()
    note = ""
    try:
        with transaction.atomic():
            ensure(result)
            if result.created and result.found:
                raise _FoundInPart
    except _FoundInPart:
        note = "Not found as loaded, so not created again: " + _described(result.created)
    except ValidationError as error:
        note = "Creating the missing records conflicts with a staff edit: " + " ".join(
            error.messages
        )
    except IntegrityError as error:
        note = f"Creating the missing records conflicts with a staff edit: {error}"
    if note:
        outcome, created = SeedLoad.Outcome.FOUND_EDITED, []
    elif result.found:
        outcome, created = SeedLoad.Outcome.FOUND, []
    else:
        outcome, created = SeedLoad.Outcome.LOADED, result.created
    marker = SeedLoad(
        part=part, source=source, loaded_at=timezone.now(), outcome=outcome, note=note
    )
    marker.full_clean()
    marker.save()
    return SeedOutcome(marker=marker, created=created)
