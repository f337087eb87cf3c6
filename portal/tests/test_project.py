"""Project-wide checks: migrations, settings and the secretariat's groups."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from core.permissions import SECRETARIAT_EDITORS, SECRETARIAT_VIEWERS

ROOT = Path(__file__).resolve().parents[2]


def test_makemigrations_check_finds_nothing_to_do(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_secretariat_groups_exist_with_their_permissions(db):
    editors = Group.objects.get(name=SECRETARIAT_EDITORS)
    viewers = Group.objects.get(name=SECRETARIAT_VIEWERS)
    editor_codenames = set(editors.permissions.values_list("codename", flat=True))
    viewer_codenames = set(viewers.permissions.values_list("codename", flat=True))
    assert {"add_workshop", "change_workshop", "delete_workshop", "view_workshop"} <= (
        editor_codenames
    )
    assert {"change_recommendation", "delete_followup", "add_participation"} <= editor_codenames
    assert {"view_workshop", "view_person", "view_followup"} <= viewer_codenames
    assert all(codename.startswith("view_") for codename in viewer_codenames)


# The variables a real deployment sets; the test run's own values must not leak in.
DEPLOYMENT_VARIABLES = {
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "DJANGO_ENV",
    "DEBUG",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set for the browser tests only
}


def run_manage(*args, **env):
    """Run manage.py in a fresh process with the real settings and only the given variables."""
    clean_env = {k: v for k, v in os.environ.items() if k not in DEPLOYMENT_VARIABLES}
    clean_env["DJANGO_SETTINGS_MODULE"] = "sesn_portal.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean_env, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_real_secret_key():
    result = run_manage("check", DJANGO_ENV="production")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DJANGO_ENV=production." in result.stderr


def test_check_deploy_reports_nothing_with_production_values(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        SECRET_KEY="synthetic-" + "x7Qp2" * 12,
        ALLOWED_HOSTS="sesn.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("debug_value", ["", "0", "false"])
def test_debug_is_off_unless_asked(debug_value):
    result = run_manage(
        "shell", "-c", "from django.conf import settings; print(settings.DEBUG)", DEBUG=debug_value
    )
    assert result.stdout.strip().endswith("False"), result.stderr


def test_settings_left_empty_as_in_env_example_mean_their_defaults():
    # `.env.example` lists every setting with an empty value where the default should hold.
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s; "
        "print(s.MEDIA_ROOT, s.STATIC_ROOT, s.SESN_SOURCES_DIR, s.DATABASES['default']['NAME'])",
        MEDIA_ROOT="",
        STATIC_ROOT="",
        SESN_SOURCES_DIR="",
        DATABASE_URL="",
    )
    assert result.returncode == 0, result.stderr
    media, static, sources, database = result.stdout.split()[-4:]
    base = str(ROOT)
    assert (media, static, sources) == (f"{base}/media", f"{base}/staticfiles", f"{base}/sources")
    assert database == f"{base}/db.sqlite3"


def test_the_cache_is_shared_by_the_servers_processes(tmp_path):
    # The comment rate limit and recent report failures must hold across worker processes.
    write = "from django.core.cache import cache; cache.set('synthetic-key', 'seen', 60)"
    read = "from django.core.cache import cache; print(cache.get('synthetic-key'))"
    assert run_manage("shell", "-c", write, CACHE_DIR=str(tmp_path)).returncode == 0
    result = run_manage("shell", "-c", read, CACHE_DIR=str(tmp_path))
    assert result.stdout.split()[-1] == "seen", result.stderr
