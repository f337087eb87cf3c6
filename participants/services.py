"""Writes to participants: the participant-list import.

A workshop's participant list arrives as a spreadsheet (CSV or .xlsx). `participant_import_plan`
reads it and works out, without writing anything, which rows add a participation, which update
one and which are bad (with their line number and the reason). `participant_import_apply` writes
a plan that has no bad rows, all of it or none of it, in one transaction.
"""

import csv
import functools
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django_countries import countries
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .models import Organization, Participation, Person

# The columns of the template spreadsheet, in its order, with what each holds.
COLUMNS = {
    "name": "The person's full name. Leave blank for an organization taking part as a whole.",
    "position": "Their position or title.",
    "organization": "The organization they represent.",
    "country": "The country represented: an ISO code (VN) or a name (Viet Nam, Vietnam).",
    "email": "Private: never shown on a public page.",
    "phone": "Private: never shown on a public page.",
    "role": "participant (when blank), speaker, facilitator, organizer, observer or rapporteur.",
    "publish_name": "yes if the person agreed that their name may be published, else no.",
}
REQUIRED_COLUMNS = ("name", "organization", "country")
# The field each free-text column is saved in: a longer value is a bad row at the preview,
# not a refusal (or, updating a person, a database error) at the confirmation.
COLUMN_FIELDS = {
    "name": Person._meta.get_field("name"),
    "position": Person._meta.get_field("position"),
    "organization": Organization._meta.get_field("name"),
    "email": Person._meta.get_field("email"),
    "phone": Person._meta.get_field("phone"),
}
MAX_FILE_BYTES = 5 * 1024 * 1024

# Names staff write that django-countries does not know (it knows "Viet Nam" and "Vietnam").
COUNTRY_ALIASES = {
    "burma": "MM",
    "east timor": "TL",
    "hong kong sar": "HK",
    "hong kong, china": "HK",
    "kingdom of cambodia": "KH",
    "korea, republic of": "KR",
    "lao pdr": "LA",
    "macau": "MO",
    "people's republic of china": "CN",
    "pr china": "CN",
    "republic of korea": "KR",
    "rok": "KR",
    "uk": "GB",
    "united states of america": "US",
}
YES = {"yes", "y", "true", "1", "x"}
NO = {"no", "n", "false", "0", ""}


class ParticipantFileError(Exception):
    """The file as a whole cannot be imported: not a spreadsheet, empty, wrong columns."""


@functools.lru_cache(maxsize=1024)
def country_code(value):
    """The ISO code for a country written as a code or a name; "" for blank; None if unknown."""
    text = re.sub(r"\s+", " ", (value or "").strip())
    if not text:
        return ""
    lowered = text.casefold().removeprefix("the ")
    if lowered in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[lowered]
    return countries.by_name(text) or countries.by_name(lowered) or countries.alpha2(text) or None


def participant_file_rows(*, content: bytes, file_name: str) -> list[tuple[int, dict]]:
    """Read a CSV or .xlsx participant list into (line number, {column: text}) pairs.

    Line 1 is the header row. Rows with no text at all are left out. Raises
    ParticipantFileError when the file cannot be read or its columns are not the template's.
    """
    if not content:
        raise ParticipantFileError("The file is empty.")
    if len(content) > MAX_FILE_BYTES:
        raise ParticipantFileError(
            f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB: split the list."
        )
    extension = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if extension == "xlsx":
        table = _xlsx_table(content)
    elif extension == "csv":
        table = _csv_table(content)
    else:
        raise ParticipantFileError("Upload a .csv or .xlsx file (the template is both).")

    header = None
    rows = []
    for line, cells in table:
        texts = ["" if cell is None else str(cell).strip() for cell in cells]
        if not any(texts):
            continue
        if header is None:
            header = _header(texts, line)
            continue
        rows.append((line, {name: texts[i] if i < len(texts) else "" for i, name in header}))
    if header is None:
        raise ParticipantFileError("The file is empty: it has no header row and no rows.")
    if not rows:
        raise ParticipantFileError("The file has a header row but no participants.")
    return rows


def _xlsx_table(content):
    if not content.startswith(b"PK"):
        raise ParticipantFileError("This is not an Excel (.xlsx) spreadsheet.")
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            rows = sheet.iter_rows(values_only=True)
            return [(line, row) for line, row in enumerate(rows, start=1)]
        finally:
            workbook.close()
    # A damaged file fails in many ways (a bad zip, cut-short XML, a missing part): each
    # means the same to the person uploading it.
    except Exception as error:  # noqa: BLE001
        raise ParticipantFileError(
            "This Excel (.xlsx) file cannot be read: it may be damaged. Save it again from "
            "your spreadsheet program, or as CSV."
        ) from error


def _csv_table(content):
    if b"\x00" in content[:4096]:
        raise ParticipantFileError("This is not a CSV spreadsheet (it holds binary data).")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ParticipantFileError("The CSV file is not UTF-8 text: save it as “CSV UTF-8”.")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return list(enumerate(csv.reader(io.StringIO(text), dialect), start=1))
    except csv.Error as error:
        raise ParticipantFileError(f"The CSV file cannot be read: {error}.") from error


def _header(texts, line):
    names = [re.sub(r"[\s_-]+", "_", text.casefold()).strip("_") for text in texts]
    unknown = [texts[i] for i, name in enumerate(names) if name and name not in COLUMNS]
    missing = [name for name in REQUIRED_COLUMNS if name not in names]
    if unknown or missing:
        parts = []
        if missing:
            parts.append("missing column(s): " + ", ".join(missing))
        if unknown:
            parts.append("unknown column(s): " + ", ".join(unknown))
        raise ParticipantFileError(
            f"Line {line} must be the template's header row ({'; '.join(parts)}). "
            f"The columns are: {', '.join(COLUMNS)}."
        )
    return [(i, name) for i, name in enumerate(names) if name]


@dataclass
class PlannedRow:
    line: int
    action: str  # "add", "update" or "unchanged"
    name: str
    organization_name: str
    country: str
    role: str
    values: dict = field(repr=False, default_factory=dict)


@dataclass
class RowProblem:
    line: int
    reason: str


@dataclass
class ParticipantImportPlan:
    rows: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    def _count(self, action):
        return sum(1 for row in self.rows if row.action == action)

    @property
    def to_add(self):
        return self._count("add")

    @property
    def to_update(self):
        return self._count("update")

    @property
    def unchanged(self):
        return self._count("unchanged")

    @property
    def is_valid(self):
        return not self.problems


class _Records:
    """What the database holds already, looked up by the import's matching keys."""

    def __init__(self, workshop):
        self.people = {}
        for person in Person.objects.all():
            self.people.setdefault(_key(person.name, person.country), []).append(person)
        self.organizations = {
            _key(organization.name, organization.country): organization
            for organization in Organization.objects.all()
        }
        participations = Participation.objects.filter(workshop=workshop)
        self.by_person = {p.person_id: p for p in participations if p.person_id}
        self.by_organization = {p.organization_id: p for p in participations if p.person_id is None}

    def organization(self, name, country):
        """The organization of that name in that country, else an international one of it."""
        return self.organizations.get(_key(name, country)) or self.organizations.get(_key(name, ""))


def _key(name, country):
    return (re.sub(r"\s+", " ", name.strip()).casefold(), str(country or ""))


def _role(text):
    lowered = text.strip().casefold()
    if not lowered:
        return Participation.Role.PARTICIPANT
    for value, label in Participation.Role.choices:
        if lowered in (value, label.casefold()):
            return value
    return None


def participant_import_plan(*, workshop, rows) -> ParticipantImportPlan:
    """Work out what importing `rows` (from `participant_file_rows`) would do. Writes nothing.

    People are matched by name and country, organizations by name and country (or by name
    alone among international bodies); a match is updated, never duplicated.
    """
    records = _Records(workshop)
    plan = ParticipantImportPlan()
    seen = {}
    for line, row in rows:
        reasons = []
        name = re.sub(r"\s+", " ", row.get("name", ""))
        organization_name = re.sub(r"\s+", " ", row.get("organization", ""))
        country = country_code(row.get("country", ""))
        if not name and not organization_name:
            reasons.append("missing name: give a person's name or an organization")
        if country is None:
            reasons.append(f"unknown country “{row['country']}”")
        role = _role(row.get("role", ""))
        if role is None:
            reasons.append(f"unknown role “{row['role']}”")
        consent = row.get("publish_name", "").casefold()
        if consent not in YES | NO:
            reasons.append(f"publish_name must be yes or no, not “{row['publish_name']}”")
        email = row.get("email", "")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                reasons.append(f"invalid email “{email}”")
        for column, saved_in in COLUMN_FIELDS.items():
            if len(row.get(column, "")) > saved_in.max_length:
                reasons.append(f"{column} is longer than {saved_in.max_length} characters")
        if reasons:
            plan.problems.append(RowProblem(line, "; ".join(reasons)))
            continue

        identity = (
            ("person", *_key(name, country)) if name else ("org", *_key(organization_name, country))
        )
        if identity in seen:
            plan.problems.append(RowProblem(line, f"duplicate of line {seen[identity]}"))
            continue
        seen[identity] = line

        values = {
            "position": row.get("position", ""),
            "email": email,
            "phone": row.get("phone", ""),
            "publish_name_consent": consent in YES if consent else None,
        }
        organization = (
            records.organization(organization_name, country) if organization_name else None
        )
        if name:
            matches = records.people.get(_key(name, country), [])
            if len(matches) > 1:
                plan.problems.append(
                    RowProblem(
                        line,
                        f"{len(matches)} people named “{name}” are recorded for this country: "
                        "merge them in the admin first",
                    )
                )
                continue
            person = matches[0] if matches else None
            existing = records.by_person.get(person.pk) if person else None
        else:
            person = None
            existing = records.by_organization.get(organization.pk) if organization else None
        if existing is None:
            action = "add"
        elif _changes(existing, person, organization_name, organization, country, role, values):
            action = "update"
        else:
            action = "unchanged"
        plan.rows.append(PlannedRow(line, action, name, organization_name, country, role, values))
    return plan


def _changes(participation, person, organization_name, organization, country, role, values):
    """Whether applying the row would change the participation or its person."""
    if participation.role != role or participation.country != country:
        return True
    if organization_name and (
        organization is None or participation.organization_id != organization.pk
    ):
        return True
    if person is not None:
        if organization_name and person.organization_id != organization.pk:
            return True
        return any(
            value not in ("", None) and getattr(person, attribute) != value
            for attribute, value in values.items()
        )
    return False


@transaction.atomic
def participant_import_apply(*, workshop, rows, user=None, source_name="") -> ParticipantImportPlan:
    """Import a participant list into `workshop`: all rows or none.

    Plans again against the records as they are now and refuses (ValidationError, nothing
    written) if any row is bad. Creates the organizations and people that are new, updates
    matched people (blank cells never erase what is recorded), adds or updates the
    participations, and saves the workshop so that its version moves on (an editor who has
    it open is told). Every change is kept in the history with `user` and the file's name.
    """
    plan = participant_import_plan(workshop=workshop, rows=rows)
    if not plan.is_valid:
        raise ValidationError(
            [f"Line {problem.line}: {problem.reason}" for problem in plan.problems]
        )
    reason = f"Imported participant list {source_name}".strip()
    history = {"default_user": user, "default_change_reason": reason}
    records = _Records(workshop)

    new_organizations = {}
    used_slugs = set(Organization.objects.values_list("slug", flat=True))
    for row in plan.rows:
        if row.organization_name and not records.organization(row.organization_name, row.country):
            key = _key(row.organization_name, row.country)
            if key not in new_organizations:
                organization = Organization(
                    name=row.organization_name,
                    country=row.country,
                    slug=_unique_slug(f"{row.organization_name} {row.country}", used_slugs),
                )
                organization.full_clean(validate_unique=False, validate_constraints=False)
                new_organizations[key] = organization
    for organization in bulk_create_with_history(
        list(new_organizations.values()), Organization, **history
    ):
        records.organizations[_key(organization.name, organization.country)] = organization

    new_people, changed_people = [], []
    row_people = {}
    for row in plan.rows:
        if not row.name:
            continue
        organization = (
            records.organization(row.organization_name, row.country)
            if row.organization_name
            else None
        )
        matches = records.people.get(_key(row.name, row.country))
        person = matches[0] if matches else Person(name=row.name, country=row.country)
        changed = person.pk is None
        if organization is not None and person.organization_id != organization.pk:
            person.organization = organization
            changed = True
        for attribute, value in row.values.items():
            if value not in ("", None) and getattr(person, attribute) != value:
                setattr(person, attribute, value)
                changed = True
        if person.pk is None:
            person.full_clean(
                exclude=["organization"], validate_unique=False, validate_constraints=False
            )
            new_people.append(person)
        elif changed:
            changed_people.append(person)
        row_people[row.line] = person
    # A bulk update skips `save()`, so `updated` is set here: the outcome reports of every
    # workshop these people attended look at it to know they are out of date.
    now = timezone.now()
    bulk_create_with_history(new_people, Person, **history)
    if changed_people:
        for person in changed_people:
            person.updated = now
        bulk_update_with_history(
            changed_people,
            Person,
            ["organization", "position", "email", "phone", "publish_name_consent", "updated"],
            **history,
        )

    new_participations, changed_participations = [], []
    for row in plan.rows:
        person = row_people.get(row.line)
        organization = (
            records.organization(row.organization_name, row.country)
            if row.organization_name
            else None
        )
        if person is not None:
            participation = records.by_person.get(person.pk)
        else:
            participation = records.by_organization.get(organization.pk)
        if participation is None:
            new_participations.append(
                Participation(
                    workshop=workshop,
                    person=person,
                    organization=organization,
                    country=row.country,
                    role=row.role,
                )
            )
        elif row.action == "update":
            participation.organization = organization or participation.organization
            participation.country = row.country
            participation.role = row.role
            changed_participations.append(participation)
    bulk_create_with_history(new_participations, Participation, **history)
    if changed_participations:
        for participation in changed_participations:
            participation.updated = now
        bulk_update_with_history(
            changed_participations,
            Participation,
            ["organization", "country", "role", "updated"],
            **history,
        )

    workshop._change_reason = reason
    if user is not None:
        workshop._history_user = user
    workshop.save(update_fields=["updated"])
    return plan


def _unique_slug(text, used):
    base = slugify(text)[:150] or "organization"
    slug, number = base, 2
    while slug in used:
        slug = f"{base}-{number}"
        number += 1
    used.add(slug)
    return slug


def participant_template_rows():
    """The template spreadsheet's header row (it has no example rows to import by mistake)."""
    return [list(COLUMNS)]
