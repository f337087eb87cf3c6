"""Writes to participants: the participant-list import.

A workshop's participant list arrives as a spreadsheet (CSV or .xlsx). `participant_file_rows`
reads it within limits (the file's size, rows and columns; what an .xlsx unpacks to), stopping
at the first row over one. `participant_import_plan` works out, without writing anything,
which rows add a participation, which update one, which are bad (with their line number and
the reason), and what each would change in a person already recorded. `participant_import_apply`
writes a plan that has no bad rows, all of it or none of it, in one transaction, and only if it
is still the plan the editor previewed (its `fingerprint`). Keeping the upload between preview
and confirmation is in `imports.py`.
"""

import codecs
import csv
import functools
import hashlib
import io
import json
import re
import zipfile
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils import timezone
from django_countries import countries
from django_countries.data import COUNTRIES
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.records_version import records_changed
from core.search import fold
from core.slugs import slug_from
from workshops.models import Workshop, ordinal

from .models import SMALLEST_DELEGATION, Organization, Participation, Person

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
    "headcount": "For a country's delegation (a row with a country only, no name and no "
    "organization): how many it numbered, where the source says.",
}
REQUIRED_COLUMNS = ("name", "organization", "country")
# Cells further right than this are never read; a row with text there is refused.
MAX_COLUMNS = 50
# What an .xlsx may unpack to (its XML parts together); a 5,000-row list is a few megabytes.
MAX_XLSX_UNPACKED_BYTES = 50 * 1024 * 1024
# The field each free-text column is saved in: a longer value is a bad row at the preview,
# not a refusal (or, updating a person, a database error) at the confirmation.
COLUMN_FIELDS = {
    "name": Person._meta.get_field("name"),
    "position": Person._meta.get_field("position"),
    "organization": Organization._meta.get_field("name"),
    "email": Person._meta.get_field("email"),
    "phone": Person._meta.get_field("phone"),
}

# The largest headcount a delegation may have: what the field holds on every database
# Django supports (PostgreSQL's `integer`; SQLite would take more), far above any real
# delegation.
HEADCOUNT_MAX = BaseDatabaseOperations.integer_field_ranges[
    Participation._meta.get_field("delegation_size").get_internal_type()
][1]

# Names people write that django-countries does not know: aliases, abbreviations and the
# official names of the countries the network works with. Keys as `_country_key` leaves them.
COUNTRY_ALIASES = {
    "america": "US",
    "britain": "GB",
    "brunei darussalam": "BN",
    "burma": "MM",
    "commonwealth of australia": "AU",
    "democratic people's republic of korea": "KP",
    "democratic republic of timor-leste": "TL",
    "democratic socialist republic of sri lanka": "LK",
    "dprk": "KP",
    "east timor": "TL",
    "federal democratic republic of nepal": "NP",
    "federal republic of germany": "DE",
    "french republic": "FR",
    "great britain": "GB",
    "holland": "NL",
    "hong kong sar": "HK",
    "hong kong, china": "HK",
    "islamic republic of pakistan": "PK",
    "ivory coast": "CI",
    "kingdom of bhutan": "BT",
    "kingdom of cambodia": "KH",
    "kingdom of the netherlands": "NL",
    "kingdom of thailand": "TH",
    "korea": "KR",
    "korea, republic of": "KR",
    "lao pdr": "LA",
    "lao people's democratic republic": "LA",
    "macau": "MO",
    "macao sar": "MO",
    "mainland china": "CN",
    "nation of brunei": "BN",
    "people's republic of bangladesh": "BD",
    "people's republic of china": "CN",
    "pr china": "CN",
    "prc": "CN",
    "republic of china": "TW",
    "republic of india": "IN",
    "republic of indonesia": "ID",
    "republic of korea": "KR",
    "republic of maldives": "MV",
    "republic of singapore": "SG",
    "republic of the philippines": "PH",
    "republic of the union of myanmar": "MM",
    "rok": "KR",
    "russian federation": "RU",
    "socialist republic of viet nam": "VN",
    "socialist republic of vietnam": "VN",
    "south korea": "KR",
    "turkey": "TR",
    "uae": "AE",
    "uk": "GB",
    "united states": "US",
    "united states of america": "US",
    "us": "US",
    "usa": "US",
}
YES = {"yes", "y", "true", "1", "x"}
NO = {"no", "n", "false", "0", ""}


class ParticipantFileError(Exception):
    """The file as a whole cannot be imported: not a spreadsheet, empty, wrong columns."""


def _country_key(name):
    """A country's name as compared: no case, accents, full stops or leading "the"
    ("The U.S.A." -> "usa", "Côte d'Ivoire" -> "cote d'ivoire")."""
    key = fold(str(name)).replace(".", "").replace("\u2019", "'")
    return re.sub(r"\s+", " ", key).strip().removeprefix("the ")


def _iso_name_in_reading_order(name):
    """ "Korea (the Republic of)" -> "the Republic of Korea"; "Tanzania, United Republic of"
    -> "United Republic of Tanzania": the official form of an ISO list name."""
    if match := re.fullmatch(r"(.+?) \((.+ of)\)", name):
        return f"{match[2]} {match[1]}"
    if match := re.fullmatch(r"(.+?), (.+ of)", name):
        return f"{match[2]} {match[1]}"
    return None


@functools.cache
def _country_names():
    """{`_country_key` of a name: code}: django-countries' names (its common, ISO and old
    names), their official forms, and COUNTRY_ALIASES."""
    names = {}
    for code, name in countries:
        iso_names = [name, dict(COUNTRIES).get(code, ""), *countries.OLD_NAMES.get(code, [])]
        for candidate in iso_names:
            for form in (candidate, _iso_name_in_reading_order(str(candidate))):
                if form:
                    names.setdefault(_country_key(form), code)
    names.update(COUNTRY_ALIASES)
    return names


@functools.lru_cache(maxsize=1024)
def country_code(value):
    """The ISO code for a country written as a code or a name; "" for blank; None if unknown.

    Names: django-countries' ("Vietnam", "Viet Nam"), their official forms ("Republic of
    Korea"), and the short names and aliases people write (COUNTRY_ALIASES: "United States",
    "USA"), whatever the case, accents and full stops.
    """
    text = re.sub(r"\s+", " ", (value or "").strip())
    if not text:
        return ""
    return _country_names().get(_country_key(text)) or countries.alpha2(text) or None


def participant_file_rows(*, content: bytes, file_name: str) -> list[tuple[int, dict]]:
    """Read a CSV or .xlsx participant list into (line number, {column: text}) pairs.

    Line 1 is the header row. Rows with no text at all are left out. Raises
    ParticipantFileError when the file cannot be read, its columns are not the template's, or
    it is larger than the limits (settings.PARTICIPANT_IMPORT_MAX_BYTES and _MAX_ROWS): reading
    stops at the first row over a limit, so a file of millions of rows costs no more than one
    just over it.
    """
    if not content:
        raise ParticipantFileError("The file is empty.")
    if len(content) > settings.PARTICIPANT_IMPORT_MAX_BYTES:
        raise _too_large()
    table = _file_table(content, file_name)

    max_rows = settings.PARTICIPANT_IMPORT_MAX_ROWS
    header = None
    rows = []
    empty = 0
    for line, cells in table:
        if len(cells) > MAX_COLUMNS and any(cell not in (None, "") for cell in cells[MAX_COLUMNS:]):
            raise ParticipantFileError(
                f"Line {line} has more than {MAX_COLUMNS} columns: the template has "
                f"{len(COLUMNS)}. Delete the columns that are not the template's."
            )
        texts = ["" if cell is None else str(cell).strip() for cell in cells[:MAX_COLUMNS]]
        if not any(texts):
            empty += 1
            if empty > max_rows:
                raise ParticipantFileError(
                    f"The file has more than {max_rows:,} empty rows: delete them (or copy the "
                    "list into a new file) and upload it again."
                )
            continue
        if header is None:
            header = _header(texts, line)
            continue
        if len(rows) == max_rows:
            raise ParticipantFileError(
                f"The file has more than {max_rows:,} rows: split the list into files of at "
                f"most {max_rows:,} rows and import them one after the other."
            )
        rows.append((line, {name: texts[i] if i < len(texts) else "" for i, name in header}))
    if header is None:
        raise ParticipantFileError("The file is empty: it has no header row and no rows.")
    if not rows:
        raise ParticipantFileError("The file has a header row but no participants.")
    return rows


def participant_upload_content(upload) -> bytes:
    """The bytes of an uploaded participant list (any file object with `size` and `read`).

    The size is checked before anything is read (Django has counted the upload's bytes while
    storing it), and no more than one byte over the limit is ever read, whatever `size` said.
    """
    limit = settings.PARTICIPANT_IMPORT_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise _too_large()
    upload.seek(0)
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise _too_large()
    return content


def participant_import_limits():
    """The limits of one import, as the import page states them ({"rows": "5,000", ...})."""
    return {
        "rows": f"{settings.PARTICIPANT_IMPORT_MAX_ROWS:,}",
        "megabytes": f"{settings.PARTICIPANT_IMPORT_MAX_BYTES / (1024 * 1024):g}",
    }


def _too_large():
    megabytes = settings.PARTICIPANT_IMPORT_MAX_BYTES / (1024 * 1024)
    return ParticipantFileError(f"The file is larger than {megabytes:g} MB: split the list.")


def _file_table(content, file_name):
    """(line, cells) of the file, read lazily by the reader of its kind (.csv or .xlsx)."""
    extension = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if extension == "xlsx":
        return _xlsx_table(content)
    if extension == "csv":
        return _csv_table(content)
    raise ParticipantFileError("Upload a .csv or .xlsx file (the template is both).")


def _xlsx_table(content):
    """(line, cells) of the first sheet, read lazily: the caller stops at its limits."""
    if not content.startswith(b"PK"):
        raise ParticipantFileError("This is not an Excel (.xlsx) spreadsheet.")
    damaged = ParticipantFileError(
        "This Excel (.xlsx) file cannot be read: it may be damaged. Save it again from "
        "your spreadsheet program, or as CSV."
    )
    # An .xlsx is a zip of XML files: a few megabytes may unpack to gigabytes. The sizes the
    # zip declares are binding (Python's zipfile never unpacks more than an entry declares),
    # so they are checked before openpyxl opens anything.
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(entry.file_size for entry in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise damaged from error
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise ParticipantFileError(
            f"This Excel (.xlsx) file unpacks to more than "
            f"{MAX_XLSX_UNPACKED_BYTES // (1024 * 1024)} MB: it holds far more than a "
            "participant list. Copy the list into a new file, or save it as CSV."
        )
    import openpyxl  # slow to import (TID253): only when an .xlsx file is read

    try:
        # The cells' values as last worked out by the spreadsheet program, and beside them the
        # cells as written, to find a formula whose value was never saved.
        values = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        written = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        try:
            # One column more than allowed, to tell a too-wide sheet from one that fits.
            rows = zip(
                *(
                    book.worksheets[0].iter_rows(max_col=MAX_COLUMNS + 1, values_only=True)
                    for book in (values, written)
                ),
                strict=True,
            )
            for line, (cells, as_written) in enumerate(rows, start=1):
                _refuse_unsaved_formulas(line, cells, as_written)
                yield line, cells
        finally:
            values.close()
            written.close()
    except ParticipantFileError:
        raise
    # A damaged file fails in many ways (a bad zip, cut-short XML, a missing part): each
    # means the same to the person uploading it. (The caller stopping early closes this
    # generator with GeneratorExit, which is not an Exception and passes through.)
    except Exception as error:
        raise damaged from error


def _refuse_unsaved_formulas(line, cells, as_written):
    """A formula cell holds the value the spreadsheet program last worked out for it; a file
    written by a script may hold the formula alone, which would read as a blank cell (a
    person's name lost, the row taken for an organization as a whole)."""
    for column, (value, text) in enumerate(zip(cells, as_written, strict=True), start=1):
        if value is None and isinstance(text, str) and text.startswith("="):
            raise ParticipantFileError(
                f"Line {line}, column {column} holds a formula ({text[:40]}) whose value was "
                "never saved in the file. Open it in a spreadsheet program and save it again, "
                "or save it as CSV, and upload it again."
            )


def _csv_table(content):
    """(line, cells) of a CSV file, read lazily: the caller stops at its limits."""
    # Lines as any program ends them: CR LF (Windows), LF, or CR alone (Excel for Mac's
    # "CSV (Macintosh)", which the csv module refuses with a message about newline modes).
    text = _csv_text(content).replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        # Past the first few kilobytes, a NUL is more likely a damaged cell than a binary
        # file. No text field holds one (PostgreSQL refuses it): refused here, not at the
        # confirmation.
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ParticipantFileError(
            f"The CSV file holds a NUL character (on line {line}), which no text may hold: "
            "delete it, or save the list again as “CSV UTF-8”, and upload it again."
        )
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    # Strict: a quotation mark left open is an error, not a cell that takes in every line
    # after it (the rest of the list read as one name, its people lost without a word).
    reader = csv.reader(io.StringIO(text), dialect, strict=True)
    line = 0
    while True:
        read_to = reader.line_num  # the file's lines read so far: the next row starts after
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if str(error) == "unexpected end of data":
                raise ParticipantFileError(
                    f'The CSV file cannot be read: a quotation mark (") opened on line '
                    f"{read_to + 1} is never closed. Close it, or delete it, and upload the "
                    "file again."
                ) from error
            raise ParticipantFileError(f"The CSV file cannot be read: {error}.") from error
        line += 1
        yield line, cells


def _csv_text(content):
    """The text of a CSV file: UTF-8 (with or without a byte-order mark), UTF-16 with its
    byte-order mark (Excel's "Unicode text"), else Windows' Latin-1 (cp1252)."""
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ParticipantFileError(
                "The CSV file is not readable UTF-16 text: save it as “CSV UTF-8”."
            ) from error
    if b"\x00" in content[:4096]:
        raise ParticipantFileError(
            "This is not a CSV spreadsheet (it holds binary data). If it is one, save it "
            "again as “CSV UTF-8”."
        )
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ParticipantFileError("The CSV file is not UTF-8 text: save it as “CSV UTF-8”.")


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
class PersonChange:
    """One detail of a person already recorded that a row would change, as the preview shows it."""

    field: str
    label: str
    old: str
    new: str


@dataclass
class PlannedRow:
    line: int
    action: str  # "add", "update" or "unchanged"
    name: str
    organization_name: str
    country: str
    role: str
    values: dict = field(repr=False, default_factory=dict)
    # The records the row was matched to (None: there is none, one is made) and when each was
    # last changed: a preview is confirmed only for these as they were (see `fingerprint`).
    person_id: int | None = None
    person_updated: str = ""
    participation_id: int | None = None
    participation_updated: str = ""
    organization_id: int | None = None
    changes_participation: bool = False
    headcount: int | None = None  # a country's delegation's, where stated
    # For a person already recorded: what the row would change in their record, and the other
    # workshops they are recorded at (then those changes wait for the editor's say-so).
    person_changes: list = field(default_factory=list)
    also_at: list = field(default_factory=list)

    @property
    def changes_person_elsewhere(self):
        """Whether the row would change a person who is recorded at other workshops too."""
        return bool(self.person_changes and self.also_at)


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

    @property
    def people_elsewhere_to_change(self):
        """How many rows would change a person recorded at other workshops too."""
        return sum(1 for row in self.rows if row.changes_person_elsewhere)

    @property
    def fingerprint(self):
        """A digest of all the plan says and of the records it was worked out from (their ids
        and when each was last changed). A preview may be confirmed only while the plan worked
        out again has the same one: then the import does what the preview showed."""
        payload = json.dumps(
            {
                "rows": [asdict(row) for row in self.rows],
                "problems": [asdict(problem) for problem in self.problems],
            },
            sort_keys=True,
            default=str,
        )
        return hashlib.sha256(payload.encode()).hexdigest()


class ParticipantImportOutdated(Exception):
    """The records changed since the preview that the editor confirmed; `plan` is the new one."""

    def __init__(self, plan):
        super().__init__("The records changed since your preview: review the new preview.")
        self.plan = plan


class _Records:
    """What the database holds already, looked up by the import's matching keys."""

    def __init__(self, workshop):
        self.people = {}
        for person in Person.objects.all():
            self.people.setdefault(_key(person.name, person.country), []).append(person)
        self.organizations = {}
        self.organization_names = {}
        for organization in Organization.objects.all():
            self.organization_added(organization)
            self.organization_names[organization.pk] = organization.name
        participations = Participation.objects.filter(workshop=workshop)
        self.by_person = {p.person_id: p for p in participations if p.person_id}
        self.by_organization = {p.organization_id: p for p in participations if p.person_id is None}
        self.by_delegation = {str(p.country): p for p in participations if p.is_delegation}

    def organization_found(self, name, country):
        """The organization a row names: the one of that name in that country, else an
        international one (no country) of that name; None when the row names none, or one
        not recorded yet. The one lookup of both the plan and the import."""
        if not name:
            return None
        return self.organizations.get(_key(name, country)) or self.organizations.get(_key(name, ""))

    def organization_added(self, organization):
        """Note an organization (recorded, or just added) for `organization_found`."""
        self.organizations[_key(organization.name, organization.country)] = organization

    def people_found(self, name, country):
        """The people recorded under that name for that country (more than one: namesakes
        that an editor must merge first)."""
        return self.people.get(_key(name, country), [])

    def participation_found(self, *, name, person, organization, organization_name, country):
        """This workshop's participation that a row is about: a named row's is its person's
        (none for a person not recorded yet); a row without a name is its organization's
        taking part as a whole; a row with a country alone is the country's delegation."""
        if name:
            return self.by_person.get(person.pk) if person is not None else None
        if not organization_name:
            return self.by_delegation.get(str(country))
        return self.by_organization.get(organization.pk) if organization is not None else None


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
    alone among international bodies); a match is updated, never duplicated. For a person
    already recorded, the plan lists each detail the row would change and the other workshops
    the person is recorded at.
    """
    records = _Records(workshop)
    plan = ParticipantImportPlan()
    first_line_of = {}  # the line on which each person or organization is first listed
    for line, cells in rows:
        row = _row_read(cells)
        reasons = _row_problems(row, cells)
        if reasons:
            plan.problems.append(RowProblem(line, "; ".join(reasons)))
            continue
        if row.identity in first_line_of:
            plan.problems.append(
                RowProblem(line, f"duplicate of line {first_line_of[row.identity]}")
            )
            continue
        first_line_of[row.identity] = line
        planned = _row_matched(line, row, records)
        if isinstance(planned, RowProblem):
            plan.problems.append(planned)
        else:
            plan.rows.append(planned)
    _note_other_workshops(plan, workshop)
    return plan


@dataclass(frozen=True)
class _Row:
    """A row's cells as the import reads them: `country` and `role` are None when the cell
    names no country or role the portal knows, `consent` is the cell in lower case."""

    name: str
    organization_name: str
    country: str | None
    role: str | None
    consent: str
    values: dict  # what a person's record would hold: position, email, phone, consent
    headcount: int | None = None
    headcount_text: str = ""

    @property
    def is_delegation(self):
        return not self.name and not self.organization_name

    @property
    def identity(self):
        """Who the row lists: a person, an organization taking part as a whole, or a
        country's delegation."""
        if self.name:
            return ("person", *_key(self.name, self.country))
        if self.is_delegation:
            return ("delegation", str(self.country))
        return ("org", *_key(self.organization_name, self.country))


def _headcount(text):
    """The headcount a cell states: a whole number that the field holds, else None. Digits
    in any script count ("١٢"); "²" and other digit-like signs do not (`int` refuses them),
    nor does 0 (no delegation) or a number larger than the database stores. (A cell of
    thousands of digits is refused before `int`, which would raise on it, reads it.)"""
    if not text.isdecimal() or len(text) > 100:
        return None
    value = int(text)
    return value if SMALLEST_DELEGATION <= value <= HEADCOUNT_MAX else None


def _row_read(cells):
    consent = cells.get("publish_name", "").casefold()
    headcount_text = cells.get("headcount", "")
    return _Row(
        headcount=_headcount(headcount_text),
        headcount_text=headcount_text,
        name=re.sub(r"\s+", " ", cells.get("name", "")),
        organization_name=re.sub(r"\s+", " ", cells.get("organization", "")),
        country=country_code(cells.get("country", "")),
        role=_role(cells.get("role", "")),
        consent=consent,
        values={
            "position": cells.get("position", ""),
            "email": cells.get("email", ""),
            "phone": cells.get("phone", ""),
            # Consent is changed only by an explicit yes or no: a blank cell leaves it be.
            "publish_name_consent": consent in YES if consent else None,
        },
    )


def _row_problems(row, cells):
    """What is wrong in a row, each said so that the editor can correct the file."""
    reasons = []
    if row.is_delegation and not row.country:
        reasons.append(
            "missing name: give a person's name, an organization, or a country (its delegation)"
        )
    if row.headcount_text and row.headcount is None:
        reasons.append(
            f"headcount must be a whole number from {SMALLEST_DELEGATION} to {HEADCOUNT_MAX:,}, "
            f"not “{row.headcount_text}”"
        )
    elif row.headcount is not None and not row.is_delegation:
        reasons.append(
            "a headcount is for a country's delegation: leave name and organization blank"
        )
    if row.country is None:
        reasons.append(f"unknown country “{cells['country']}”")
    if row.role is None:
        reasons.append(f"unknown role “{cells['role']}”")
    if row.consent not in YES | NO:
        reasons.append(f"publish_name must be yes or no, not “{cells['publish_name']}”")
    email = row.values["email"]
    if email and not _is_email(email):
        reasons.append(f"invalid email “{email}”")
    reasons.extend(_cells_too_long(cells))
    return reasons


def _is_email(text):
    try:
        validate_email(text)
    except ValidationError:
        return False
    return True


def _cells_too_long(cells):
    """A reason for each cell longer than the field it is saved in holds (its `max_length`)."""
    return [
        f"{column} is longer than {saved_in.max_length} characters"
        for column, saved_in in COLUMN_FIELDS.items()
        if len(cells.get(column, "")) > saved_in.max_length
    ]


def _row_matched(line, row, records):
    """What a well-formed row would do, matched to what is recorded: its person (by name and
    country), its organization and this workshop's participation. A RowProblem when the name
    matches several people."""
    organization = records.organization_found(row.organization_name, row.country)
    person = None
    if row.name:
        matches = records.people_found(row.name, row.country)
        if len(matches) > 1:
            return RowProblem(
                line,
                f"{len(matches)} people named “{row.name}” are recorded for this country: "
                "merge them in the admin first",
            )
        person = matches[0] if matches else None
    planned = PlannedRow(
        line,
        "add",
        row.name,
        row.organization_name,
        row.country,
        row.role,
        row.values,
        organization_id=organization.pk if organization else None,
        headcount=row.headcount,
    )
    if person is not None:
        _note_person_found(planned, person, organization, records)
    participation = records.participation_found(
        name=row.name,
        person=person,
        organization=organization,
        organization_name=row.organization_name,
        country=row.country,
    )
    if participation is not None:
        _note_participation_found(planned, participation, organization)
    return planned


def _note_person_found(planned, person, organization, records):
    """The row lists a person already recorded: note who, as they are, and what would change."""
    planned.person_id = person.pk
    planned.person_updated = person.updated.isoformat()
    planned.person_changes = _person_changes(
        person, planned.organization_name, organization, planned.values, records
    )


def _note_participation_found(planned, participation, organization):
    """The row's participation is recorded already: the row updates it, or changes nothing."""
    planned.participation_id = participation.pk
    planned.participation_updated = participation.updated.isoformat()
    planned.changes_participation = _participation_changes(
        participation, planned.organization_name, organization, planned.country, planned.role
    ) or (participation.is_delegation and participation.delegation_size != planned.headcount)
    changed = planned.changes_participation or planned.person_changes
    planned.action = "update" if changed else "unchanged"


def _participation_changes(participation, organization_name, organization, country, role):
    """Whether applying the row would change the participation itself."""
    if participation.role != role or participation.country != country:
        return True
    return bool(organization_name) and (
        organization is None or participation.organization_id != organization.pk
    )


PERSON_DETAILS = {
    "position": "position",
    "email": "e-mail",
    "phone": "phone",
    "publish_name_consent": "consents to publishing the name",
}


def _person_changes(person, organization_name, organization, values, records):
    """What the row would change in a person already recorded: blank cells change nothing."""
    changes = []
    if organization_name and (organization is None or person.organization_id != organization.pk):
        old = records.organization_names.get(person.organization_id, "")
        changes.append(PersonChange("organization", "organization", old or "—", organization_name))
    for attribute, label in PERSON_DETAILS.items():
        value = values[attribute]
        if value not in ("", None) and getattr(person, attribute) != value:
            changes.append(
                PersonChange(attribute, label, _shown(getattr(person, attribute)), _shown(value))
            )
    return changes


def _shown(value):
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value or "—"


def _note_other_workshops(plan, workshop):
    """Fill in each matched person's `also_at`: the other workshops they are recorded at."""
    person_ids = sorted({row.person_id for row in plan.rows if row.person_id is not None})
    also_at = {}
    for start in range(0, len(person_ids), 1000):  # SQLite limits the parameters of one query
        others = (
            Participation.objects.filter(person_id__in=person_ids[start : start + 1000])
            .exclude(workshop=workshop)
            .order_by("workshop__start_date", "workshop_id")
            .values_list("person_id", "workshop__edition", "workshop__title", "workshop__status")
        )
        for person_id, edition, title, status in others:
            label = f"{ordinal(edition) if edition else ''} {title}".strip()
            if status != Workshop.Status.PUBLISHED:
                label += " (draft)"
            labels = also_at.setdefault(person_id, [])
            if label not in labels:
                labels.append(label)
    for row in plan.rows:
        row.also_at = also_at.get(row.person_id, [])


@transaction.atomic
def participant_import_apply(
    *,
    workshop,
    rows,
    user=None,
    source_name="",
    previewed=None,
    update_people_elsewhere=False,
) -> ParticipantImportPlan:
    """Import a participant list into `workshop`: all rows or none.

    Plans again against the records as they are now. `previewed` is the fingerprint of the plan
    the editor saw: if the plan differs now (another editor deleted a participation, changed a
    person, ...), raises ParticipantImportOutdated with the new plan and writes nothing. Refuses
    (ValidationError, nothing written) if any row is bad. Creates the organizations and people
    that are new, updates matched people (blank cells never erase what is recorded), adds or
    updates the participations, and saves the workshop so that its version moves on (an editor
    who has it open is told). A person recorded at other workshops too keeps their details
    (organization, position, e-mail, phone, consent) unless `update_people_elsewhere`: a row
    matched by name and country may be a namesake, and a draft's list must not change what a
    published workshop shows. Every change is kept in the history with `user` and the file's
    name.
    """
    plan = participant_import_plan(workshop=workshop, rows=rows)
    if previewed is not None and plan.fingerprint != previewed:
        raise ParticipantImportOutdated(plan)
    if not plan.is_valid:
        raise ValidationError(
            [f"Line {problem.line}: {problem.reason}" for problem in plan.problems]
        )
    reason = f"Imported participant list {source_name}".strip()
    history = {"default_user": user, "default_change_reason": reason}
    records = _Records(workshop)
    _organizations_added(plan, records, history=history)
    # A bulk update skips `save()`, so `updated` is set by hand, to this moment: the outcome
    # reports of every workshop these people attended look at it to know they are out of date.
    now = timezone.now()
    people = _people_found_or_added(
        plan, records, update_people_elsewhere=update_people_elsewhere, now=now, history=history
    )
    _participations_added_or_updated(
        plan, records, people, workshop=workshop, now=now, history=history
    )
    _workshop_version_moved_on(workshop, user=user, reason=reason)
    # The bulk writes above send no post_save: the public pages' records version moves on here.
    records_changed()
    return plan


def _organizations_added(plan, records, *, history):
    """Add the organizations the rows name that are not recorded yet (one for each name and
    country, with a slug of its own), and note them in `records`."""
    new_organizations = {}
    used_slugs = set(Organization.objects.values_list("slug", flat=True))
    for row in plan.rows:
        if row.organization_name and not records.organization_found(
            row.organization_name, row.country
        ):
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
        records.organization_added(organization)


def _people_found_or_added(plan, records, *, update_people_elsewhere, now, history):
    """The person of each row that names one, by line: the one recorded (updated as the plan
    says, unless they are at other workshops too and not `update_people_elsewhere`), or a new
    one, added."""
    new_people, changed_people = [], []
    people = {}
    for row in plan.rows:
        if not row.name:
            continue
        organization = records.organization_found(row.organization_name, row.country)
        if row.person_id is None:
            person = _person_new(row, organization)
            new_people.append(person)
        else:
            person = records.people_found(row.name, row.country)[0]
            if row.person_changes and (update_people_elsewhere or not row.also_at):
                _person_changed(person, row, organization)
                changed_people.append(person)
        people[row.line] = person
    bulk_create_with_history(new_people, Person, **history)
    _updated_in_bulk(
        changed_people,
        Person,
        ["organization", "position", "email", "phone", "publish_name_consent", "updated"],
        now=now,
        history=history,
    )
    return people


def _person_new(row, organization):
    """A person the records do not hold yet, with the row's details (checked, not saved)."""
    person = Person(name=row.name, country=row.country, organization=organization)
    for attribute, value in row.values.items():
        if value not in ("", None):
            setattr(person, attribute, value)
    person.full_clean(exclude=["organization"], validate_unique=False, validate_constraints=False)
    return person


def _person_changed(person, row, organization):
    """Make in a recorded person each change the plan lists for the row (not saved)."""
    for change in row.person_changes:
        if change.field == "organization":
            person.organization = organization
        else:
            setattr(person, change.field, row.values[change.field])


def _participations_added_or_updated(plan, records, people, *, workshop, now, history):
    """Add each row's participation in `workshop`, or update the recorded one if the row
    changes it (its organization, country or role)."""
    new_participations, changed_participations = [], []
    for row in plan.rows:
        person = people.get(row.line)
        organization = records.organization_found(row.organization_name, row.country)
        participation = records.participation_found(
            name=row.name,
            person=person,
            organization=organization,
            organization_name=row.organization_name,
            country=row.country,
        )
        if participation is None:
            new_participations.append(
                Participation(
                    workshop=workshop,
                    person=person,
                    organization=organization,
                    country=row.country,
                    role=row.role,
                    delegation_size=row.headcount,
                )
            )
        elif row.changes_participation:
            participation.organization = organization or participation.organization
            participation.country = row.country
            participation.role = row.role
            if participation.is_delegation:
                participation.delegation_size = row.headcount
            changed_participations.append(participation)
    bulk_create_with_history(new_participations, Participation, **history)
    _updated_in_bulk(
        changed_participations,
        Participation,
        ["organization", "country", "role", "delegation_size", "updated"],
        now=now,
        history=history,
    )


def _updated_in_bulk(records, model, fields, *, now, history):
    """Save the `fields` of changed `records` of `model` at once, `updated` set to `now`."""
    if records:
        for record in records:
            record.updated = now
        bulk_update_with_history(records, model, fields, **history)


def _workshop_version_moved_on(workshop, *, user, reason):
    """Save the workshop so that its version moves on: an editor who has it open is told."""
    workshop._change_reason = reason
    if user is not None:
        workshop._history_user = user
    workshop.save(update_fields=["updated"])


def _unique_slug(text, used):
    # Room is left for the number that tells apart organizations of one slug ("-2", "-3").
    max_length = Organization._meta.get_field("slug").max_length
    base = slug_from(text, max_length=max_length, default="organization")
    slug, number = base, 2
    while slug in used:
        slug = f"{base}-{number}"
        number += 1
    used.add(slug)
    return slug
