"""A database made by the previous `main` migrates forward with every record and its history.

The test makes the database a site running the previous release would have: that release's
own code (extracted from git) migrates it, loads the seed records and adds synthetic records
of every model, with history (an edit with a change reason, a deleted record) and an uploaded
file. It snapshots every table, then this code's `migrate` runs on the same database, and the
test compares: every table, row and value that was there is still there, and this code's
models read them. Each step is a child process (`manage.py` of the old tree or of this one)
against a database of its own: an SQLite file, or a fresh PostgreSQL database when the suite
runs on PostgreSQL. The suite's own test database is not used.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import uuid
from collections import Counter
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.db import connection

pytestmark = pytest.mark.migrations

# The last `main` before the core/portal move (issue #10): the database a running site has.
PREVIOUS_MAIN = "de6758979215969c6b880e93d3de6b242090d9dd"

# Tables that a migration since PREVIOUS_MAIN renamed on purpose: {old name: new name}.
# None today; a move that keeps its table (SeparateDatabaseAndState) needs no entry.
RENAMED_TABLES: dict[str, str] = {}
# Columns that a migration since PREVIOUS_MAIN dropped on purpose: {table: {column, ...}}.
# None today. Columns added since are left out of the comparison by themselves.
DROPPED_COLUMNS: dict[str, set[str]] = {}
# Rows that a migration since PREVIOUS_MAIN changes on purpose: {table: [(what the row had,
# what it has after)]}. SeedLoad moved from workshops to core (core 0001): its content type
# row keeps its id, so the permissions granted on it and the admin log still point at it.
CHANGED_ROWS: dict[str, list[tuple[dict, dict]]] = {
    "django_content_type": [
        ({"app_label": "workshops", "model": "seedload"}, {"app_label": "core"}),
    ],
}
# Tables that every `migrate` adds to (applied migrations; the content types and permissions
# of new models, and the secretariat groups' grants of them): rows may be added, none may go
# or change.
ADDED_TO_BY_MIGRATE = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "auth_group_permissions",
}

SEED_WORKSHOP_SLUG = "2nd-workshop-2010-siem-reap"
SYNTHETIC_SLUG = "synthetic-migrate-forward-workshop"
SYNTHETIC_EDITED_TITLE = "Synthetic Migrate-Forward Workshop, edited"
SYNTHETIC_CHANGE_REASON = "Synthetic change reason: the title was edited before the move"
SYNTHETIC_EDITOR = "synthetic-migrate-forward-editor"
SYNTHETIC_DELETED_SLUG = "synthetic-migrate-forward-deleted"
SYNTHETIC_SEED_PARTICIPANT = "Synthetic Migrate-Forward Participant"
SYNTHETIC_MATERIAL_TITLE = "Synthetic migrate-forward slides"
SYNTHETIC_MATERIAL_BYTES = "%PDF-1.4\nsynthetic migrate-forward slides\n%%EOF\n"

# Run in the OLD tree after its seed records: synthetic records of every model, with
# history. Writes the tables of the old code's models, and where that code was imported from.
FILL_SCRIPT = """
import datetime
import json

from axes.models import AccessAttempt, AccessAttemptExpiration, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.uploadedfile import SimpleUploadedFile

import workshops.models
from news.models import CommentRateWindow
from news.tests.factories import CategoryFactory, CommentFactory, PostFactory
from participants.tests.factories import OrganizationFactory, ParticipationFactory
from recommendations.tests.factories import FollowUpFactory, ThemeFactory
from reports.models import StoredReport
from workshops.tests.factories import (
    AgendaItemFactory,
    ConclusionFactory,
    MaterialFactory,
    ObjectiveFactory,
    RelatedEventFactory,
    WorkshopFactory,
    WorkshopOrganizerFactory,
)

at = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
editor = get_user_model().objects.create_user(
    username=SYNTHETIC_EDITOR, password="synthetic-password", is_staff=True
)
editor.groups.add(Group.objects.get(name="Secretariat editors"))
editor.user_permissions.add(Permission.objects.get(codename="view_workshop"))

workshop = WorkshopFactory(title="Synthetic Migrate-Forward Workshop", slug=SYNTHETIC_SLUG)
for factory in (ObjectiveFactory, ConclusionFactory, AgendaItemFactory, WorkshopOrganizerFactory):
    factory(workshop=workshop)
MaterialFactory(
    workshop=workshop,
    title=SYNTHETIC_MATERIAL_TITLE,
    url="",
    file=SimpleUploadedFile("synthetic-slides.pdf", SYNTHETIC_MATERIAL_BYTES.encode()),
)
event = RelatedEventFactory(workshop=workshop)
event.organizations.set([OrganizationFactory()])
ParticipationFactory(workshop=workshop)
# The source document names no participant: a synthetic one at the real workshop.
ParticipationFactory(
    workshop=workshops.models.Workshop.objects.get(slug=SEED_WORKSHOP_SLUG),
    person__name=SYNTHETIC_SEED_PARTICIPANT,
)
follow_up = FollowUpFactory(recommendation__workshop=workshop, led_to_workshop=workshop)
follow_up.recommendation.themes.set([ThemeFactory()])
follow_up.recommendation.addressed_to.set([OrganizationFactory()])
post = PostFactory(author=editor, categories=[CategoryFactory()], workshops=[workshop])
CommentFactory(post=post, moderated_by=editor, moderated_at=at)
CommentRateWindow.objects.create(address_hash="synthetic-address-hash", opened=at, comments=1)
StoredReport.objects.create(
    workshop=workshop,
    fingerprint="0" * 64,
    stamp="synthetic-stamp",
    file="reports/synthetic-migrate-forward.pdf",
    is_draft=False,
    page_count=1,
    size=1234,
    render_seconds=0.25,
    generated_at=at,
)

workshop.title = SYNTHETIC_EDITED_TITLE
workshop._change_reason = SYNTHETIC_CHANGE_REASON
workshop._history_user = editor
workshop.save()
WorkshopFactory(title="Synthetic Deleted Workshop", slug=SYNTHETIC_DELETED_SLUG).delete()

LogEntry.objects.create(
    user=editor,
    content_type=ContentType.objects.get_for_model(workshop),
    object_id=str(workshop.pk),
    object_repr=str(workshop),
    action_flag=ADDITION,
    change_message="Synthetic log entry",
)
session = SessionStore()
session["synthetic"] = "migrate forward"
session.create()
visit = {
    "user_agent": "synthetic-agent",
    "ip_address": "192.0.2.1",
    "username": SYNTHETIC_EDITOR,
    "http_accept": "*/*",
    "path_info": "/admin/login/",
}
attempt = AccessAttempt.objects.create(
    **visit, get_data="", post_data="synthetic", failures_since_start=1
)
AccessAttemptExpiration.objects.create(access_attempt=attempt, expires_at=at)
AccessLog.objects.create(**visit)
AccessFailureLog.objects.create(**visit, locked_out=False)

tables = sorted(
    {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
)
with open(OUTPUT, "w", encoding="utf-8") as file:
    json.dump({"tables_of_models": tables, "code_from": workshops.__file__}, file)
"""

# Run in either tree: every table's columns and rows, straight from the database.
DUMP_SCRIPT = """
import datetime
import decimal
import json
import uuid

from django.db import connection


def plain(value):
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).hex()
    if isinstance(value, (datetime.date, datetime.time, decimal.Decimal, uuid.UUID)):
        return str(value)
    return value


quote = connection.ops.quote_name
tables = {}
with connection.cursor() as cursor:
    for table in connection.introspection.table_names(cursor):
        description = connection.introspection.get_table_description(cursor, table)
        columns = sorted(column.name for column in description)
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        count = cursor.fetchone()[0]
        cursor.execute(f"SELECT {', '.join(map(quote, columns))} FROM {quote(table)}")
        rows = [dict(zip(columns, map(plain, row))) for row in cursor.fetchall()]
        tables[table] = {"columns": columns, "count": count, "rows": rows}
with open(OUTPUT, "w", encoding="utf-8") as file:
    json.dump(tables, file, sort_keys=True)
"""

# Run in THIS tree after its `migrate`: what this code's models read of the old records, and
# what `load_seed_records` says on a database that has them.
READ_SCRIPT = """
import io
import json

from django.apps import apps
from django.core.management import call_command

import workshops
from workshops.models import Material, Workshop

rows_read = {}
unreadable = {}
for model in apps.get_models(include_auto_created=True):
    label = model._meta.label
    try:
        rows_read[label] = [model._meta.db_table, len(list(model._base_manager.all()))]
    except Exception as error:
        unreadable[label] = f"{type(error).__name__}: {error}"

seed_workshop = Workshop.objects.get(slug=SEED_WORKSHOP_SLUG)
edited = Workshop.objects.get(slug=SYNTHETIC_SLUG)
material = Material.objects.filter(workshop=edited, title=SYNTHETIC_MATERIAL_TITLE).first()
material_text = None
if material:
    with material.file.open("rb") as file:
        material_text = file.read().decode()
seed_output = io.StringIO()
call_command("load_seed_records", stdout=seed_output)

with open(OUTPUT, "w", encoding="utf-8") as file:
    json.dump(
        {
            "code_from": workshops.__file__,
            "rows_read": rows_read,
            "unreadable": unreadable,
            "seed_workshop_participants": list(
                seed_workshop.participations.values_list("person__name", flat=True)
            ),
            "seed_workshop_objectives": seed_workshop.objectives.count(),
            "seed_workshop_history": seed_workshop.history.count(),
            "seed_participations_history": sum(
                participation.history.count()
                for participation in seed_workshop.participations.all()
            ),
            "edited_title": edited.title,
            "edited_history": [
                [
                    change.history_type,
                    change.title,
                    change.history_change_reason,
                    change.history_user and change.history_user.username,
                ]
                for change in edited.history.order_by("history_id")
            ],
            "deleted_history_types": list(
                Workshop.history.filter(slug=SYNTHETIC_DELETED_SLUG)
                .order_by("history_id")
                .values_list("history_type", flat=True)
            ),
            "deleted_still_listed": Workshop.objects.filter(slug=SYNTHETIC_DELETED_SLUG).exists(),
            "material_text": material_text,
            "seed_output": seed_output.getvalue(),
        },
        file,
    )
"""

SCRIPT_CONSTANTS = {
    "SEED_WORKSHOP_SLUG": SEED_WORKSHOP_SLUG,
    "SYNTHETIC_SLUG": SYNTHETIC_SLUG,
    "SYNTHETIC_EDITED_TITLE": SYNTHETIC_EDITED_TITLE,
    "SYNTHETIC_CHANGE_REASON": SYNTHETIC_CHANGE_REASON,
    "SYNTHETIC_EDITOR": SYNTHETIC_EDITOR,
    "SYNTHETIC_DELETED_SLUG": SYNTHETIC_DELETED_SLUG,
    "SYNTHETIC_SEED_PARTICIPANT": SYNTHETIC_SEED_PARTICIPANT,
    "SYNTHETIC_MATERIAL_TITLE": SYNTHETIC_MATERIAL_TITLE,
    "SYNTHETIC_MATERIAL_BYTES": SYNTHETIC_MATERIAL_BYTES,
}


def git(repository, *args):
    return subprocess.run(
        ["git", "-C", str(repository), *args], capture_output=True, text=True, timeout=60
    )


def previous_main_extracted(into):
    """PREVIOUS_MAIN's files, from the git repository that holds this test, in `into`."""
    if shutil.which("git") is None:
        pytest.fail(
            "git is needed to extract the previous main's code, and is not installed.",
            pytrace=False,
        )
    here = Path(__file__).resolve().parent
    top = git(here, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        pytest.fail(f"{here} is not in a git repository: {top.stderr.strip()}", pytrace=False)
    repository = Path(top.stdout.strip())
    if git(repository, "cat-file", "-e", f"{PREVIOUS_MAIN}^{{commit}}").returncode != 0:
        pytest.fail(
            f"Commit {PREVIOUS_MAIN} (the last main before the core/portal move) is not in "
            f"{repository}: clone with full history (`git fetch --unshallow`).",
            pytrace=False,
        )
    archive = into.parent / "previous-main.tar"
    with archive.open("wb") as file:
        subprocess.run(
            ["git", "-C", str(repository), "archive", PREVIOUS_MAIN],
            stdout=file,
            check=True,
            timeout=120,
        )
    into.mkdir()
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    return repository


def postgres_url(settings_dict, name):
    user = quote(settings_dict["USER"] or "", safe="")
    password = settings_dict["PASSWORD"]
    credentials = f"{user}:{quote(password, safe='')}" if password else user
    port = f":{settings_dict['PORT']}" if settings_dict["PORT"] else ""
    return f"postgres://{credentials}@{settings_dict['HOST'] or ''}{port}/{name}"


def postgres_admin(settings_dict):
    import psycopg2

    options = {
        "dbname": "postgres",
        "user": settings_dict["USER"],
        "password": settings_dict["PASSWORD"],
        "host": settings_dict["HOST"],
        "port": settings_dict["PORT"],
    }
    admin = psycopg2.connect(**{key: value for key, value in options.items() if value})
    admin.autocommit = True
    return admin


@pytest.fixture(scope="module")
def database_url(tmp_path_factory):
    """A database of the test's own, on the engine the suite runs on: an SQLite file, or a
    fresh PostgreSQL database on the suite's server, dropped afterwards."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path_factory.mktemp('database') / 'previous-main.sqlite3'}"
        return
    name = f"migfwd_{uuid.uuid4().hex[:12]}"
    admin = postgres_admin(connection.settings_dict)
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield postgres_url(connection.settings_dict, name)
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()


class Site:
    """`manage.py` of one tree, run as a child process against the test's database."""

    def __init__(self, tree, database_url, work):
        self.tree = tree
        self.work = work
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "sesn_portal.settings",
            "DATABASE_URL": database_url,
            "MEDIA_ROOT": str(work / "media"),
            "CACHE_DIR": str(work / "cache"),
            "REPORT_LOCK_DIR": str(work / "locks"),
            "STATIC_ROOT": str(work / "static"),
        }
        # Each tree reads its own code and its own source documents.
        for name in ("DJANGO_ENV", "PYTHONPATH", "SESN_SOURCES_DIR"):
            self.env.pop(name, None)

    def manage(self, *args, what=None):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=self.tree,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if result.returncode != 0:
            pytest.fail(
                f"{what or f'`manage.py {args[0]}`'} failed in {self.tree}:\n"
                f"{result.stdout[-2000:]}\n{result.stderr[-4000:]}",
                pytrace=False,
            )
        return result.stdout

    def run(self, script, name):
        """Run `script` in `manage.py shell`; it writes what it found as JSON to OUTPUT."""
        output = self.work / f"{name}.json"
        values = {**SCRIPT_CONSTANTS, "OUTPUT": str(output)}
        preamble = "".join(f"{key} = {value!r}\n" for key, value in values.items())
        self.manage("shell", "-c", preamble + script, what=f"The {name} script")
        return json.loads(output.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def migrated(tmp_path_factory, database_url):
    """The previous main's database with its records, snapshotted before and after this
    code's `migrate`."""
    work = tmp_path_factory.mktemp("migrate-forward")
    old_tree = work / "previous-main"
    repository = previous_main_extracted(old_tree)
    old, new = Site(old_tree, database_url, work), Site(repository, database_url, work)

    old.manage("migrate", "--noinput")
    old.manage("load_seed_records")
    filled = old.run(FILL_SCRIPT, "filled")
    before = old.run(DUMP_SCRIPT, "before")

    new.manage("migrate", "--noinput")
    after = new.run(DUMP_SCRIPT, "after")
    return SimpleNamespace(old_tree=old_tree, new=new, filled=filled, before=before, after=after)


@pytest.fixture(scope="module")
def read(migrated):
    """What this code's models read of the migrated database, then what `load_seed_records`
    says on it, and every table after it."""
    read = migrated.new.run(READ_SCRIPT, "read")
    read["after_seed"] = migrated.new.run(DUMP_SCRIPT, "after-seed")
    return read


def rows_as_text(rows, columns):
    return sorted(json.dumps({column: row[column] for column in columns}) for row in rows)


def rows_changed_on_purpose(table, rows):
    """`rows` as they must read after migrating: CHANGED_ROWS applied."""
    expected = []
    for row in rows:
        for had, has in CHANGED_ROWS.get(table, []):
            if all(row.get(column) == value for column, value in had.items()):
                row = {**row, **has}
        expected.append(row)
    return expected


def checksum(lines):
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]


def table_changes(before, after, *, added_to=frozenset()):
    """What happened to each table of `before` in `after`, in words; empty if every table,
    column that was there, row and value is still there. Tables in `added_to` may gain rows."""
    changes = []
    for table, old in sorted(before.items()):
        name = RENAMED_TABLES.get(table, table)
        new = after.get(name)
        if new is None:
            changes.append(f"{table}: the table is gone")
            continue
        columns = [c for c in old["columns"] if c not in DROPPED_COLUMNS.get(name, set())]
        gone = [column for column in columns if column not in new["columns"]]
        if gone:
            changes.append(f"{name}: columns gone: {', '.join(gone)}")
            continue
        old_rows = rows_as_text(rows_changed_on_purpose(table, old["rows"]), columns)
        new_rows = rows_as_text(new["rows"], columns)
        lost = list((Counter(old_rows) - Counter(new_rows)).elements())
        gained = list((Counter(new_rows) - Counter(old_rows)).elements())
        if table in added_to:
            gained = []
        if old["count"] != len(old_rows) or new["count"] != len(new_rows):
            changes.append(f"{name}: COUNT(*) disagrees with the rows read")
        if lost or gained:
            changes.append(
                f"{name}: {old['count']} rows (checksum {checksum(old_rows)}) before, "
                f"{new['count']} (checksum {checksum(new_rows)}) after; "
                f"gone or changed: {lost[:3]}; new or changed: {gained[:3]}"
            )
    return changes


def test_previous_main_database_has_records_in_every_table_of_its_models(migrated):
    assert Path(migrated.filled["code_from"]).is_relative_to(migrated.old_tree)
    empty = [
        table
        for table in migrated.filled["tables_of_models"]
        if not migrated.before[table]["count"]
    ]
    assert not empty, f"No record to carry forward in: {', '.join(empty)}"
    historical = [table for table in migrated.filled["tables_of_models"] if "_historical" in table]
    assert historical
    assert all(migrated.before[table]["count"] for table in historical)


def test_migrate_keeps_every_table_row_and_value(migrated):
    changes = table_changes(migrated.before, migrated.after, added_to=ADDED_TO_BY_MIGRATE)

    assert not changes, "This code's migrate changed the previous main's records:\n" + (
        "\n".join(changes)
    )


def test_current_models_read_every_row_of_their_tables(migrated, read):
    assert Path(read["code_from"]).is_relative_to(migrated.new.tree)
    assert read["unreadable"] == {}
    miscounted = {
        label: (count, migrated.after[table]["count"])
        for label, (table, count) in read["rows_read"].items()
        if count != migrated.after[table]["count"]
    }
    assert miscounted == {}, "rows read by the model, rows in its table"


def test_seed_workshop_keeps_its_participations_and_history(read):
    assert read["seed_workshop_participants"] == [SYNTHETIC_SEED_PARTICIPANT]
    assert read["seed_workshop_objectives"] > 0
    assert read["seed_workshop_history"] > 0
    assert read["seed_participations_history"] == 1


def test_history_keeps_the_change_reason_and_the_deleted_record(read):
    assert read["edited_title"] == SYNTHETIC_EDITED_TITLE
    assert [
        "~",
        SYNTHETIC_EDITED_TITLE,
        SYNTHETIC_CHANGE_REASON,
        SYNTHETIC_EDITOR,
    ] in read["edited_history"]
    assert read["deleted_history_types"] == ["+", "-"]
    assert read["deleted_still_listed"] is False


def test_uploaded_material_still_opens(read):
    assert read["material_text"] == SYNTHETIC_MATERIAL_BYTES


def test_load_seed_records_after_the_move_has_nothing_to_do(migrated, read):
    lines = read["seed_output"].splitlines()

    assert lines
    assert all(line.endswith(": nothing to do.") for line in lines), lines
    assert table_changes(migrated.after, read["after_seed"]) == []
