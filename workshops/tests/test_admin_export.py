"""Every changelist of the secretariat's records exports to CSV and Excel."""

import csv
import io
from types import SimpleNamespace

import openpyxl
import pytest
from django.contrib import admin
from django.urls import reverse
from import_export.fields import Field
from import_export.widgets import IntegerWidget

from core.resources import FORMULA_STARTS, PortalResource, spreadsheet_safe
from participants.tests.factories import OrganizationFactory, ParticipationFactory, PersonFactory
from recommendations.tests.factories import FollowUpFactory

EXPORTS = [
    # (admin URL name, what a record's row holds, expected header cells)
    ("workshops_workshop", "Synthetic Export Workshop", ["title", "slug", "country", "status"]),
    ("participants_organization", "Synthetic Export Agency", ["name", "kind", "country"]),
    ("participants_person", "Synthetic Export Person", ["name", "organization", "email"]),
    ("participants_participation", "Synthetic Export Person", ["workshop", "name", "role"]),
    ("recommendations_recommendation", "Synthetic export rec", ["number", "short_title"]),
    ("recommendations_followup", "Synthetic export rec", ["recommendation", "date", "status"]),
]


@pytest.fixture
def records(db):
    follow_up = FollowUpFactory(
        recommendation__short_title="Synthetic export rec",
        recommendation__workshop__title="Synthetic Export Workshop",
    )
    ParticipationFactory(
        workshop=follow_up.recommendation.workshop,
        person__name="Synthetic Export Person",
        person__organization__name="Synthetic Export Agency",
    )


def export(client, name, file_format):
    url = reverse(f"admin:{name}_export")
    page = client.get(url).content.decode()
    assert '<option value="0">csv</option>' in page
    assert '<option value="1">xlsx</option>' in page
    response = client.post(url, {"format": file_format, "resource": "0"} | _all_fields(page))
    assert response.status_code == 200, response.content[:500]
    return response


def _all_fields(page):
    import re

    return dict.fromkeys(re.findall(r'name="(\w+resource_\w+)"', page), "on")


@pytest.mark.parametrize(("name", "text", "header"), EXPORTS, ids=[e[0] for e in EXPORTS])
def test_export_changelist_to_csv(editor_client, records, name, text, header):
    response = export(editor_client, name, "0")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert set(header) <= set(rows[0])
    assert any(text in cell for row in rows[1:] for cell in row)


@pytest.mark.parametrize(("name", "text", "header"), EXPORTS, ids=[e[0] for e in EXPORTS])
def test_export_changelist_to_excel(editor_client, records, name, text, header):
    response = export(editor_client, name, "1")
    assert "spreadsheetml" in response["Content-Type"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert set(header) <= set(rows[0])
    assert any(text in cell for row in rows[1:] for cell in row)


def test_export_changelist_links_to_export(editor_client, records):
    page = editor_client.get(reverse("admin:participants_person_changelist")).content.decode()
    assert reverse("admin:participants_person_export") in page


def test_export_respects_the_changelist_filter(editor_client, records):
    ParticipationFactory(person__name="Synthetic Other Person")
    url = reverse("admin:participants_person_export") + "?q=Export"
    page = editor_client.get(url).content.decode()
    response = editor_client.post(url, {"format": "0", "resource": "0"} | _all_fields(page))
    text = response.content.decode()
    assert "Synthetic Export Person" in text
    assert "Synthetic Other Person" not in text


# Text that a spreadsheet program would run as a formula is written as text.

FORMULAE = [
    '=HYPERLINK("http://x","y")',
    "=cmd|' /C calc'!A0",
    "+1",
    "-1+2",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
]
FORMULA_RECORDS = [
    ("participants_organization", lambda text: OrganizationFactory(name=text, acronym=text)),
    ("participants_person", lambda text: PersonFactory(name=text, position=text)),
]


@pytest.mark.parametrize(("name", "create"), FORMULA_RECORDS, ids=[r[0] for r in FORMULA_RECORDS])
def test_export_to_excel_writes_formula_like_text_as_text(editor_client, name, create):
    for text in FORMULAE:
        create(text)
    response = export(editor_client, name, "1")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.value for cell in cells if cell.data_type == "f"]
    assert not [cell.value for cell in cells if str(cell.value).startswith(FORMULA_STARTS)]
    # An Excel file is XML, which reads a carriage return back as a line feed.
    assert {f"'{text}".replace("\r", "\n") for text in FORMULAE} <= {cell.value for cell in cells}


@pytest.mark.parametrize(("name", "create"), FORMULA_RECORDS, ids=[r[0] for r in FORMULA_RECORDS])
def test_export_to_csv_writes_formula_like_text_after_an_apostrophe(editor_client, name, create):
    for text in FORMULAE:
        create(text)
    response = export(editor_client, name, "0")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    assert {f"'{text}" for text in FORMULAE} <= set(cells)


# A control character (a word processor's line break, \x0b, pasted into a name) made openpyxl
# refuse the whole Excel export: import-export then showed an error page, no file.
CONTROLLED = "Synthetic\x0bControl\x01Agency"


@pytest.mark.parametrize(("name", "create"), FORMULA_RECORDS, ids=[r[0] for r in FORMULA_RECORDS])
def test_export_to_excel_writes_a_control_character_as_a_space(editor_client, name, create):
    create(CONTROLLED)
    response = export(editor_client, name, "1")
    assert "spreadsheetml" in response["Content-Type"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert "Synthetic Control Agency" in {
        cell for row in sheet.iter_rows(values_only=True) for cell in row
    }


@pytest.mark.parametrize(
    ("value", "written"),
    [
        *((text, f"'{text}") for text in FORMULAE),
        ("Synthetic Agency", "Synthetic Agency"),
        (CONTROLLED, "Synthetic Control Agency"),
        ("\x0b=1+1", " =1+1"),
        ("a=b", "a=b"),
        ("", ""),
        (-1, -1),
        (None, None),
    ],
)
def test_spreadsheet_safe_prefixes_only_text_that_starts_like_a_formula(value, written):
    assert spreadsheet_safe(value) == written


class NumberResource(PortalResource):
    number = Field(attribute="number", column_name="number", widget=IntegerWidget())


def test_export_leaves_a_negative_number_a_number():
    resource, record = NumberResource(), SimpleNamespace(number=-1)
    number = resource.fields["number"]
    assert resource.export_field(number, record) == "-1"  # in CSV
    assert resource.export_field(number, record, force_native_type=True) == -1  # in Excel


def test_export_every_admin_exports_through_the_portal_resource(rf, editor):
    request = rf.get("/")
    request.user = editor
    exporting = [
        model_admin
        for model_admin in admin.site._registry.values()
        if hasattr(model_admin, "get_export_resource_classes")
    ]
    assert len(exporting) > 10
    for model_admin in exporting:
        for resource_class in model_admin.get_export_resource_classes(request):
            assert issubclass(resource_class, PortalResource), model_admin
