"""Every changelist of the secretariat's records exports to CSV and Excel."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from participants.tests.factories import ParticipationFactory
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
