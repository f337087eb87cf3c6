"""Reports rendered by Celery workers (CELERY_BROKER_URL): a download never renders, it
queues one rendering per workshop and change, and answers at once. The workers' queue is
replaced here by a list of what was queued; `run_worker` does what a worker does with it."""

import threading

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from reports import services
from reports.models import StoredReport
from workshops.services import workshop_publish, workshop_unpublish

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def broker(settings):
    """A broker named (never reached: `queued` stands in for it); an empty shared cache."""
    settings.CELERY_BROKER_URL = "memory://"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def queued(monkeypatch):
    """The renderings sent to the workers, as (workshop id, options)."""
    from reports import tasks

    sent = []
    lock = threading.Lock()

    def delay(workshop_pk, **options):
        with lock:
            sent.append((workshop_pk, options))

    monkeypatch.setattr(tasks.render_report, "delay", delay)
    return sent


def run_worker(queued):
    """What the worker does with each queued rendering (reports/tasks.py)."""
    from reports.tasks import render_report

    while queued:
        workshop_pk, options = queued.pop(0)
        render_report(workshop_pk, **options)


def _url(workshop):
    return reverse("reports:workshop-report", kwargs={"slug": workshop.slug})


def _change_what_the_report_shows(workshop):
    workshop.summary = "Synthetic summary, changed for a test."
    workshop.save()


def test_eight_downloads_after_a_change_queue_one_rendering_and_get_the_last_good_pdf(
    synthetic_workshop, stand_in_renderer, queued
):
    first = services.report_generate(workshop=synthetic_workshop)
    _change_what_the_report_shows(synthetic_workshop)

    answers, start = [], threading.Barrier(8)

    def download():
        start.wait(timeout=30)
        response = Client().get(_url(synthetic_workshop))
        answers.append((response.status_code, response["ETag"]))

    downloads = [threading.Thread(target=download) for _ in range(8)]
    for thread in downloads:
        thread.start()
    for thread in downloads:
        thread.join(timeout=60)

    # Every download was answered at once, with the last good PDF; none rendered.
    assert answers == [(200, f'"{services.report_etag(first)}"')] * 8
    assert StoredReport.objects.get().generated_at == first.generated_at
    assert queued == [(synthetic_workshop.pk, {"stamp": queued[0][1]["stamp"], "force": False})]

    run_worker(queued)
    stored = StoredReport.objects.get()
    assert stored.generated_at > first.generated_at
    response = Client().get(_url(synthetic_workshop))
    assert response["ETag"] == f'"{services.report_etag(stored)}"'
    assert queued == []


def test_a_report_never_rendered_answers_503_being_prepared_then_the_pdf(
    client, synthetic_workshop, stand_in_renderer, queued
):
    response = client.get(_url(synthetic_workshop))
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "no-store" in response["Cache-Control"]
    content = response.content.decode()
    assert "Report being prepared" in content
    assert f'href="{_url(synthetic_workshop)}"' in content
    assert not StoredReport.objects.exists()
    # A second download while it waits queues nothing more.
    assert client.get(_url(synthetic_workshop)).status_code == 503
    assert len(queued) == 1

    run_worker(queued)
    response = client.get(_url(synthetic_workshop))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_a_drafts_report_is_not_served_for_the_published_workshop_while_it_is_prepared(
    client, synthetic_workshop, stand_in_renderer, queued
):
    workshop_unpublish(workshop=synthetic_workshop)
    services.report_generate(workshop=synthetic_workshop)
    workshop_publish(workshop=synthetic_workshop)

    response = client.get(_url(synthetic_workshop))
    assert response.status_code == 503
    assert len(queued) == 1


def test_the_next_change_after_a_rendering_queues_again(
    client, synthetic_workshop, stand_in_renderer, queued
):
    client.get(_url(synthetic_workshop))
    run_worker(queued)
    _change_what_the_report_shows(synthetic_workshop)
    assert client.get(_url(synthetic_workshop)).status_code == 200
    assert len(queued) == 1


def test_a_broker_that_cannot_be_reached_leaves_the_download_to_render_itself(
    client, synthetic_workshop, stand_in_renderer, monkeypatch
):
    from kombu.exceptions import OperationalError

    from reports import tasks

    def unreachable(*args, **kwargs):
        raise OperationalError("Synthetic: connection refused")

    monkeypatch.setattr(tasks.render_report, "delay", unreachable)
    response = client.get(_url(synthetic_workshop))
    assert response.status_code == 200
    assert StoredReport.objects.filter(workshop=synthetic_workshop).exists()


def test_regenerate_report_in_the_admin_queues_it_for_the_workers_and_says_so(
    editor_client, synthetic_workshop, stand_in_renderer, queued
):
    response = editor_client.post(
        reverse("admin:reports_workshopreport_changelist"),
        {"action": "regenerate_report", "_selected_action": [synthetic_workshop.pk]},
        follow=True,
    )
    assert "Regeneration queued on the report workers for 1 report" in response.content.decode()
    assert queued == [(synthetic_workshop.pk, {"stamp": "", "force": True})]
    assert not StoredReport.objects.exists()
    run_worker(queued)
    assert StoredReport.objects.filter(workshop=synthetic_workshop).exists()


def test_without_a_broker_the_download_renders_in_the_request(
    client, settings, synthetic_workshop, stand_in_renderer, queued
):
    settings.CELERY_BROKER_URL = None
    response = client.get(_url(synthetic_workshop))
    assert response.status_code == 200
    assert queued == []


@pytest.fixture
def bucket(settings, monkeypatch):
    """Media in moto's in-process S3 (a synthetic bucket), as with STORAGE_URL."""
    import boto3
    from django.core.files.storage import default_storage, storages
    from moto import mock_aws

    from sesn_portal.settings import object_storage_options

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "synthetic")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "synthetic")
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="synthetic-reports")
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "core.object_storage.ObjectMediaStorage",
                "OPTIONS": object_storage_options("s3://synthetic-reports?region_name=us-east-1"),
            },
        }
        storages._storages.pop("default", None)
        default_storage._wrapped = storages["default"]
        yield s3
    storages._storages.pop("default", None)
    default_storage._wrapped = storages["default"]


def test_a_worker_stores_the_report_of_the_longest_slug_in_the_bucket_and_b_serves_it(
    client, synthetic_workshop, stand_in_renderer, queued, bucket
):
    from workshops.models import Workshop

    slug_field = Workshop._meta.get_field("slug")
    synthetic_workshop.slug = ("synthetic-" * 20)[: slug_field.max_length - 1] + "x"
    synthetic_workshop.title = "សិក្ខាសាលាសំយោគ " * 10  # synthetic Khmer title
    synthetic_workshop.save()

    assert client.get(_url(synthetic_workshop)).status_code == 503
    run_worker(queued)

    stored = StoredReport.objects.get(workshop=synthetic_workshop)
    keys = [item["Key"] for item in bucket.list_objects_v2(Bucket="synthetic-reports")["Contents"]]
    assert keys == [stored.file.name]
    assert len(stored.file.name) <= StoredReport._meta.get_field("file").max_length
    response = Client().get(_url(synthetic_workshop))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
