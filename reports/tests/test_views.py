"""Serving the report: headers, 304, drafts, the 503 page, the staff preview."""

import pytest
from django.http import FileResponse
from django.test import Client
from django.urls import reverse

from reports import services
from workshops.services import workshop_unpublish

from .conftest import page_texts


def _url(workshop):
    return reverse("reports:workshop-report", kwargs={"slug": workshop.slug})


def test_report_url_is_under_the_workshop():
    assert reverse("reports:workshop-report", kwargs={"slug": "x"}) == "/workshops/x/report.pdf"


def test_report_download_is_a_named_pdf_with_validators(client, seed_records):
    response = client.get(_url(seed_records))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        'filename="sesn-2nd-workshop-2010-siem-reap-report.pdf"' in response["Content-Disposition"]
    )
    assert response["ETag"].startswith('"') and len(response["ETag"]) == 66
    assert response["Last-Modified"].endswith("GMT")
    body = b"".join(response.streaming_content)
    assert "Objectives, Conclusions, and Ways Forward" in page_texts(body)[0]


def test_report_download_is_left_to_the_browsers_pdf_viewer_without_a_page_policy(
    client, seed_records
):
    # Chrome shows a PDF in a viewer of its own, which a Content-Security-Policy breaks.
    assert "Content-Security-Policy" in client.get("/")
    response = client.get(_url(seed_records))
    assert response["Content-Type"] == "application/pdf"
    assert "Content-Security-Policy" not in response


def test_report_download_with_a_matching_etag_gets_304(client, seed_records):
    etag = client.get(_url(seed_records))["ETag"]
    response = client.get(_url(seed_records), headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response["ETag"] == etag
    assert not response.content


def test_report_download_after_a_forced_regeneration_gets_a_new_etag(client, seed_records):
    etag = client.get(_url(seed_records))["ETag"]
    services.report_generate(workshop=seed_records, force=True)
    response = client.get(_url(seed_records), headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_report_download_after_a_shown_change_gets_a_new_etag(client, seed_records):
    etag = client.get(_url(seed_records))["ETag"]
    objective = seed_records.objectives.first()
    objective.text = objective.text + " (synthetic edit for a test)"
    objective.save()
    response = client.get(_url(seed_records), headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_report_of_a_draft_is_404_for_the_public(client, synthetic_workshop):
    workshop_unpublish(workshop=synthetic_workshop)
    assert client.get(_url(synthetic_workshop)).status_code == 404


def test_report_of_an_unknown_workshop_is_404(client, db):
    assert client.get("/workshops/no-such-workshop/report.pdf").status_code == 404


def test_report_of_a_draft_is_served_to_staff_marked_draft(viewer_client, synthetic_workshop):
    workshop_unpublish(workshop=synthetic_workshop)
    response = viewer_client.get(_url(synthetic_workshop))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    texts = page_texts(b"".join(response.streaming_content))
    assert all("DRAFT" in text for text in texts)


def test_report_unavailable_is_a_clear_503_page(client, synthetic_workshop, monkeypatch):
    def fail(html, characters=None):
        raise RuntimeError("Synthetic failure with a secret path /srv/secret")

    monkeypatch.setattr(services, "pdf_from_html", fail)
    response = client.get(_url(synthetic_workshop))
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    content = response.content.decode()
    assert "Report temporarily unavailable" in content
    assert "Traceback" not in content and "/srv/secret" not in content
    assert response["Retry-After"] == "300"


def test_report_only_answers_get_and_head(client, seed_records):
    assert client.post(_url(seed_records)).status_code == 405


def _preview_url(workshop):
    return reverse("reports:workshop-report-preview", kwargs={"slug": workshop.slug})


def test_report_preview_sends_the_public_to_log_in(client, seed_records):
    response = client.get(_preview_url(seed_records))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_report_preview_shows_staff_the_report_as_html(viewer_client, seed_records):
    response = viewer_client.get(_preview_url(seed_records))
    assert response.status_code == 200
    content = response.content.decode()
    assert "To share experience on intelligence-led approaches" in content
    assert "/static/vendor/fontsource/noto-sans/400.css" in content
    assert "file://" not in content


def test_report_preview_escapes_markup_in_records(viewer_client, synthetic_workshop):
    synthetic_workshop.title = "<script>alert(1)</script>"
    synthetic_workshop.save()
    content = viewer_client.get(_preview_url(synthetic_workshop)).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


@pytest.mark.parametrize("path", ["/static/vendor/fontsource/noto-sans-khmer/400.css"])
def test_report_fonts_are_served_as_the_portal_static_files(client, db, path):
    response = client.get(path)
    assert response.status_code == 200


def test_report_of_a_workshop_with_the_longest_slug_downloads(
    client, synthetic_workshop, stand_in_renderer
):
    # reports/<slug>-<fingerprint>.pdf passed StoredReport.file's 100 characters once the slug
    # passed 71: PostgreSQL refused to store it and every download answered 500.
    from reports.models import StoredReport
    from workshops.models import Workshop

    slug_field = Workshop._meta.get_field("slug")
    synthetic_workshop.slug = ("synthetic-" * 20)[: slug_field.max_length - 1] + "x"
    synthetic_workshop.save()

    response = client.get(reverse("reports:workshop-report", args=[synthetic_workshop.slug]))

    assert response.status_code == 200
    stored = StoredReport.objects.get(workshop=synthetic_workshop)
    assert synthetic_workshop.slug in stored.file.name
    assert len(stored.file.name) <= StoredReport._meta.get_field("file").max_length


def test_report_download_reads_no_record_while_none_changed(
    client, synthetic_workshop, stand_in_renderer, django_assert_num_queries
):
    first = client.get(_url(synthetic_workshop))
    assert first.status_code == 200
    # Served as remembered: the records version says nothing changed.
    with django_assert_num_queries(0):
        again = client.get(_url(synthetic_workshop))
    assert isinstance(again, FileResponse)
    assert again["ETag"] == first["ETag"]
    assert again["Last-Modified"] == first["Last-Modified"]
    assert again["Content-Disposition"] == first["Content-Disposition"]
    assert "public" in again["Cache-Control"]
    assert b"".join(again.streaming_content).startswith(b"%PDF-")


def test_report_download_answers_its_etag_with_304_without_a_query(
    client, synthetic_workshop, stand_in_renderer, django_assert_num_queries
):
    etag = client.get(_url(synthetic_workshop))["ETag"]
    with django_assert_num_queries(0):
        response = client.get(_url(synthetic_workshop), headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response["ETag"] == etag


def test_report_download_of_a_workshop_unpublished_since_is_404_for_the_public(
    client, synthetic_workshop, stand_in_renderer
):
    assert client.get(_url(synthetic_workshop)).status_code == 200
    workshop_unpublish(workshop=synthetic_workshop)
    assert client.get(_url(synthetic_workshop)).status_code == 404


def test_report_download_staff_made_of_a_draft_never_reaches_the_public(
    viewer_client, synthetic_workshop, stand_in_renderer
):
    workshop_unpublish(workshop=synthetic_workshop)
    assert viewer_client.get(_url(synthetic_workshop)).status_code == 200
    # No record changed between the two: only what is remembered could answer.
    assert Client().get(_url(synthetic_workshop)).status_code == 404


def test_report_download_whose_file_went_missing_renders_it_again(
    client, synthetic_workshop, stand_in_renderer
):
    from django.core.files.storage import default_storage

    from reports.models import StoredReport

    assert client.get(_url(synthetic_workshop)).status_code == 200
    default_storage.delete(StoredReport.objects.get(workshop=synthetic_workshop).file.name)

    response = client.get(_url(synthetic_workshop))

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert default_storage.exists(StoredReport.objects.get(workshop=synthetic_workshop).file.name)


def test_report_download_after_any_change_checks_the_records_again(
    client, synthetic_workshop, stand_in_renderer, monkeypatch
):
    etag = client.get(_url(synthetic_workshop))["ETag"]
    checks = []
    stamp = services.report_stamp
    monkeypatch.setattr(services, "report_stamp", lambda **kw: checks.append(1) or stamp(**kw))
    assert client.get(_url(synthetic_workshop))["ETag"] == etag
    assert checks == []

    objective = synthetic_workshop.objectives.first()
    objective.text = "Synthetic objective, revised."
    objective.save()
    assert client.get(_url(synthetic_workshop))["ETag"] != etag
    assert checks == [1]
