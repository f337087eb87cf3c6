"""`make serve`: the production configuration under gunicorn, as the Makefile starts it.

Runs the Makefile's own commands (`make -n serve` prints them) with a database and a static
folder of its own, and reads the home page and a collected stylesheet from gunicorn. The
static files are collected as in production (the Noto fonts included: the pages use them too).
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.serve

BASE_DIR = Path(settings.BASE_DIR)


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve_commands(port):
    """The two commands `make serve` runs after the set-up: collectstatic, then gunicorn."""
    printed = subprocess.run(
        ["make", "-n", "serve", f"PORT={port}", f"PY={sys.executable}"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lines = [line for line in printed.splitlines() if "DJANGO_ENV=production" in line]
    assert len(lines) == 2, printed
    assert "collectstatic" in lines[0] and "gunicorn" in lines[1]
    return lines


def _get(url, attempts=150):
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status, dict(response.headers), response.read().decode()
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"gunicorn never answered {url}")


def test_make_serve_runs_the_production_configuration_under_gunicorn(tmp_path):
    port = _free_port()
    collect, serve = _serve_commands(port)
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "SECRET_KEY", "DJANGO_ENV"}
    }
    environment.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
        CACHE_DIR=str(tmp_path / "cache"),
        WEB_CONCURRENCY="1",
    )
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "--verbosity", "0"],
        cwd=BASE_DIR,
        env={**environment, "DJANGO_ENV": "development"},
        check=True,
    )
    # Every static file, as in production: the pages link the Noto fonts' stylesheets too.
    subprocess.run(collect, shell=True, cwd=BASE_DIR, env=environment, check=True)
    # gunicorn's output goes to a file: a pipe nobody reads fills up and stops the worker.
    log = tmp_path / "serve.log"
    server = subprocess.Popen(
        serve,
        shell=True,
        cwd=BASE_DIR,
        env=environment,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        status, headers, home = _get(f"http://127.0.0.1:{port}/")
        assert status == 200
        assert "Seaport Environmental Security Network" in home
        # Production settings: HSTS left to the real server's HTTPS (0 here), the manifest's
        # hashed static names served by WhiteNoise.
        assert "Strict-Transport-Security" not in headers
        stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', home).group(1)
        status, headers, _ = _get(f"http://127.0.0.1:{port}{stylesheet}")
        assert status == 200
        assert "max-age=315360000" in headers.get("Cache-Control", "")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    assert "Booting worker" in log.read_text(errors="replace")
