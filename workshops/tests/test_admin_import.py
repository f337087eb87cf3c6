"""Importing a participant list from the workshop's admin page: upload, preview, confirm."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from participants.models import Participation, Person
from participants.services import COLUMNS
from workshops.tests.factories import WorkshopFactory

HEADER = "name,position,organization,country,email,phone,role,publish_name\n"
GOOD = (
    HEADER + "Synthetic Person A,Inspector,Synthetic Customs,Viet Nam,,,,yes\n"
    "Synthetic Person B,,Synthetic Customs,VN,,,speaker,\n"
)


@pytest.fixture
def workshop(db):
    return WorkshopFactory(title="Synthetic Import Workshop")


def import_url(workshop):
    return reverse("admin:workshops_workshop_import_participants", args=[workshop.pk])


def upload(client, workshop, content, name="participants.csv"):
    return client.post(import_url(workshop), {"file": SimpleUploadedFile(name, content)})


def test_import_page_offers_the_template_and_lists_the_columns(editor_client, workshop):
    change = editor_client.get(reverse("admin:workshops_workshop_change", args=[workshop.pk]))
    assert import_url(workshop) in change.content.decode()
    page = editor_client.get(import_url(workshop)).content.decode()
    for column in COLUMNS:
        assert f"<code>{column}</code>" in page
    assert reverse("admin:workshops_workshop_participant_template", args=["xlsx"]) in page
    assert reverse("admin:workshops_workshop_participant_template", args=["csv"]) in page


def test_import_template_downloads_as_csv_and_excel(editor_client, workshop):
    url = reverse("admin:workshops_workshop_participant_template", args=["csv"])
    response = editor_client.get(url)
    assert response["Content-Disposition"] == 'attachment; filename="participants-template.csv"'
    assert next(csv.reader(io.StringIO(response.content.decode()))) == list(COLUMNS)

    url = reverse("admin:workshops_workshop_participant_template", args=["xlsx"])
    response = editor_client.get(url)
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [cell.value for cell in book.worksheets[0][1]] == list(COLUMNS)
    assert book.sheetnames == ["Participants", "Columns"]
    url = reverse("admin:workshops_workshop_participant_template", args=["pdf"])
    assert editor_client.get(url).status_code == 404


def test_import_preview_writes_nothing_then_confirm_writes_all(editor, editor_client, workshop):
    response = upload(editor_client, workshop, GOOD.encode())
    page = response.content.decode()
    assert response.status_code == 200
    assert "nothing is saved yet" in page
    assert '<strong id="count-add">2</strong>' in page
    assert 'id="import-confirm"' in page
    assert Person.objects.count() == 0

    token = editor_client.session["participant_import"]["token"]
    response = editor_client.post(import_url(workshop), {"confirm": "1", "token": token})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:workshops_workshop_change", args=[workshop.pk])
    assert Participation.objects.filter(workshop=workshop).count() == 2
    assert Person.history.filter(history_user=editor).count() == 2
    message = editor_client.get(response["Location"]).content.decode()
    assert "Imported participants.csv: 2 participation(s) added, 0 updated" in message

    # The same preview cannot be confirmed twice.
    response = editor_client.post(import_url(workshop), {"confirm": "1", "token": token})
    assert response.status_code == 400
    assert "upload the file again" in response.content.decode()
    assert Participation.objects.filter(workshop=workshop).count() == 2


def test_import_preview_with_bad_rows_shows_lines_and_reasons_and_no_confirm(
    editor_client, workshop
):
    content = GOOD + ",,,VN,,,,\nSynthetic Person C,,,Atlantis,,,,\nSynthetic Person A,,,VN,,,,\n"
    page = upload(editor_client, workshop, content.encode()).content.decode()
    assert "<td>4</td><td>missing name" in page
    assert "<td>5</td><td>unknown country “Atlantis”</td>" in page
    assert "<td>6</td><td>duplicate of line 2</td>" in page
    assert 'id="import-confirm"' not in page
    assert "participant_import" not in editor_client.session
    assert Person.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "participants.csv", "The submitted file is empty."),
        (b"first,second\n1,2\n", "participants.csv", "missing column(s): name, organization"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00binary", "participants.csv", "not a CSV spreadsheet"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00binary", "participants.xlsx", "not an Excel (.xlsx)"),
        (b"some text", "participants.docx", "Upload a .csv or .xlsx file"),
    ],
)
def test_import_of_a_bad_file_is_a_400_with_the_reason(
    editor_client, workshop, content, name, message
):
    response = upload(editor_client, workshop, content, name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Person.objects.count() == 0


def test_import_with_records_changed_since_the_preview_writes_nothing(editor_client, workshop):
    from participants.tests.factories import PersonFactory

    upload(editor_client, workshop, GOOD.encode())
    token = editor_client.session["participant_import"]["token"]
    # Meanwhile a namesake appears twice: the file can no longer be matched safely.
    PersonFactory(name="Synthetic Person A", country="VN")
    PersonFactory(name="Synthetic Person A", country="VN")
    response = editor_client.post(import_url(workshop), {"confirm": "1", "token": token})
    assert response.status_code == 409
    assert "Nothing was imported" in response.content.decode()
    assert Participation.objects.count() == 0


def test_import_is_refused_to_a_viewer(viewer_client, workshop):
    assert viewer_client.get(import_url(workshop)).status_code == 403
    response = viewer_client.post(
        import_url(workshop), {"file": SimpleUploadedFile("p.csv", GOOD.encode())}
    )
    assert response.status_code == 403
    assert Person.objects.count() == 0


def test_import_for_a_missing_workshop_is_a_404(editor_client, db):
    url = reverse("admin:workshops_workshop_import_participants", args=[999])
    assert editor_client.get(url).status_code == 404


def test_import_previews_left_unconfirmed_for_a_day_are_dropped(editor_client, workshop):
    import os
    import time

    from workshops.admin import PARTICIPANT_IMPORT_DIR

    PARTICIPANT_IMPORT_DIR.mkdir(parents=True, exist_ok=True)
    stale = PARTICIPANT_IMPORT_DIR / ("0" * 32)
    stale.write_bytes(b"synthetic stale preview")
    day_and_a_bit = time.time() - 25 * 60 * 60
    os.utime(stale, (day_and_a_bit, day_and_a_bit))
    upload(editor_client, workshop, GOOD.encode())
    assert not stale.exists()
    token = editor_client.session["participant_import"]["token"]
    assert (PARTICIPANT_IMPORT_DIR / token).exists()
