"""A participant-list upload kept between its preview and its confirmation.

Every name and address here is synthetic, made up for tests.
"""

import os
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from participants import imports
from participants.imports import (
    PreviewExpired,
    PreviewOutdated,
    participant_upload_confirm,
    participant_upload_discard,
    participant_upload_preview,
)
from participants.models import Participation
from participants.services import ParticipantFileError
from participants.tests.factories import ParticipationFactory, PersonFactory
from workshops.tests.factories import WorkshopFactory

GOOD = (
    b"name,position,organization,country,email,phone,role,publish_name\n"
    b"Synthetic Person A,Inspector,Synthetic Customs,Viet Nam,,,,yes\n"
    b"Synthetic Person B,,Synthetic Customs,VN,,,speaker,\n"
)


@pytest.fixture(autouse=True)
def kept_uploads(tmp_path, monkeypatch):
    directory = tmp_path / "kept"
    monkeypatch.setattr(imports, "KEPT_UPLOADS_DIR", directory)
    return directory


@pytest.fixture
def workshop(db):
    return WorkshopFactory()


def kept_files(directory):
    return sorted(path.name for path in directory.iterdir()) if directory.exists() else []


def preview(session, workshop, content=GOOD, name="list.csv"):
    upload = SimpleUploadedFile(name, content)
    return participant_upload_preview(session=session, workshop=workshop, upload=upload)


def test_participant_upload_preview_keeps_the_file_and_confirm_removes_it(
    workshop, editor, kept_uploads
):
    session = {}
    shown = preview(session, workshop)
    assert kept_files(kept_uploads) == [shown.token]
    assert session["participant_import"]["fingerprint"] == shown.plan.fingerprint
    assert Participation.objects.count() == 0

    imported = participant_upload_confirm(
        session=session, workshop=workshop, token=shown.token, user=editor
    )
    assert imported.plan.to_add == 2
    assert Participation.objects.filter(workshop=workshop).count() == 2
    assert kept_files(kept_uploads) == []
    assert "participant_import" not in session
    with pytest.raises(PreviewExpired):
        participant_upload_confirm(
            session=session, workshop=workshop, token=shown.token, user=editor
        )


def test_participant_upload_preview_of_another_file_removes_the_first(workshop, kept_uploads):
    session = {}
    first = preview(session, workshop)
    second = preview(session, workshop)
    assert kept_files(kept_uploads) == [second.token]
    assert first.token != second.token
    # A refused file replaces the pending preview too, and leaves nothing behind.
    with pytest.raises(ParticipantFileError):
        preview(session, workshop, b"first,second\n1,2\n")
    assert kept_files(kept_uploads) == []
    assert "participant_import" not in session


def test_participant_upload_preview_with_bad_rows_keeps_nothing(workshop, kept_uploads):
    session = {}
    shown = preview(session, workshop, GOOD + b"Synthetic Person C,,,Atlantis,,,,\n")
    assert not shown.plan.is_valid
    assert shown.token == ""
    assert kept_files(kept_uploads) == []
    assert session == {}


def test_participant_upload_confirm_after_the_records_changed_writes_nothing_and_previews_again(
    workshop, editor, kept_uploads
):
    person = PersonFactory(name="Synthetic Person A", country="VN")
    listed = ParticipationFactory(workshop=workshop, person=person)
    session = {}
    shown = preview(session, workshop)
    listed.delete()  # another editor, meanwhile

    with pytest.raises(PreviewOutdated) as refused:
        participant_upload_confirm(
            session=session, workshop=workshop, token=shown.token, user=editor
        )
    new = refused.value.preview
    assert str(refused.value) == "The records changed since your preview: review the new preview."
    assert Participation.objects.count() == 0
    assert new.plan.to_add == 2
    assert kept_files(kept_uploads) == [new.token]
    # The old preview's page cannot confirm the new preview; the new one can.
    with pytest.raises(PreviewExpired):
        participant_upload_confirm(
            session=session, workshop=workshop, token=shown.token, user=editor
        )
    participant_upload_confirm(session=session, workshop=workshop, token=new.token, user=editor)
    assert Participation.objects.filter(workshop=workshop).count() == 2
    assert kept_files(kept_uploads) == []


def test_participant_upload_confirm_refuses_a_token_of_another_workshop_or_made_up(
    workshop, editor
):
    session = {}
    shown = preview(session, workshop)
    other = WorkshopFactory()
    for target, token in [
        (other, shown.token),
        (workshop, "../" * 10 + "etc/passwd"),
        (workshop, ""),
    ]:
        with pytest.raises(PreviewExpired):
            participant_upload_confirm(session=session, workshop=target, token=token, user=editor)
    assert Participation.objects.count() == 0


def test_participant_upload_previews_left_unconfirmed_for_a_day_are_dropped(workshop, kept_uploads):
    kept_uploads.mkdir()
    stale = kept_uploads / ("0" * 32)
    stale.write_bytes(b"synthetic stale preview")
    day_and_a_bit = time.time() - 25 * 60 * 60
    os.utime(stale, (day_and_a_bit, day_and_a_bit))
    shown = preview({}, workshop)
    assert kept_files(kept_uploads) == [shown.token]


def test_participant_upload_discard_without_a_pending_preview_does_nothing():
    session = {"participant_import": {"token": "../not-a-token"}}
    participant_upload_discard(session=session)
    assert session == {}


def test_participant_upload_confirm_failing_half_way_leaves_no_kept_file(
    workshop, editor, kept_uploads, monkeypatch
):
    session = {}
    shown = preview(session, workshop)

    def fail(**kwargs):
        raise RuntimeError("synthetic failure while importing")

    monkeypatch.setattr(imports, "participant_import_apply", fail)
    with pytest.raises(RuntimeError):
        participant_upload_confirm(
            session=session, workshop=workshop, token=shown.token, user=editor
        )
    assert kept_files(kept_uploads) == []
    assert "participant_import" not in session
