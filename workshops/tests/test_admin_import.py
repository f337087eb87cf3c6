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


@pytest.fixture(autouse=True)
def kept_uploads(tmp_path, monkeypatch):
    """The folder where previewed files wait for confirmation, this test's own."""
    from participants import imports

    directory = tmp_path / "kept"
    monkeypatch.setattr(imports, "KEPT_UPLOADS_DIR", directory)
    return directory


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
    # A row with only a country is that country's delegation; with nothing to say who, none.
    content = (
        GOOD + ",,,,,,observer,\nSynthetic Person C,,,Atlantis,,,,\nSynthetic Person A,,,VN,,,,\n"
    )
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


def test_import_of_a_csv_with_a_nul_past_its_first_lines_is_a_400_not_a_500_at_confirm(
    editor_client, workshop
):
    """A NUL far into a CSV (past the first 4 KB looked at for binary files) was previewed as
    fine, then failed the confirmation with a 500 on PostgreSQL, which refuses NUL in text."""
    rows = "".join(f"Synthetic Person {n},,Synthetic Customs,VN,,,,\n" for n in range(300))
    content = (HEADER + rows + "Synthetic Person Z,,Synthetic\x00 Customs,VN,,,,\n").encode()
    assert content.index(b"\x00") > 4096
    response = upload(editor_client, workshop, content)
    assert response.status_code == 400
    assert "holds a NUL character (on line 302)" in response.content.decode()
    assert "participant_import" not in editor_client.session
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


def confirm(client, workshop, **fields):
    token = client.session["participant_import"]["token"]
    return client.post(import_url(workshop), {"confirm": "1", "token": token, **fields})


def test_import_of_a_file_over_the_size_limit_is_refused_before_it_is_read(
    editor_client, workshop, settings, monkeypatch
):
    from django.core.files.uploadedfile import UploadedFile

    settings.PARTICIPANT_IMPORT_MAX_BYTES = 1024 * 1024
    reads = []
    real_read = UploadedFile.read

    def spied_read(self, *args):
        reads.append(args)
        return real_read.__get__(self)(*args)

    monkeypatch.setattr(UploadedFile, "read", spied_read, raising=False)
    rows = "Synthetic Person A,,Synthetic Customs,VN,,,,\n" * 30_000
    # A plain file object: the test client reads it to send it, and is not spied on.
    sent = io.BytesIO((HEADER + rows).encode())
    sent.name = "participants.csv"
    response = editor_client.post(import_url(workshop), {"file": sent})
    assert response.status_code == 400
    assert "The file is larger than 1 MB: split the list." in response.content.decode()
    assert reads == []
    assert Person.objects.count() == 0


def test_import_of_a_refused_or_confirmed_file_leaves_no_temporary_file(
    editor_client, workshop, settings, tmp_path, kept_uploads
):
    # Django writes an upload over 2.5 MB to a temporary file while the request lasts.
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(uploads)
    settings.PARTICIPANT_IMPORT_MAX_BYTES = 1024 * 1024
    rows = "Synthetic Person A,,Synthetic Customs,VN,,,,\n" * 80_000
    response = upload(editor_client, workshop, (HEADER + rows).encode())
    assert response.status_code == 400
    assert list(uploads.iterdir()) == []
    assert not kept_uploads.exists() or list(kept_uploads.iterdir()) == []

    upload(editor_client, workshop, GOOD.encode())
    assert len(list(kept_uploads.iterdir())) == 1
    assert confirm(editor_client, workshop).status_code == 302
    assert list(kept_uploads.iterdir()) == []
    assert list(uploads.iterdir()) == []


def test_import_of_an_xlsx_over_the_row_limit_is_a_400_with_the_reason(
    editor_client, workshop, settings
):
    settings.PARTICIPANT_IMPORT_MAX_ROWS = 100
    book = openpyxl.Workbook()
    book.active.append(list(COLUMNS))
    for n in range(101):
        book.active.append([f"Synthetic Person {n}", "", "Synthetic Customs", "VN"])
    content = io.BytesIO()
    book.save(content)
    response = upload(editor_client, workshop, content.getvalue(), "participants.xlsx")
    assert response.status_code == 400
    assert "more than 100 rows: split the list" in response.content.decode()
    assert "participant_import" not in editor_client.session


def test_import_confirmed_after_another_editor_deleted_a_listed_row_does_not_bring_it_back(
    editor_client, workshop
):
    from participants.tests.factories import ParticipationFactory, PersonFactory

    person = PersonFactory(name="Synthetic Person A", country="VN")
    listed = ParticipationFactory(workshop=workshop, person=person, role="participant")
    page = upload(editor_client, workshop, GOOD.encode()).content.decode()
    assert '<strong id="count-add">1</strong>' in page

    listed.delete()  # another editor, meanwhile
    response = confirm(editor_client, workshop)
    page = response.content.decode()
    assert response.status_code == 409
    assert "The records changed since your preview: review the new preview." in page
    assert '<strong id="count-add">2</strong>' in page
    assert not Participation.objects.filter(person=person).exists()
    assert Participation.objects.count() == 0

    # The new preview, once reviewed, may be confirmed.
    assert confirm(editor_client, workshop).status_code == 302
    assert Participation.objects.filter(workshop=workshop).count() == 2


@pytest.fixture
def person_at_a_published_workshop(db):
    from participants.tests.factories import ParticipationFactory, PersonFactory
    from workshops.models import Workshop

    person = PersonFactory(
        name="Synthetic Person A",
        country="VN",
        email="recorded@example.invalid",
        phone="+00 1111",
        publish_name_consent=False,
    )
    published = WorkshopFactory(
        title="Synthetic Published Workshop", edition=3, status=Workshop.Status.PUBLISHED
    )
    ParticipationFactory(workshop=published, person=person)
    return person


CHANGING_PERSON_A = (
    HEADER + "Synthetic Person A,,,VN,new@example.invalid,+00 2222,,yes\n"
    "Synthetic Person B,,Synthetic Customs,VN,,,speaker,\n"
)


def test_import_preview_shows_the_changes_to_a_person_recorded_at_other_workshops(
    editor_client, person_at_a_published_workshop
):
    from workshops.models import Workshop

    draft = WorkshopFactory(status=Workshop.Status.DRAFT)
    page = upload(editor_client, draft, CHANGING_PERSON_A.encode()).content.decode()
    assert "changes an existing person</strong> (also at: 3rd Synthetic Published Workshop)" in page
    assert "<li>e-mail: recorded@example.invalid → new@example.invalid</li>" in page
    assert "<li>phone: +00 1111 → +00 2222</li>" in page
    assert "<li>consents to publishing the name: no → yes</li>" in page
    assert 'name="update_people_elsewhere"' in page
    # Listed apart too, so that none hides beyond the preview's first 500 rows.
    assert (
        "<tr><td>2</td><td>Synthetic Person A</td><td>3rd Synthetic Published Workshop</td>"
        "<td>e-mail: recorded@example.invalid → new@example.invalid; phone: +00 1111 → +00 2222; "
        "consents to publishing the name: no → yes</td></tr>"
    ) in page


def test_import_confirmed_into_a_draft_keeps_a_published_persons_details_unless_ticked(
    editor_client, person_at_a_published_workshop
):
    from workshops.models import Workshop

    person = person_at_a_published_workshop
    draft = WorkshopFactory(status=Workshop.Status.DRAFT)
    upload(editor_client, draft, CHANGING_PERSON_A.encode())
    response = confirm(editor_client, draft)
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.email, person.phone, person.publish_name_consent) == (
        "recorded@example.invalid",
        "+00 1111",
        False,
    )
    assert Participation.objects.filter(workshop=draft, person=person).exists()
    message = editor_client.get(response["Location"]).content.decode()
    assert "The recorded details of 1 person(s) also at other workshops were kept" in message

    other_draft = WorkshopFactory(status=Workshop.Status.DRAFT)
    upload(editor_client, other_draft, CHANGING_PERSON_A.encode())
    assert confirm(editor_client, other_draft, update_people_elsewhere="1").status_code == 302
    person.refresh_from_db()
    assert (person.email, person.phone, person.publish_name_consent) == (
        "new@example.invalid",
        "+00 2222",
        True,
    )


def test_import_confirmed_after_the_limits_were_lowered_is_a_400_with_the_reason(
    editor_client, workshop, settings, kept_uploads
):
    upload(editor_client, workshop, GOOD.encode())
    settings.PARTICIPANT_IMPORT_MAX_ROWS = 1
    response = confirm(editor_client, workshop)
    assert response.status_code == 400
    assert "more than 1 rows: split the list" in response.content.decode()
    assert Participation.objects.count() == 0
    assert list(kept_uploads.iterdir()) == []
