"""A material that cannot be stored (the disk full) is refused with a message, and leaves
neither a record nor a partial file behind."""

import errno
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.storage import filesystem as filesystem_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.storage import FileNotStored
from workshops.models import Material, Workshop
from workshops.tests.admin_forms import change_form_values, material_add_form
from workshops.tests.factories import WorkshopFactory

PDF = b"%PDF-1.4\n" + b"synthetic page\n" * 200 + b"%%EOF\n"


@pytest.fixture
def own_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def disk_fills_up(monkeypatch):
    """The disk fills up while the storage writes: the file being written gets part of its
    bytes, then the write fails with ENOSPC, as on a full disk. `fails_from` is the 1-based
    file (the order written) from which every write fails."""

    class Writes:
        fails_from = 1
        files = 0

    real_fdopen = os.fdopen

    class FillingFile:
        def __init__(self, raw):
            self.raw = raw
            Writes.files += 1
            self.number = Writes.files

        def write(self, chunk):
            if self.number < Writes.fails_from:
                return self.raw.write(chunk)
            self.raw.write(chunk[:10])
            self.raw.flush()
            raise OSError(errno.ENOSPC, "No space left on device")

        def close(self):
            self.raw.close()

    monkeypatch.setattr(
        filesystem_storage.os,
        "fdopen",
        lambda fd, *args, **kwargs: FillingFile(real_fdopen(fd, *args, **kwargs)),
    )
    return Writes


def _files_under(folder):
    return sorted(
        os.path.relpath(os.path.join(root, name), folder)
        for root, _, names in os.walk(folder)
        for name in names
    )


def test_storage_full_disk_leaves_no_partial_file(own_media_root, disk_fills_up):
    with pytest.raises(FileNotStored) as refusal:
        default_storage.save("materials/2026/token/agenda.pdf", ContentFile(PDF))

    assert "could not be stored: the server's disk is full" in str(refusal.value)
    assert _files_under(own_media_root) == []
    assert not (own_media_root / "materials" / "2026" / "token").exists()


def test_storage_other_write_failure_says_the_file_could_not_be_stored(own_media_root, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(filesystem_storage.os, "open", refuse)

    with pytest.raises(FileNotStored) as refusal:
        default_storage.save("materials/2026/agenda.pdf", ContentFile(PDF))

    assert "“agenda.pdf” could not be stored" in str(refusal.value)
    assert isinstance(refusal.value, OSError)  # as callers that catch OSError expect


def test_admin_material_upload_on_a_full_disk_is_refused_with_a_message(
    editor_client, own_media_root, disk_fills_up
):
    workshop = WorkshopFactory()
    form = material_add_form(workshop, content=PDF)

    response = editor_client.post(reverse("admin:workshops_material_add"), form)

    assert response.status_code == 507
    content = response.content.decode()
    assert "The file “agenda.pdf” could not be stored: the server&#x27;s disk is full" in content
    assert 'value="Synthetic agenda"' in content  # the input is kept
    assert not Material.objects.exists()
    assert _files_under(own_media_root) == []


def test_admin_workshop_inline_materials_on_a_full_disk_leave_nothing(
    editor_client, own_media_root, disk_fills_up
):
    # The first material is written whole, the second finds the disk full: neither is kept.
    disk_fills_up.fails_from = 2
    workshop = WorkshopFactory(status=Workshop.Status.DRAFT)
    url = reverse("admin:workshops_workshop_change", args=[workshop.pk])
    form = change_form_values(editor_client, url)
    form["city"] = "Synthetic City Renamed"
    form["materials-TOTAL_FORMS"] = "2"
    for index, name in enumerate(["agenda.pdf", "slides.pdf"]):
        form.update(
            {
                f"materials-{index}-workshop": workshop.pk,
                f"materials-{index}-id": "",
                f"materials-{index}-position": index + 1,
                f"materials-{index}-kind": Material.Kind.PRESENTATION,
                f"materials-{index}-title": f"Synthetic material {index}",
                f"materials-{index}-file": SimpleUploadedFile(name, PDF),
                f"materials-{index}-url": "",
            }
        )

    response = editor_client.post(url, form)

    assert response.status_code == 507
    assert "The file “slides.pdf” could not be stored" in response.content.decode()
    assert not Material.objects.exists()
    workshop.refresh_from_db()
    assert workshop.city == "Synthetic City"
    assert _files_under(own_media_root) == []
    assert disk_fills_up.files == 2


def test_admin_material_upload_works_again_once_there_is_room(editor_client, own_media_root):
    workshop = WorkshopFactory()
    form = material_add_form(workshop, content=PDF)

    response = editor_client.post(reverse("admin:workshops_material_add"), form)

    assert response.status_code == 302
    assert Material.objects.get().file.read() == PDF
