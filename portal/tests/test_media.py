"""Uploaded files are served only to those who may see the record that owns them."""

import datetime
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from news.models import Post
from news.tests.factories import PostFactory
from reports.models import StoredReport
from workshops.models import Workshop
from workshops.tests.factories import MaterialFactory, WorkshopFactory

PDF = b"%PDF-1.4\nsynthetic agenda\n%%EOF\n"


@pytest.fixture(autouse=True)
def _db(db):
    """Every test here reads records."""


def _material(status, name="secret-agenda.pdf"):
    workshop = WorkshopFactory(status=status)
    return MaterialFactory(workshop=workshop, url="", file=SimpleUploadedFile(name, PDF))


def _stored_report(status, *, is_draft, name="reports/synthetic-report.pdf"):
    saved = default_storage.save(name, ContentFile(PDF))
    return StoredReport.objects.create(
        workshop=WorkshopFactory(status=status),
        fingerprint="0" * 64,
        stamp="synthetic",
        file=saved,
        is_draft=is_draft,
        page_count=1,
        size=len(PDF),
        render_seconds=0.1,
        generated_at=timezone.now(),
    )


def _body(response):
    return b"".join(response.streaming_content)


def test_media_file_of_a_draft_material_is_404_for_the_public(client):
    material = _material(Workshop.Status.DRAFT)

    response = client.get(material.file.url)

    assert response.status_code == 404
    assert b"synthetic agenda" not in response.content


def test_media_file_of_a_draft_material_is_served_to_staff(editor_client):
    material = _material(Workshop.Status.DRAFT)

    response = editor_client.get(material.file.url)

    assert response.status_code == 200
    assert _body(response) == PDF
    assert "private" in response["Cache-Control"]


def test_media_file_of_a_published_material_is_served_to_anyone(client):
    material = _material(Workshop.Status.PUBLISHED)

    response = client.get(material.file.url)

    assert response.status_code == 200
    assert _body(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_media_file_of_a_material_unpublished_again_is_404(client):
    material = _material(Workshop.Status.PUBLISHED)
    Workshop.objects.filter(pk=material.workshop_id).update(status=Workshop.Status.DRAFT)

    assert client.get(material.file.url).status_code == 404


def test_media_file_name_of_a_new_material_cannot_be_guessed(db):
    material = _material(Workshop.Status.DRAFT)
    other = _material(Workshop.Status.DRAFT)

    year = timezone.now().year
    assert re.fullmatch(
        rf"materials/{year}/[A-Za-z0-9_-]{{16}}/secret-agenda\.pdf", material.file.name
    )
    assert material.file.name.split("/")[2] != other.file.name.split("/")[2]


def test_media_file_of_a_material_stored_under_its_old_name_is_still_served(client, settings):
    # Uploaded before the random folders: materials/<year>/<name>.
    (settings.MEDIA_ROOT / "materials" / "2010").mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "materials" / "2010" / "agenda.pdf").write_bytes(PDF)
    MaterialFactory(url="", file="materials/2010/agenda.pdf")

    response = client.get("/media/materials/2010/agenda.pdf")

    assert response.status_code == 200
    assert _body(response) == PDF


def test_media_file_with_the_accel_redirect_prefix_is_left_to_nginx(client, settings):
    settings.MEDIA_ACCEL_REDIRECT_PREFIX = "/protected-media/"
    material = _material(Workshop.Status.PUBLISHED, name="Agenda día 1.pdf")

    response = client.get(material.file.url)

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == (
        "/protected-media/" + material.file.name.replace(" ", "%20").replace("í", "%C3%AD")
    )
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"


def test_media_file_with_the_accel_redirect_prefix_still_hides_drafts(client, settings):
    settings.MEDIA_ACCEL_REDIRECT_PREFIX = "/protected-media/"
    material = _material(Workshop.Status.DRAFT)

    response = client.get(material.file.url)

    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response


def test_media_file_that_no_record_owns_is_404(client, settings):
    (settings.MEDIA_ROOT / "materials" / "2026").mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "materials" / "2026" / "secret-agenda.pdf").write_bytes(PDF)

    assert client.get("/media/materials/2026/secret-agenda.pdf").status_code == 404
    assert client.get("/media/materials/2026/missing.pdf").status_code == 404


def test_media_file_of_a_record_whose_file_is_missing_from_disk_is_404(client, db):
    MaterialFactory(url="", file="materials/2010/synthetic-missing.pdf")

    assert client.get("/media/materials/2010/synthetic-missing.pdf").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/media/../manage.py",
        "/media/materials/../../manage.py",
        "/media/%2e%2e/manage.py",
        "/media/materials/..%2f..%2fmanage.py",
        "/media/materials\\..\\..\\manage.py",
        "/media//etc/passwd",
        "/media/./manage.py",
    ],
)
def test_media_file_path_that_climbs_out_is_404(client, db, path):
    # Even a path equal to a record's (wrongly stored) name is never followed out of the folder.
    MaterialFactory(url="", file="../manage.py", workshop=WorkshopFactory())

    response = client.get(path)

    assert response.status_code == 404
    assert b"DJANGO_SETTINGS_MODULE" not in response.content


def test_media_file_of_a_draft_report_is_404_for_the_public(client):
    report = _stored_report(Workshop.Status.DRAFT, is_draft=True)

    assert client.get(report.file.url).status_code == 404


def test_media_file_of_a_draft_report_is_served_to_staff(editor_client):
    report = _stored_report(Workshop.Status.DRAFT, is_draft=True)

    response = editor_client.get(report.file.url)

    assert response.status_code == 200
    assert _body(response) == PDF


def test_media_file_of_a_published_report_is_served_to_anyone(client):
    report = _stored_report(Workshop.Status.PUBLISHED, is_draft=False)

    response = client.get(report.file.url)

    assert response.status_code == 200
    assert _body(response) == PDF


def test_media_file_of_a_published_workshops_old_draft_rendering_is_404(client):
    # Rendered while the workshop was a draft ("DRAFT" on every page), not yet rendered again.
    report = _stored_report(Workshop.Status.PUBLISHED, is_draft=True)

    assert client.get(report.file.url).status_code == 404


def test_media_file_shown_in_a_published_news_post_is_served(client, settings):
    (settings.MEDIA_ROOT / "news").mkdir(exist_ok=True)
    (settings.MEDIA_ROOT / "news" / "chart.png").write_bytes(b"\x89PNG\r\n\x1a\nsynthetic")
    PostFactory(body="A chart: ![chart](/media/news/chart.png)")
    PostFactory(
        body="Not yet: ![plan](/media/news/plan.png)",
        status=Post.Status.PUBLISHED,
        published_at=timezone.now() + datetime.timedelta(days=1),
    )
    (settings.MEDIA_ROOT / "news" / "plan.png").write_bytes(b"\x89PNG\r\n\x1a\nsynthetic")

    assert client.get("/media/news/chart.png").status_code == 200
    assert client.get("/media/news/plan.png").status_code == 404


def test_media_file_answers_only_reads(client):
    material = _material(Workshop.Status.PUBLISHED)

    assert client.post(material.file.url).status_code == 405
