"""Backups: export_records and import_records, and a round trip SQLite -> PostgreSQL -> SQLite.

The round trip loads the backup into fresh databases in child processes, exactly as staff
would run the commands, and compares the records and the public pages at each step.
"""

import datetime
import json
import os
import re
import subprocess
import sys
import uuid

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils.dateparse import parse_datetime

from participants.tests.factories import OrganizationFactory, ParticipationFactory
from recommendations.tests.factories import FollowUpFactory, ThemeFactory
from workshops.models import Workshop
from workshops.tests.factories import (
    AgendaItemFactory,
    MaterialFactory,
    ObjectiveFactory,
    RelatedEventFactory,
    WorkshopFactory,
)

POSTGRES = os.environ.get("SESN_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432")

# Run in a child process against DATABASE_URL: migrate, load, export, fetch public pages and
# the report text of every workshop.
WORKER = """
import io, json, sys
import django
django.setup()
from django.core.management import call_command
from django.test import Client
from portal.tests.test_backups import report_texts
call_command("migrate", verbosity=0)
call_command("import_records", sys.argv[1], verbosity=0)
call_command("export_records", sys.argv[2], verbosity=0)
# New records get fresh ids after a load (the id sequences were reset): no clash.
from recommendations.models import Theme
Theme.objects.create(name="Synthetic theme made after the load", slug="synthetic-after-load")
client = Client()
pages = {}
for url in sys.argv[3:]:
    response = client.get(url)
    pages[url] = [response.status_code, response.content.decode()]
reports = report_texts()
# Last, as staff would after a restore: the seed parts in the backup are not loaded again.
seed = io.StringIO()
call_command("load_seed_records", stdout=seed)
print(json.dumps({"pages": pages, "reports": reports, "seed": seed.getvalue()}))
"""


def report_texts():
    """Each workshop's outcome report as HTML text, where the `reports` app can render it.

    None on a branch without the report (its functions are looked up, not assumed).
    """
    try:
        from reports.content import report_content, report_workshop
        from reports.services import report_html
    except ImportError:
        return None
    generated_at = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    return {
        workshop.slug: report_html(
            content=report_content(workshop=report_workshop(pk=workshop.pk)),
            generated_at=generated_at,
            for_pdf=False,
        )
        for workshop in Workshop.objects.order_by("pk")
    }


@pytest.fixture
def records(db, seed_records, editor):
    """The real seed records plus synthetic ones of every kind, with history by a user."""
    workshop = WorkshopFactory(title="Synthetic Backup Workshop", slug="synthetic-backup")
    ObjectiveFactory(workshop=workshop)
    AgendaItemFactory(workshop=workshop)
    MaterialFactory(
        workshop=workshop,
        url="",
        file=SimpleUploadedFile("synthetic-slides.pdf", b"%PDF-1.4\nsynthetic\n%%EOF\n"),
    )
    event = RelatedEventFactory(workshop=workshop, portal_workshop=seed_records)
    event.organizations.set([OrganizationFactory(country=""), OrganizationFactory(country="VN")])
    ParticipationFactory(workshop=workshop, person__name="Synthetic Backup Person")
    follow_up = FollowUpFactory(recommendation__workshop=workshop, led_to_workshop=seed_records)
    follow_up.recommendation.themes.set([ThemeFactory()])
    workshop.title = "Synthetic Backup Workshop, edited"
    workshop._history_user = editor
    workshop.save()
    WorkshopFactory(title="Synthetic Deleted Workshop").delete()
    return workshop


def read(path):
    with open(path, encoding="utf-8") as file:
        return json.load(file)


def normalized(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_export_records_names_every_record_and_the_media_files(records, tmp_path):
    path = tmp_path / "backup.json"
    call_command("export_records", str(path))
    backup = read(path)
    assert backup["format"] == "sesn-portal-records"
    labels = {record["model"] for record in backup["records"]}
    assert {
        "auth.user",
        "workshops.workshop",
        "workshops.historicalworkshop",
        "participants.participation",
        "recommendations.followup",
        "recommendations.historicalrecommendation",
        "core.seedload",  # so that a restored database is not seeded again
    } <= labels
    workshop = next(
        r for r in backup["records"] if r["model"] == "workshops.workshop" and r["pk"] == records.pk
    )
    assert workshop["fields"]["series"] == [records.series.slug]  # a natural key
    material = next(r for r in backup["records"] if r["model"] == "workshops.material")
    assert material["fields"]["file"] in backup["media_files"]
    assert backup["media_files"][0].startswith("materials/")
    deleted = [
        r
        for r in backup["records"]
        if r["model"] == "workshops.historicalworkshop" and r["fields"]["history_type"] == "-"
    ]
    assert deleted and deleted[0]["fields"]["title"] == "Synthetic Deleted Workshop"


def test_export_records_keeps_times_to_the_microsecond(records, tmp_path):
    # Django's JSON encoder would cut 06:00:12.000123 to "06:00:12.000", which reloads as
    # 06:00:12: the record's times (and its history's order) would change in the backup.
    moment = datetime.datetime(2026, 11, 27, 6, 0, 12, 123, tzinfo=datetime.UTC)
    Workshop.objects.filter(pk=records.pk).update(updated=moment)
    path = tmp_path / "backup.json"
    call_command("export_records", str(path))
    exported = next(
        record
        for record in read(path)["records"]
        if record["model"] == "workshops.workshop" and record["pk"] == records.pk
    )
    assert exported["fields"]["updated"] == "2026-11-27T06:00:12.000123Z"
    assert parse_datetime(exported["fields"]["updated"]) == moment


def test_import_records_refuses_a_database_that_is_not_empty(records, tmp_path):
    path = tmp_path / "backup.json"
    call_command("export_records", str(path))
    with pytest.raises(CommandError, match="The database is not empty"):
        call_command("import_records", str(path))


def test_import_records_refuses_a_file_that_is_not_a_backup(db, tmp_path):
    path = tmp_path / "not-a-backup.json"
    path.write_text('{"hello": "world"}')
    with pytest.raises(CommandError, match="not an SESN Portal records backup"):
        call_command("import_records", str(path))
    path.write_bytes(b"\x89PNG binary")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_records", str(path))


def _organization_record(**fields):
    """One organization as a backup holds it (made, serialized, and deleted again with its
    history, so that the database is empty)."""
    from django.core import serializers

    organization = OrganizationFactory(name="Synthetic Backup Organization", slug="synthetic-b")
    [record] = serializers.serialize("python", [organization])
    organization.delete()
    organization.history.model.objects.all().delete()
    record["fields"].update(fields)
    return record


def _backup(records, **more):
    return {"format": "sesn-portal-records", "version": 1, "records": records, **more}


@pytest.mark.parametrize(
    ("backup", "message"),
    [
        (lambda: _backup("not a list"), "This backup is damaged: its records are not a list"),
        (lambda: _backup([1, 2]), "This backup is damaged: its records are not a list"),
        (lambda: _backup([{"model": "participants.organization", "pk": 1}]), "is damaged"),
        (lambda: _backup([], media_files=5), "its media files are not a list of names"),
        # The text "1" was said as "version 1 is not supported", which reads as nonsense.
        (lambda: {**_backup([]), "version": "1"},
         r"version '1' is not supported \(this portal reads version 1\)"),
        # A file from another version of the schema: a field this one does not have.
        (lambda: _backup([_organization_record(shoe_size=42)]),
         "written by another version of the portal .*has no field named 'shoe_size'"),
        # What the database refuses: a required value missing, a reference to no record.
        (lambda: _backup([_organization_record(created=None)]), "The backup cannot be loaded"),
        (lambda: _backup([_organization_record(parent=999)]), "The backup cannot be loaded"),
    ],
)  # fmt: skip
def test_import_records_refuses_a_damaged_backup_with_a_reason_and_loads_nothing(
    db, tmp_path, backup, message
):
    """Each was a traceback (TypeError, FieldDoesNotExist, IntegrityError), not the command's
    error."""
    from participants.models import Organization

    path = tmp_path / "damaged.json"
    path.write_text(json.dumps(backup(), default=str))
    with pytest.raises(CommandError, match=message):
        call_command("import_records", str(path))
    assert not Organization.objects.exists()


@pytest.mark.parametrize("name", ["Synthetic\x00 Organization", "Synthetic " * 30])
def test_import_records_refuses_a_value_postgresql_cannot_hold(db, tmp_path, name):
    """A NUL in a text or a value longer than its field: SQLite keeps them, PostgreSQL
    refuses them, with the command's error (a DataError or ValueError traceback before)."""
    from participants.models import Organization

    if connection.vendor != "postgresql":
        pytest.skip("SQLite holds a NUL and any length in a text")
    path = tmp_path / "damaged.json"
    path.write_text(json.dumps(_backup([_organization_record(name=name)]), default=str))
    with pytest.raises(CommandError, match="The backup cannot be loaded"):
        call_command("import_records", str(path))
    assert not Organization.objects.exists()


def _postgres_database():
    import psycopg2

    name = f"sesn_workbench_roundtrip_{uuid.uuid4().hex[:8]}"
    try:
        admin = psycopg2.connect(f"{POSTGRES}/postgres", connect_timeout=3)
    except psycopg2.OperationalError as error:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is needed for the round trip: {error}")
        pytest.skip(f"PostgreSQL is not reachable at {POSTGRES}: {error}")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    return admin, name


def _step(database_url, source, target, urls, media_root):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "sesn_portal.settings",
        "MEDIA_ROOT": str(media_root),
    }
    env.pop("DJANGO_ENV", None)
    result = subprocess.run(
        [sys.executable, "-c", WORKER, str(source), str(target), *urls],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.django_db(transaction=True)
def test_backup_round_trip_sqlite_postgresql_sqlite_keeps_records_and_pages(
    records, client, tmp_path
):
    urls = [w.get_absolute_url() for w in Workshop.objects.all()] + [
        "/workshops/",
        "/organizations/",
    ]
    pages = {}
    for url in urls:
        response = client.get(url)
        pages[url] = [response.status_code, normalized(response.content.decode())]
    assert pages[records.get_absolute_url()][0] == 200
    assert "Synthetic Backup Workshop, edited" in pages[records.get_absolute_url()][1]
    reports = report_texts()

    original = tmp_path / "0-original.json"
    call_command("export_records", str(original))
    # From wherever the suite runs to SQLite, then PostgreSQL, then SQLite again.
    hops = ["sqlite", "postgres", "sqlite"] if connection.vendor != "sqlite" else []
    hops = hops or ["postgres", "sqlite"]
    admin, pg_name = _postgres_database()
    try:
        source = original
        for number, kind in enumerate(hops, start=1):
            url = (
                f"{POSTGRES}/{pg_name}"
                if kind == "postgres"
                else f"sqlite:///{tmp_path / f'{number}.sqlite3'}"
            )
            target = tmp_path / f"{number}-{kind}.json"
            step = _step(url, source, target, urls, settings.MEDIA_ROOT)
            assert read(target)["records"] == read(original)["records"], kind
            assert read(target)["media_files"] == read(original)["media_files"]
            for page_url, (status, html) in step["pages"].items():
                assert [status, normalized(html)] == pages[page_url], (kind, page_url)
            assert step["reports"] == reports, kind
            seeded = step["seed"].splitlines()[0]
            assert seeded.startswith("Seed records (workshop records) of 000_f24b0c148533ab4d")
            assert seeded.endswith(": nothing to do."), kind
            source = target
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{pg_name}"')
        admin.close()
