"""Media files in an S3-compatible object store (STORAGE_URL): the same promises as the local
folder, and a file handed out only after the portal's check, by a short-lived signed address.
The store is moto's in-process S3 (synthetic bucket, synthetic files)."""

import subprocess
import sys
import time
from urllib.parse import parse_qs, quote, urlsplit

import boto3
import pytest
from botocore.exceptions import ClientError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from moto import mock_aws
from storages.backends.s3 import S3Storage

from core.storage import FileNotStored, media_files_removed_on_failure
from sesn_portal.settings import object_storage_options
from workshops.models import Workshop
from workshops.tests.factories import MaterialFactory, WorkshopFactory

PDF = b"%PDF-1.4\nsynthetic agenda\n%%EOF\n"
BUCKET = "synthetic-sesn-media"


@pytest.fixture
def object_storage(settings, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "synthetic")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "synthetic")
    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket=BUCKET)
        settings.MEDIA_SIGNED_URL_SECONDS = 60
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "core.object_storage.ObjectMediaStorage",
                "OPTIONS": object_storage_options(f"s3://{BUCKET}/media?region_name=us-east-1"),
            },
        }
        storages._storages.pop("default", None)
        default_storage._wrapped = storages["default"]
        yield boto3.client("s3", region_name="us-east-1")
    storages._storages.pop("default", None)
    default_storage._wrapped = storages["default"]


def _objects(s3):
    return sorted(item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def test_storage_url_names_the_bucket_prefix_endpoint_and_keys():
    options = object_storage_options(
        "s3://KEY%2Fx:SECRET@sesn-files/portal/media?endpoint_url=http://127.0.0.1:9000"
        "&region_name=eu-west-1"
    )
    assert options == {
        "bucket_name": "sesn-files",
        "location": "portal/media",
        "access_key": "KEY/x",
        "secret_key": "SECRET",
        "endpoint_url": "http://127.0.0.1:9000",
        "region_name": "eu-west-1",
    }
    assert object_storage_options(None) is None
    assert object_storage_options(None, bucket="b", endpoint_url="http://e")["bucket_name"] == "b"


@pytest.mark.parametrize(
    ("variables", "backends"),
    [
        ({}, ("FileBasedCache", "core.storage.MediaStorage")),
        (
            {"REDIS_URL": "redis://127.0.0.1:6379/5", "STORAGE_URL": "s3://sesn-files"},
            ("RedisCache", "core.object_storage.ObjectMediaStorage"),
        ),
    ],
)
def test_settings_choose_the_cache_and_the_storage_from_the_environment(variables, backends):
    environment = {"PATH": "/usr/bin:/bin", **variables}
    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "from sesn_portal import settings as s; "
            "print(s.CACHES['default']['BACKEND']); print(s.STORAGES['default']['BACKEND'])",
        ],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert shown[0].endswith(backends[0]) and shown[1] == backends[1]


def test_materials_are_stored_in_the_bucket_under_the_prefix(object_storage, db):
    material = MaterialFactory(url="", file=SimpleUploadedFile("agenda-議程.pdf", PDF))
    assert _objects(object_storage) == [f"media/{material.file.name}"]
    assert material.file.url == f"/media/{quote(material.file.name)}"
    assert default_storage.open(material.file.name).read() == PDF


def test_a_name_already_taken_in_the_bucket_is_never_overwritten(object_storage):
    first = default_storage.save("reports/synthetic.pdf", ContentFile(b"first"))
    second = default_storage.save("reports/synthetic.pdf", ContentFile(b"second"))
    assert first != second
    assert default_storage.open(first).read() == b"first"


def test_files_saved_before_a_failure_are_deleted_from_the_bucket(object_storage):
    with pytest.raises(RuntimeError), media_files_removed_on_failure():
        default_storage.save("materials/synthetic-one.pdf", ContentFile(PDF))
        raise RuntimeError("Synthetic: the second file could not be stored")
    assert _objects(object_storage) == []


def test_an_upload_the_store_refuses_says_so_and_leaves_nothing(object_storage, monkeypatch):
    def refuse(*args, **kwargs):
        raise ClientError({"Error": {"Code": "InternalError", "Message": "Synthetic"}}, "Put")

    monkeypatch.setattr(S3Storage, "_save", refuse)
    with pytest.raises(FileNotStored, match="could not be stored"):
        default_storage.save("materials/synthetic.pdf", ContentFile(PDF))
    assert _objects(object_storage) == []


def test_a_visible_material_is_handed_out_by_a_signed_address_that_expires(
    object_storage, client, db
):
    material = MaterialFactory(url="", file=SimpleUploadedFile("agenda.pdf", PDF))
    response = client.get(material.file.url)
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]
    address = urlsplit(response["Location"])
    query = parse_qs(address.query)
    assert address.path.endswith(f"/media/{material.file.name}")
    assert "Signature" in query and int(query["Expires"][0]) - time.time() <= 60


def test_a_drafts_material_in_the_bucket_is_404_with_no_address(object_storage, client, db):
    workshop = WorkshopFactory(status=Workshop.Status.DRAFT)
    material = MaterialFactory(
        workshop=workshop, url="", file=SimpleUploadedFile("secret.pdf", PDF)
    )
    response = client.get(material.file.url)
    assert response.status_code == 404
    assert "Location" not in response


def test_with_no_signed_addresses_the_portal_sends_the_file_from_the_bucket(
    object_storage, client, settings, db
):
    settings.MEDIA_SIGNED_URL_SECONDS = 0
    material = MaterialFactory(url="", file=SimpleUploadedFile("agenda.pdf", PDF))
    response = client.get(material.file.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_without_the_new_settings_the_portal_loads_neither_celery_nor_boto3():
    # `make run` needs no Redis, broker or object store: serving a page imports none of them.
    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, django; django.setup(); "
            "from django.test import Client; from django.core.files.storage import "
            "default_storage; default_storage.exists('x'); "
            "import sesn_portal.urls, reports.views, portal.media; "
            "print(sorted(m for m in ('celery', 'boto3', 'storages', 'redis') "
            "if m in sys.modules))",
        ],
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "sesn_portal.settings"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")[-2]
    assert shown == "[]"


def test_export_records_names_the_files_in_the_bucket_and_warns_of_a_missing_one(
    object_storage, db, tmp_path
):
    import json
    from io import StringIO

    from django.core.management import call_command

    kept = MaterialFactory(url="", file=SimpleUploadedFile("kept-議程.pdf", PDF))
    lost = MaterialFactory(url="", file=SimpleUploadedFile("lost.pdf", PDF))
    default_storage.delete(lost.file.name)
    errors = StringIO()
    call_command("export_records", str(tmp_path / "backup.json"), stdout=StringIO(), stderr=errors)

    named = json.loads((tmp_path / "backup.json").read_text())["media_files"]
    assert sorted(named) == sorted([kept.file.name, lost.file.name])
    assert errors.getvalue().splitlines() == [
        f"Warning: media file {lost.file.name} is named but missing from the object store's "
        f"bucket {BUCKET} (under media/)"
    ]
