"""The participant-list import: reading files, the preview plan, and writing all rows or none.

Every name, organization and address here is synthetic, made up for tests.
"""

import codecs
import csv
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from participants import services
from participants.models import Organization, Participation, Person
from participants.services import (
    ParticipantFileError,
    country_code,
    participant_file_rows,
    participant_import_apply,
    participant_import_plan,
)
from participants.tests.factories import OrganizationFactory, ParticipationFactory, PersonFactory
from workshops.models import Workshop
from workshops.tests.factories import WorkshopFactory

HEADER = ["name", "position", "organization", "country", "email", "phone", "role", "publish_name"]


def csv_bytes(rows, header=HEADER):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def xlsx_bytes(rows, header=HEADER):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def read(content, name="list.csv"):
    return participant_file_rows(content=content, file_name=name)


def row(name, organization, country, *, position="", email="", role="", publish=""):
    return [name, position, organization, country, email, "", role, publish]


GOOD_ROWS = [
    row("Synthetic Person A", "Synthetic Customs", "Viet Nam", position="Inspector",
        email="a@example.invalid", publish="yes"),
    row("Synthetic Person B", "Synthetic Customs", "Vietnam", role="speaker"),
    row("Synthetic Person C", "Synthetic Port Authority", "TH", role="Observer", publish="no"),
    row("", "Synthetic Regional Centre", ""),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Viet Nam", "VN"),
        ("Vietnam", "VN"),
        ("VN", "VN"),
        ("vn", "VN"),
        ("VNM", "VN"),
        ("Lao PDR", "LA"),
        ("Republic of Korea", "KR"),
        ("the Philippines", "PH"),
        ("  Cambodia ", "KH"),
        ("", ""),
        ("Atlantis", None),
        ("United States", "US"),
        ("the United States", "US"),
        ("U.S.A.", "US"),
        ("United Kingdom", "GB"),
        ("South Korea", "KR"),
        ("Korea (the Republic of)", "KR"),
        ("Laos", "LA"),
        ("Lao People's Democratic Republic", "LA"),
        ("Brunei Darussalam", "BN"),
        ("Socialist Republic of Viet Nam", "VN"),
        ("Kingdom of Thailand", "TH"),
        ("Republic of the Philippines", "PH"),
        ("Russian Federation", "RU"),
        ("United Republic of Tanzania", "TZ"),
        ("Cote d'Ivoire", "CI"),
        ("Côte d’Ivoire", "CI"),
        ("Türkiye", "TR"),
        ("Turkey", "TR"),
        ("Czech Republic", "CZ"),
        ("Timor-Leste", "TL"),
    ],
)
def test_country_code_reads_codes_names_and_aliases(text, code):
    assert country_code(text) == code


def test_participant_file_rows_reads_csv_and_xlsx_alike():
    from_csv = read(csv_bytes(GOOD_ROWS))
    from_xlsx = read(xlsx_bytes(GOOD_ROWS), "list.xlsx")
    assert from_csv == from_xlsx
    assert [line for line, _ in from_csv] == [2, 3, 4, 5]
    assert from_csv[0][1]["name"] == "Synthetic Person A"
    assert from_csv[0][1]["country"] == "Viet Nam"


def test_participant_file_rows_refuses_an_xlsx_formula_whose_value_was_never_saved():
    # openpyxl, like any script, writes a formula without its value: read as it is, the cell
    # would be blank, and the person's row an organization as a whole.
    rows = [
        row("Synthetic Person A", "Synthetic Customs", "VN"),
        row("=A2", "Synthetic Customs", "VN"),
    ]
    with pytest.raises(ParticipantFileError, match=r"Line 3, column 1 holds a formula \(=A2\)"):
        read(xlsx_bytes(rows), "list.xlsx")


def test_participant_file_rows_accepts_header_labels_in_any_case_and_order():
    rows = read(
        csv_bytes(
            [["VN", "Synthetic Person", "Synthetic Customs"]], ["Country", "Name", "Organization"]
        )
    )
    expected = {"country": "VN", "name": "Synthetic Person", "organization": "Synthetic Customs"}
    assert rows == [(2, expected)]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "list.csv", "The file is empty."),
        (b"\n\n", "list.csv", "no header row"),
        (b"name,organization,country\n", "list.csv", "no participants"),
        (b"full name,agency,nation\nA,B,C\n", "list.csv",
         "missing column(s): name, organization, country"),
        (b"name,organization,country,shoe size\nA,B,VN,42\n", "list.csv",
         "unknown column(s): shoe size"),
        (b"%PDF-1.4 \x00\x01\x02 binary", "list.csv", "not a CSV spreadsheet"),
        (b"%PDF-1.4 \x00\x01\x02 binary", "list.xlsx", "not an Excel (.xlsx) spreadsheet"),
        (b"PK\x03\x04 broken zip", "list.xlsx", "cannot be read: it may be damaged"),
        # Read leniently, the open quote took in every line after it: one person, not three.
        (b'name,organization,country\nSynthetic A,Synthetic Customs,VN\n"Synthetic B,'
         b'Synthetic Customs,VN\nSynthetic C,Synthetic Customs,VN\nSynthetic D,,VN\n',
         "list.csv", "a quotation mark (\") opened on line 3 is never closed"),
        (b"name,organization,country\n", "list.pdf", "Upload a .csv or .xlsx file"),
    ],
)  # fmt: skip
def test_participant_file_rows_refuses_a_bad_file_with_a_reason(content, name, message):
    with pytest.raises(ParticipantFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read(content, name)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_participant_file_rows_reads_utf16_with_its_byte_order_mark(encoding):
    """Excel's "Unicode text" is UTF-16: read when it starts with its byte-order mark
    (refused before as "binary data"); without one, it is refused with what to do."""
    text = "name\torganization\tcountry\nSynthetic សុខា\tSynthetic Customs\tKH\n"
    content = text.encode(encoding)
    if encoding != "utf-16":  # "utf-16" writes the mark itself
        bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
        content = bom + content
    expected = {"name": "Synthetic សុខា", "organization": "Synthetic Customs", "country": "KH"}
    assert read(content) == [(2, expected)]
    with pytest.raises(ParticipantFileError, match="binary data.*save it again as “CSV UTF-8”"):
        read(text.encode("utf-16-le"))
    with pytest.raises(ParticipantFileError, match="not readable UTF-16 text"):
        read(codecs.BOM_UTF16_LE + text.encode("utf-16-le")[:-1])


@pytest.mark.parametrize("line_end", ["\r\n", "\n", "\r"])
def test_participant_file_rows_reads_every_line_ending(line_end):
    """A CSV whose lines end in a carriage return alone (Excel for Mac's "CSV (Macintosh)")
    was refused: "new-line character seen in unquoted field - do you need to open the file
    in universal-newline mode?"."""
    lines = ["name,organization,country", "Synthetic A,Synthetic Customs,VN", "Synthetic B,,TH"]
    content = (line_end.join(lines) + line_end).encode()
    assert [cells["name"] for _, cells in read(content)] == ["Synthetic A", "Synthetic B"]


def _xlsx_with_a_part_cut_short(part):
    """A real participant list whose `part` (a file inside the .xlsx zip) is cut in half."""
    import zipfile
    from io import BytesIO

    damaged = BytesIO()
    with (
        zipfile.ZipFile(BytesIO(xlsx_bytes(GOOD_ROWS))) as original,
        zipfile.ZipFile(damaged, "w") as copy,
    ):
        for item in original.infolist():
            data = original.read(item.filename)
            copy.writestr(item, data[: len(data) // 2] if item.filename == part else data)
    return damaged.getvalue()


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/worksheets/sheet1.xml"])
def test_participant_file_rows_refuses_a_damaged_xlsx_with_a_reason(part):
    with pytest.raises(ParticipantFileError, match="cannot be read: it may be damaged"):
        read(_xlsx_with_a_part_cut_short(part), "list.xlsx")


@pytest.mark.django_db
def test_participant_import_plan_writes_nothing_and_counts_rows_to_add():
    workshop = WorkshopFactory()
    plan = participant_import_plan(workshop=workshop, rows=read(csv_bytes(GOOD_ROWS)))
    assert plan.is_valid
    assert (plan.to_add, plan.to_update, plan.unchanged) == (4, 0, 0)
    assert Person.objects.count() == 0
    assert Organization.objects.exclude(pk=workshop.series.organization_id).count() == 0
    assert Participation.objects.count() == 0


@pytest.mark.django_db
def test_participant_import_plan_lists_each_bad_row_with_its_line_and_reason():
    workshop = WorkshopFactory()
    rows = [
        ["Synthetic Person A", "", "Synthetic Customs", "VN", "", "", "", ""],
        ["", "", "", "", "", "", "observer", ""],  # no one (a country alone is a delegation)
        ["Synthetic Person B", "", "Synthetic Customs", "Atlantis", "", "", "", ""],
        ["synthetic person a", "", "Synthetic Customs", "Viet Nam", "", "", "", ""],
        ["Synthetic Person C", "", "", "TH", "not-an-email", "", "chief", "maybe"],
    ]
    plan = participant_import_plan(workshop=workshop, rows=read(csv_bytes(rows)))
    problems = {problem.line: problem.reason for problem in plan.problems}
    assert set(problems) == {3, 4, 5, 6}
    assert problems[3].startswith("missing name")
    assert problems[4] == "unknown country “Atlantis”"
    assert problems[5] == "duplicate of line 2"
    assert "unknown role “chief”" in problems[6]
    assert "invalid email “not-an-email”" in problems[6]
    assert "publish_name must be yes or no" in problems[6]
    assert not plan.is_valid


@pytest.mark.django_db
def test_participant_import_plan_refuses_a_value_longer_than_its_field():
    # An address of 312 characters passes the email check but not the 254 the field holds:
    # updating a recorded person with it was a database error (500) on PostgreSQL.
    workshop = WorkshopFactory()
    PersonFactory(name="Synthetic Person A", country="VN")
    long_email = "a" * 60 + "@" + ("b" * 60 + ".") * 4 + "invalid"
    rows = [
        row("Synthetic Person A", "Synthetic Customs", "VN", email=long_email),
        ["Synthetic Person B", "", "Synthetic Customs", "VN", "", "9" * 41, "", ""],
    ]
    plan = participant_import_plan(workshop=workshop, rows=read(csv_bytes(rows)))
    problems = {problem.line: problem.reason for problem in plan.problems}
    assert problems == {
        2: "email is longer than 254 characters",
        3: "phone is longer than 40 characters",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("column", "model", "field_name"),
    [
        ("name", Person, "name"),
        ("position", Person, "position"),
        ("organization", Organization, "name"),
        ("email", Person, "email"),
        ("phone", Person, "phone"),
    ],
)
def test_participant_import_plan_takes_each_length_limit_from_the_model(
    monkeypatch, column, model, field_name
):
    # Shorten the field: the import follows the model, whatever number the field held before.
    monkeypatch.setattr(model._meta.get_field(field_name), "max_length", 20)
    workshop = WorkshopFactory()

    def cells_with(value):
        cells = dict(zip(HEADER, row("Synthetic Person A", "Synthetic Customs", "VN"), strict=True))
        return {**cells, column: value}

    at_limit = "a" * 4 + "@example.invalid" if column == "email" else "x" * 20
    over_limit = "a" + at_limit
    plan = participant_import_plan(
        workshop=workshop, rows=[(2, cells_with(at_limit)), (3, cells_with(over_limit))]
    )
    assert [planned.line for planned in plan.rows] == [2]
    assert [(p.line, p.reason) for p in plan.problems] == [
        (3, f"{column} is longer than 20 characters")
    ]


@pytest.mark.django_db
def test_participant_import_gives_new_organizations_slugs_that_their_field_holds(monkeypatch):
    # Shorten the slug field: two long names alike in their first 40 characters get slugs
    # apart (one with a number), each within the field's length.
    monkeypatch.setattr(Organization._meta.get_field("slug"), "max_length", 40)
    workshop = WorkshopFactory()
    long_name = "Synthetic Agency for the Long Names of the Import "
    rows = [
        row("Synthetic Person A", long_name + "One", "VN"),
        row("Synthetic Person B", long_name + "Two", "VN"),
    ]
    participant_import_apply(workshop=workshop, rows=read(csv_bytes(rows)))
    slugs = sorted(
        Organization.objects.filter(name__startswith=long_name).values_list("slug", flat=True)
    )
    assert len(slugs) == 2
    assert slugs[0] != slugs[1]
    assert all(len(slug) <= 40 for slug in slugs)


@pytest.mark.django_db
def test_participant_import_plan_and_apply_find_the_same_organizations():
    # A row names an organization as recorded in its country, else as an international body
    # of that name: the preview shows it, and the import ties the row to it, adding none.
    workshop = WorkshopFactory()
    customs_vn = OrganizationFactory(name="Synthetic Customs", country="VN")
    OrganizationFactory(name="Synthetic Customs", country="")
    centre = OrganizationFactory(name="Synthetic Regional Centre", country="")
    rows = read(
        csv_bytes(
            [
                row("Synthetic Person A", "Synthetic Customs", "VN"),
                row("Synthetic Person B", "synthetic  regional centre", "VN"),
                row("", "Synthetic Regional Centre", "TH"),
            ]
        )
    )
    organizations_before = Organization.objects.count()

    plan = participant_import_plan(workshop=workshop, rows=rows)
    participant_import_apply(workshop=workshop, rows=rows)

    expected = [customs_vn.pk, centre.pk, centre.pk]
    assert [planned.organization_id for planned in plan.rows] == expected
    participations = Participation.objects.filter(workshop=workshop).order_by("pk")
    assert [p.organization_id for p in participations] == expected
    assert [p.person.organization_id for p in participations[:2]] == expected[:2]
    assert Organization.objects.count() == organizations_before


@pytest.mark.django_db
def test_participant_import_apply_creates_people_organizations_and_participations(editor):
    workshop = WorkshopFactory()
    participant_import_apply(
        workshop=workshop, rows=read(csv_bytes(GOOD_ROWS)), user=editor, source_name="a.csv"
    )
    assert Participation.objects.filter(workshop=workshop).count() == 4
    person_a = Person.objects.get(name="Synthetic Person A")
    assert person_a.country == "VN"
    assert person_a.publish_name_consent is True
    assert person_a.organization.name == "Synthetic Customs"
    # Two people of one new organization share one record of it.
    assert Organization.objects.filter(name="Synthetic Customs").count() == 1
    assert Participation.objects.get(person__name="Synthetic Person B").role == "speaker"
    regional = Participation.objects.get(person__isnull=True)
    assert regional.organization.name == "Synthetic Regional Centre"
    assert regional.country == ""
    record = Person.history.get(name="Synthetic Person A")
    assert record.history_user == editor
    assert record.history_change_reason == "Imported participant list a.csv"
    assert Participation.history.filter(history_user=editor).count() == 4


@pytest.mark.django_db
def test_participant_import_matches_existing_people_and_organizations_by_name_and_country():
    workshop = WorkshopFactory()
    customs = OrganizationFactory(name="Synthetic Customs", country="VN")
    international = OrganizationFactory(name="Synthetic Regional Centre", country="")
    person = PersonFactory(name="Synthetic Person A", country="VN", organization=customs)
    ParticipationFactory(workshop=workshop, person=person, role="participant")
    namesake_elsewhere = PersonFactory(name="Synthetic Person B", country="KH")

    rows = read(csv_bytes(GOOD_ROWS))
    plan = participant_import_plan(workshop=workshop, rows=rows)
    assert [row.action for row in plan.rows] == ["update", "add", "add", "add"]

    participant_import_apply(workshop=workshop, rows=rows)
    assert Person.objects.filter(name="Synthetic Person A").count() == 1
    person.refresh_from_db()
    assert person.position == "Inspector"
    assert Organization.objects.filter(name="Synthetic Customs").count() == 1
    assert Organization.objects.filter(name="Synthetic Regional Centre").get() == international
    # Same name, other country: another person.
    assert Person.objects.filter(name="Synthetic Person B").count() == 2
    assert not namesake_elsewhere.participations.exists()

    again = participant_import_plan(workshop=workshop, rows=rows)
    assert [row.action for row in again.rows] == ["unchanged"] * 4


@pytest.mark.django_db
def test_participant_import_apply_blank_cells_never_erase_what_is_recorded():
    workshop = WorkshopFactory()
    customs = OrganizationFactory(name="Synthetic Customs", country="VN")
    person = PersonFactory(
        name="Synthetic Person B", country="VN", organization=customs, email="b@example.invalid"
    )
    participant_import_apply(workshop=workshop, rows=read(csv_bytes(GOOD_ROWS)))
    person.refresh_from_db()
    assert person.email == "b@example.invalid"


@pytest.mark.django_db
def test_participant_import_apply_with_a_bad_row_writes_nothing():
    workshop = WorkshopFactory()
    rows = read(csv_bytes([*GOOD_ROWS, ["Synthetic Person D", "", "", "Atlantis", "", "", "", ""]]))
    with pytest.raises(ValidationError, match="Line 6: unknown country"):
        participant_import_apply(workshop=workshop, rows=rows)
    assert Person.objects.count() == 0
    assert Participation.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_participant_import_failing_half_way_leaves_nothing_behind(monkeypatch):
    workshop = WorkshopFactory()
    version = workshop.version
    real = services.bulk_create_with_history

    def fail_on_participations(objs, model, **kwargs):
        if model is Participation:
            raise RuntimeError("synthetic failure after people and organizations were written")
        return real(objs, model, **kwargs)

    monkeypatch.setattr(services, "bulk_create_with_history", fail_on_participations)
    with pytest.raises(RuntimeError):
        participant_import_apply(workshop=workshop, rows=read(csv_bytes(GOOD_ROWS)))
    assert Person.objects.count() == 0
    assert Organization.objects.exclude(pk=workshop.series.organization_id).count() == 0
    assert Person.history.count() == 0
    assert Participation.objects.count() == 0
    assert Workshop.objects.get(pk=workshop.pk).version == version


@pytest.mark.django_db
def test_participant_import_of_5000_rows_previews_and_imports_whole(django_assert_max_num_queries):
    workshop = WorkshopFactory()
    countries = ["VN", "Thailand", "KH", "Lao PDR", "Philippines", "ID", "Malaysia", "JP"]
    rows = [
        [f"Synthetic Person {n}", "Officer", f"Synthetic Import Agency {n % 40}", countries[n % 8]]
        for n in range(5000)
    ]  # fmt: skip
    content = xlsx_bytes(rows)
    parsed = read(content, "big.xlsx")
    assert len(parsed) == 5000
    plan = participant_import_plan(workshop=workshop, rows=parsed)
    assert plan.is_valid and plan.to_add == 5000
    # Written in batches (SQLite takes about 100 rows an INSERT), not a query or more a row.
    with django_assert_max_num_queries(400):
        participant_import_apply(workshop=workshop, rows=parsed)
    assert Participation.objects.filter(workshop=workshop).count() == 5000
    assert Person.objects.count() == 5000
    # Agency n % 40 is always in country n % 8 (8 divides 40): 40 organizations.
    assert Organization.objects.filter(name__startswith="Synthetic Import Agency").count() == 40


# Limits: a file is refused as soon as it passes one, without reading the rest.


@pytest.mark.parametrize("make", [csv_bytes, xlsx_bytes])
def test_participant_file_rows_refuses_more_rows_than_the_limit(settings, make):
    settings.PARTICIPANT_IMPORT_MAX_ROWS = 50
    rows = [row(f"Synthetic Person {n}", "Synthetic Customs", "VN") for n in range(51)]
    name = "list.xlsx" if make is xlsx_bytes else "list.csv"
    assert len(read(make(rows[:50]), name)) == 50
    with pytest.raises(ParticipantFileError, match="more than 50 rows: split the list"):
        read(make(rows), name)


def test_participant_file_rows_stops_at_the_limit_in_a_sheet_running_on_far_below_its_list(
    settings,
):
    # A sheet with a cell a million rows down: openpyxl yields an empty row for every line
    # above it. The reading stops once the empty rows pass the limit.
    settings.PARTICIPANT_IMPORT_MAX_ROWS = 50
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(row("Synthetic Person A", "Synthetic Customs", "VN"))
    sheet.cell(row=1_000_000, column=1, value="Synthetic Person Far Below")
    out = io.BytesIO()
    workbook.save(out)
    with pytest.raises(ParticipantFileError, match="more than 50 empty rows"):
        read(out.getvalue(), "list.xlsx")


@pytest.mark.parametrize("make", [csv_bytes, xlsx_bytes])
def test_participant_file_rows_refuses_text_beyond_the_fiftieth_column(make):
    wide = [*row("Synthetic Person A", "Synthetic Customs", "VN"), *[""] * 42, "stray text"]
    assert len(wide) == 51
    name = "list.xlsx" if make is xlsx_bytes else "list.csv"
    with pytest.raises(ParticipantFileError, match="Line 2 has more than 50 columns"):
        read(make([wide]), name)


def test_participant_file_rows_refuses_an_xlsx_that_unpacks_to_more_than_50_mb():
    import zipfile

    # A small file whose sheet unpacks to 51 MB (spaces after the sheet's XML, which is still
    # valid XML): refused from the sizes the zip declares, before openpyxl reads it.
    bomb = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx_bytes(GOOD_ROWS))) as original,
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as copy,
    ):
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data += b" " * (51 * 1024 * 1024)
            copy.writestr(item.filename, data)
    content = bomb.getvalue()
    assert len(content) < 1024 * 1024
    with pytest.raises(ParticipantFileError, match="unpacks to more than 50 MB"):
        read(content, "list.xlsx")


def test_participant_file_rows_refuses_content_over_the_size_limit(settings):
    settings.PARTICIPANT_IMPORT_MAX_BYTES = 1024
    content = csv_bytes(
        [row(f"Synthetic Person {n}", "Synthetic Customs", "VN") for n in range(40)]
    )
    assert len(content) > 1024
    with pytest.raises(ParticipantFileError, match="The file is larger than"):
        read(content)


class SpiedUpload:
    """An uploaded file that records how much was asked of `read`."""

    def __init__(self, content, size, name="list.csv"):
        self.file = io.BytesIO(content)
        self.size = size
        self.name = name
        self.reads = []

    def seek(self, position):
        self.file.seek(position)

    def read(self, size=-1):
        self.reads.append(size)
        return self.file.read(size)


def test_participant_upload_content_refuses_a_large_upload_before_reading_it(settings):
    settings.PARTICIPANT_IMPORT_MAX_BYTES = 1024
    upload = SpiedUpload(b"x" * 5000, size=5000)
    with pytest.raises(ParticipantFileError, match="larger than"):
        services.participant_upload_content(upload)
    assert upload.reads == []


def test_participant_upload_content_reads_no_more_than_the_limit_whatever_the_size_says(settings):
    settings.PARTICIPANT_IMPORT_MAX_BYTES = 1024
    upload = SpiedUpload(b"x" * 5000, size=10)
    with pytest.raises(ParticipantFileError, match="larger than"):
        services.participant_upload_content(upload)
    assert upload.reads == [1025]
    small = SpiedUpload(b"name,organization,country\n", size=26)
    assert services.participant_upload_content(small) == b"name,organization,country\n"


# A preview holds for the records as they were previewed.


@pytest.mark.django_db
def test_participant_import_apply_refuses_a_preview_after_a_listed_participation_was_deleted():
    workshop = WorkshopFactory()
    person = PersonFactory(name="Synthetic Person A", country="VN")
    participation = ParticipationFactory(workshop=workshop, person=person)
    rows = read(csv_bytes(GOOD_ROWS))
    previewed = participant_import_plan(workshop=workshop, rows=rows)
    assert previewed.rows[0].action == "update"

    participation.delete()  # another editor, meanwhile
    with pytest.raises(services.ParticipantImportOutdated) as refused:
        participant_import_apply(workshop=workshop, rows=rows, previewed=previewed.fingerprint)
    assert refused.value.plan.rows[0].action == "add"
    assert not Participation.objects.filter(person=person).exists()
    assert Participation.objects.count() == 0
    assert Person.objects.count() == 1


@pytest.mark.django_db
def test_participant_import_apply_refuses_a_preview_after_a_matched_person_changed():
    workshop = WorkshopFactory()
    person = PersonFactory(name="Synthetic Person B", country="VN", position="Inspector")
    rows = read(csv_bytes(GOOD_ROWS))
    previewed = participant_import_plan(workshop=workshop, rows=rows).fingerprint

    person.position = "Director"  # another editor, meanwhile
    person.save()
    with pytest.raises(services.ParticipantImportOutdated):
        participant_import_apply(workshop=workshop, rows=rows, previewed=previewed)
    assert Participation.objects.count() == 0

    again = participant_import_plan(workshop=workshop, rows=rows).fingerprint
    participant_import_apply(workshop=workshop, rows=rows, previewed=again)
    assert Participation.objects.filter(workshop=workshop).count() == 4


# A person matched by name and country who is recorded at other workshops.


@pytest.fixture
def person_at_a_published_workshop(db):
    customs = OrganizationFactory(name="Synthetic Customs", country="VN")
    person = PersonFactory(
        name="Synthetic Person A",
        country="VN",
        organization=customs,
        position="Inspector",
        email="recorded@example.invalid",
        phone="+00 1111",
        publish_name_consent=False,
    )
    published = WorkshopFactory(title="Synthetic Published Workshop", edition=3)
    ParticipationFactory(workshop=published, person=person)
    return person


def _row_of_person_a(**cells):
    values = {"email": "", "phone": "", "publish": "", "position": "Inspector", **cells}
    phone = values.pop("phone")
    cells = row("Synthetic Person A", "Synthetic Customs", "VN", **values)
    cells[5] = phone
    return cells


def test_participant_import_plan_lists_the_changes_to_a_person_recorded_at_other_workshops(
    person_at_a_published_workshop,
):
    draft = WorkshopFactory(status=Workshop.Status.DRAFT)
    file_row = _row_of_person_a(email="new@example.invalid", phone="+00 2222", publish="yes")
    plan = participant_import_plan(workshop=draft, rows=read(csv_bytes([file_row])))
    [planned] = plan.rows
    assert planned.action == "add"
    assert planned.person_id == person_at_a_published_workshop.pk
    assert planned.also_at == ["3rd Synthetic Published Workshop"]
    changes = [(change.label, change.old, change.new) for change in planned.person_changes]
    assert changes == [
        ("e-mail", "recorded@example.invalid", "new@example.invalid"),
        ("phone", "+00 1111", "+00 2222"),
        ("consents to publishing the name", "no", "yes"),
    ]
    assert plan.people_elsewhere_to_change == 1


def test_participant_import_into_a_draft_keeps_the_details_of_a_person_at_a_published_workshop(
    person_at_a_published_workshop,
):
    person = person_at_a_published_workshop
    draft = WorkshopFactory(status=Workshop.Status.DRAFT)
    file_row = _row_of_person_a(
        email="new@example.invalid", phone="+00 2222", publish="yes", position="Director"
    )
    participant_import_apply(workshop=draft, rows=read(csv_bytes([file_row])))
    person.refresh_from_db()
    assert (person.email, person.phone, person.position) == (
        "recorded@example.invalid",
        "+00 1111",
        "Inspector",
    )
    assert person.publish_name_consent is False
    # The participation in the draft is imported, for the person already recorded.
    assert Participation.objects.get(workshop=draft).person == person
    assert Person.objects.count() == 1


def test_participant_import_updates_a_person_at_other_workshops_when_the_editor_says_so(
    person_at_a_published_workshop,
):
    person = person_at_a_published_workshop
    draft = WorkshopFactory(status=Workshop.Status.DRAFT)
    file_row = _row_of_person_a(email="new@example.invalid", phone="+00 2222", publish="yes")
    participant_import_apply(
        workshop=draft, rows=read(csv_bytes([file_row])), update_people_elsewhere=True
    )
    person.refresh_from_db()
    assert (person.email, person.phone) == ("new@example.invalid", "+00 2222")
    assert person.publish_name_consent is True


@pytest.mark.django_db
@pytest.mark.parametrize("header", [HEADER, HEADER[:-1]], ids=["blank cell", "no column"])
def test_participant_import_changes_consent_only_with_an_explicit_value(header):
    workshop = WorkshopFactory()
    consenting = PersonFactory(name="Synthetic Person A", country="VN", publish_name_consent=True)
    refusing = PersonFactory(name="Synthetic Person B", country="VN", publish_name_consent=False)
    rows = [
        row("Synthetic Person A", "", "VN")[: len(header)],
        row("Synthetic Person B", "", "VN")[: len(header)],
    ]
    participant_import_apply(workshop=workshop, rows=read(csv_bytes(rows, header)))
    consenting.refresh_from_db()
    refusing.refresh_from_db()
    assert consenting.publish_name_consent is True
    assert refusing.publish_name_consent is False

    rows = [row("Synthetic Person A", "", "VN", publish="no")]
    participant_import_apply(workshop=workshop, rows=read(csv_bytes(rows)))
    consenting.refresh_from_db()
    assert consenting.publish_name_consent is False


@pytest.mark.django_db
def test_participant_import_records_countries_delegations_with_their_headcount(editor):
    workshop = WorkshopFactory()
    header = [*HEADER, "headcount"]
    rows = [
        ["", "", "", "Cambodia", "", "", "", "", "5"],
        ["", "", "", "Lao People's Democratic Republic", "", "", "", "", ""],
        row("Synthetic Person D", "Synthetic Customs", "TH"),
    ]
    participant_import_apply(workshop=workshop, rows=read(csv_bytes(rows, header)), user=editor)
    delegations = {
        p.country.code: p.delegation_size for p in workshop.participations.all() if p.is_delegation
    }
    assert delegations == {"KH": 5, "LA": None}
    assert not Organization.objects.filter(name__icontains="delegation").exists()

    # The same list again changes nothing; a new headcount updates the delegation.
    plan = participant_import_plan(workshop=workshop, rows=read(csv_bytes(rows, header)))
    assert plan.unchanged == 3
    rows[0][-1] = "6"
    plan = participant_import_plan(workshop=workshop, rows=read(csv_bytes(rows, header)))
    assert (plan.to_add, plan.to_update) == (0, 1)
    participant_import_apply(workshop=workshop, rows=read(csv_bytes(rows, header)), user=editor)
    assert workshop.participations.get(country="KH").delegation_size == 6


@pytest.mark.django_db
def test_participant_import_refuses_a_headcount_that_is_not_a_delegations():
    workshop = WorkshopFactory()
    header = [*HEADER, "headcount"]
    rows = [
        ["Synthetic Person E", "", "Synthetic Customs", "TH", "", "", "", "", "3"],
        ["", "", "", "KH", "", "", "", "", "five"],
        ["", "", "", "", "", "", "", "", ""],
    ]
    plan = participant_import_plan(workshop=workshop, rows=read(csv_bytes(rows, header)))
    reasons = [problem.reason for problem in plan.problems]
    assert any("a headcount is for a country's delegation" in r for r in reasons)
    assert any(
        "headcount must be a whole number from 1 to 2,147,483,647, not “five”" in r for r in reasons
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headcount", ["²", "3²", "½", "2147483648", "99999999999999999999", "9" * 5000, "0", "00"]
)
def test_participant_import_refuses_a_headcount_the_database_cannot_hold(editor, headcount):
    """A digit-like sign (which `int` refuses) or a number past what the field's integer holds
    is a bad row at the preview, not an error page at the preview or the confirmation; so is
    a delegation of no one."""
    workshop = WorkshopFactory()
    header = [*HEADER, "headcount"]
    rows = read(csv_bytes([["", "", "", "KH", "", "", "", "", headcount]], header))
    plan = participant_import_plan(workshop=workshop, rows=rows)
    assert [p.reason for p in plan.problems] == [
        f"headcount must be a whole number from 1 to 2,147,483,647, not “{headcount}”"
    ]
    with pytest.raises(ValidationError):
        participant_import_apply(workshop=workshop, rows=rows, user=editor)
    assert not workshop.participations.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("headcount", "recorded"), [("2147483647", 2147483647), ("١٢", 12)])
def test_participant_import_takes_the_largest_headcount_and_digits_of_any_script(
    editor, headcount, recorded
):
    workshop = WorkshopFactory()
    header = [*HEADER, "headcount"]
    rows = read(csv_bytes([["", "", "", "KH", "", "", "", "", headcount]], header))
    participant_import_apply(workshop=workshop, rows=rows, user=editor)
    assert workshop.participations.get(country="KH").delegation_size == recorded
