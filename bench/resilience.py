"""Load and faults on the production path: what a restart or a killed process costs the visitors.

    .venv/bin/python bench/resilience.py [--seconds 60] [--connections 64] [--no-db-restart]

On a throwaway PostgreSQL database (`sesn_resilience_<pid>`, dropped afterwards) with the seed
records and SYNTHETIC workshops (bench/report.py's made-up agencies and people), it starts
gunicorn (2 sync workers, production settings, as behind one nginx: `PROXY_HOPS=1` and
`X-Forwarded-Proto: https` sent with every request), then:

1. **Load with faults**: `wrk -c<connections> -d<seconds>` spread over the workshop page, the home
   page, a search and the stored report PDF. A quarter of the way in, PostgreSQL is restarted
   (`pg_ctlcluster ... restart -m fast`: every connection is cut); at three quarters, one
   gunicorn worker is killed with SIGKILL. Non-2xx answers and socket errors are counted per
   second of the run, so that one sees when they happened.
2. **A render child killed mid-render**: a workshop of 1,000 participations is changed (so
   its report is out of date), a download starts the rendering, the render child is killed
   with SIGKILL; the download must still be answered with the last good PDF (the same bytes
   as before the change), the failure noted on the stored report, and the next download
   (within REPORT_RETRY_AFTER_FAILURE_SECONDS) answered at once with that PDF too.
3. **Nothing left behind**: gunicorn is stopped; no process of this run may remain, no
   `weasyprint-*` folder in the run's temporary folder, no PDF in the media folder that no
   stored report names.

PostgreSQL is restarted for the whole machine: do not run this while anything else uses it
(`--no-db-restart` leaves that fault out). Needs Debian's wrk (`apt-get install -y wrk`).
The results go in docs/reliability.md.
"""

import argparse
import datetime
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
PORT = 8765
PROC_NAME = f"sesn-resilience-{os.getpid()}"

# wrk: every connection cycles through the paths; statuses and errors counted per second.
WRK_SCRIPT = r"""
local paths = {}
for p in string.gmatch(os.getenv("RESILIENCE_PATHS"), "[^ ]+") do table.insert(paths, p) end
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  counter = 0; bad = {}; statuses = {}; start = os.time()
end
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1],
    {["X-Forwarded-Proto"] = "https", ["X-Forwarded-For"] = "198.51.100.7"})
end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status < 200 or status > 299 then
    local second = os.time() - start
    bad[second] = (bad[second] or 0) + 1
  end
end
function done(summary, latency, requests)
  local all_statuses, all_bad = {}, {}
  for _, thread in ipairs(threads) do
    for k, v in pairs(thread:get("statuses")) do all_statuses[k] = (all_statuses[k] or 0) + v end
    for k, v in pairs(thread:get("bad")) do all_bad[k] = (all_bad[k] or 0) + v end
  end
  local parts = {}
  for k, v in pairs(all_statuses) do table.insert(parts, string.format('"%d": %d', k, v)) end
  local bad_parts = {}
  for k, v in pairs(all_bad) do table.insert(bad_parts, string.format('"%d": %d', k, v)) end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.2f, "statuses": {%s}, "non2xx_by_second": {%s}, ' ..
    '"connect_errors": %d, "read_errors": %d, "write_errors": %d, "timeouts": %d, ' ..
    '"p50_ms": %.1f, "p99_ms": %.1f, "max_ms": %.1f}\n',
    summary.requests, summary.duration / 1e6, table.concat(parts, ", "),
    table.concat(bad_parts, ", "), e.connect, e.read, e.write, e.timeout,
    latency:percentile(50) / 1e3, latency:percentile(99) / 1e3, latency.max / 1e3))
end
"""


def run(cmd, env=None, **kwargs):
    return subprocess.run(cmd, env=env, check=True, text=True, capture_output=True, **kwargs)


def pg_cluster():
    version = sorted(os.listdir("/etc/postgresql"), key=lambda v: [int(x) for x in v.split(".")])
    return version[-1]


def make_records(env):
    """In a child process (with the run's settings): seed records and synthetic workshops."""
    code = f"""
import importlib.util, django
django.setup()
from django.core.management import call_command
call_command("load_seed_records", verbosity=0)
spec = importlib.util.spec_from_file_location("bench_report", {str(ROOT / "bench" / "report.py")!r})
bench_report = importlib.util.module_from_spec(spec); spec.loader.exec_module(bench_report)
for size in (20, 50, 1000):
    bench_report.synthetic_workshop(size)
"""
    run([str(PYTHON), "-c", code], env=env, cwd=ROOT)


def change_workshop(env, slug):
    code = f"""
import django
django.setup()
from workshops.models import Workshop
workshop = Workshop.objects.get(slug={slug!r})
workshop.summary += " Synthetic change for the resilience run."
workshop.save()
"""
    run([str(PYTHON), "-c", code], env=env, cwd=ROOT)


def stored_report(env, slug):
    code = f"""
import django, json
django.setup()
from reports.models import StoredReport
stored = StoredReport.objects.get(workshop__slug={slug!r})
print(json.dumps({{"file": stored.file.name, "last_failure": stored.last_failure}}))
"""
    return json.loads(run([str(PYTHON), "-c", code], env=env, cwd=ROOT).stdout)


def orphan_reports(env, media):
    code = """
import django, json
django.setup()
from reports.models import StoredReport
print(json.dumps(sorted(StoredReport.objects.values_list("file", flat=True))))
"""
    named = set(json.loads(run([str(PYTHON), "-c", code], env=env, cwd=ROOT).stdout))
    on_disk = {str(p.relative_to(media)) for p in (media / "reports").glob("**/*") if p.is_file()}
    return sorted(on_disk - named)


def get(url, timeout=300):
    """(status, bytes, the body's sha256 cut to 12) of a GET sent as through the proxy."""
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    return status, len(body), hashlib.sha256(body).hexdigest()[:12]


def children(pid):
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def gunicorn_workers(master):
    return children(master)


def our_processes(marker_env):
    """Processes still alive that carry this run's marker in their environment."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if marker_env.encode() in environ:
            found.append(int(entry.name))
    return found


def wait_http(url, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            get(url, timeout=5)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer in {seconds} s")


def main():  # noqa: C901 (a script's steps in order: start, disrupt, measure, report)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--no-db-restart", action="store_true")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")

    started = datetime.datetime.now(datetime.UTC)
    load_before = os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="sesn-resilience-"))
    media, tmp = work / "media", work / "tmp"
    tmp.mkdir()
    db = f"sesn_resilience_{os.getpid()}"
    marker = f"SESN_RESILIENCE_RUN={PROC_NAME}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sesn_portal.settings",
        "DJANGO_ENV": "production",
        "SECRET_KEY": "synthetic-resilience-run-" + os.urandom(16).hex(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{db}",
        "MEDIA_ROOT": str(media),
        "STATIC_ROOT": str(work / "static"),
        "CACHE_DIR": str(work / "cache"),
        "PROXY_HOPS": "1",
        "TMPDIR": str(tmp),
        "LOG_LEVEL": "WARNING",
        "SESN_RESILIENCE_RUN": PROC_NAME,
    }
    run(["createdb", "-h", "127.0.0.1", "-U", "postgres", db])
    master = None
    results = {"date": started.isoformat(timespec="seconds"), "load_before": load_before}
    try:
        run([str(PYTHON), "manage.py", "migrate", "--noinput"], env=env, cwd=ROOT)
        run([str(PYTHON), "manage.py", "collectstatic", "--noinput"], env=env, cwd=ROOT)
        make_records(env)
        # The page and report under load: 50 participations. The render child killed: 1,000,
        # whose rendering takes long enough to be caught at it.
        slug, big = "synthetic-bench-50", "synthetic-bench-1000"
        base = f"http://127.0.0.1:{PORT}"
        gunicorn = subprocess.Popen(
            [
                str(GUNICORN),
                "sesn_portal.wsgi",
                "--workers=2",
                f"--bind=127.0.0.1:{PORT}",
                "--timeout=150",
                "--graceful-timeout=10",
                f"--name={PROC_NAME}",
                "--log-level=warning",
                f"--error-logfile={work / 'gunicorn.log'}",
            ],
            env=env,
            cwd=ROOT,
        )
        master = gunicorn.pid
        wait_http(base + "/")
        # The stored report exists before the load: a download then is a file read.
        results["first_report"] = get(f"{base}/workshops/{slug}/report.pdf")
        before_kill = get(f"{base}/workshops/{big}/report.pdf")

        paths = [
            f"/workshops/{slug}/",
            "/",
            "/search/?q=synthetic",
            f"/workshops/{slug}/report.pdf",
        ]
        script = work / "resilience.lua"
        script.write_text(WRK_SCRIPT)
        faults = []

        def inject():
            if not args.no_db_restart:
                time.sleep(args.seconds / 4)
                faults.append((round(time.time() - load_started, 1), "PostgreSQL restart"))
                run(
                    [
                        "pg_ctlcluster",
                        "--skip-systemctl-redirect",
                        pg_cluster(),
                        "main",
                        "restart",
                        "-m",
                        "fast",
                    ]
                )
                faults.append((round(time.time() - load_started, 1), "PostgreSQL back"))
                time.sleep(args.seconds / 2 - (time.time() - load_started - args.seconds / 4))
            else:
                time.sleep(args.seconds * 3 / 4)
            victim = gunicorn_workers(master)[0]
            os.kill(victim, signal.SIGKILL)
            faults.append((round(time.time() - load_started, 1), f"worker {victim} SIGKILL"))

        load_started = time.time()
        injector = threading.Thread(target=inject)
        injector.start()
        wrk = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{args.connections}",
                f"-d{args.seconds}s",
                "--timeout",
                "10s",
                "-s",
                str(script),
                base,
            ],
            env={**env, "RESILIENCE_PATHS": " ".join(paths)},
            text=True,
            capture_output=True,
        )
        injector.join()
        line = next(x for x in wrk.stdout.splitlines() if x.startswith("RESULT "))
        results["load"] = json.loads(line[len("RESULT ") :])
        results["faults"] = faults

        # A render child killed mid-render.
        wait_http(base + "/")
        change_workshop(env, big)
        outcome = {"before": before_kill}

        def download():
            outcome["during"] = get(f"{base}/workshops/{big}/report.pdf")

        downloader = threading.Thread(target=download)
        downloader.start()
        killed = None
        deadline = time.time() + 30
        while killed is None and time.time() < deadline and downloader.is_alive():
            for worker in gunicorn_workers(master):
                for child in children(worker):
                    try:
                        what = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ")
                    except OSError:
                        continue
                    # The render child is a fork of the worker (its command line is the
                    # worker's); a fresh worker's first import of WeasyPrint also runs gcc
                    # and ldconfig to find its libraries, which are left alone.
                    if b"gunicorn" not in what:
                        continue
                    os.kill(child, signal.SIGKILL)
                    killed = (child, what.decode(errors="replace").strip()[:120])
            time.sleep(0.05)
        downloader.join()
        outcome["render_child_killed"] = killed
        outcome["next_download"] = get(f"{base}/workshops/{big}/report.pdf")
        outcome["stored"] = stored_report(env, big)
        results["render_child"] = outcome
    finally:
        if master:
            os.kill(master, signal.SIGTERM)
            try:
                gunicorn.wait(timeout=30)
            except subprocess.TimeoutExpired:
                gunicorn.kill()
        time.sleep(1)
        results["left_running"] = our_processes(marker)
        results["left_weasyprint_dirs"] = sorted(p.name for p in tmp.glob("weasyprint-*"))
        try:
            results["orphan_report_files"] = orphan_reports(env, media)
        except subprocess.CalledProcessError as error:
            results["orphan_report_files"] = f"not checked: {error.stderr[-200:]}"
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", db])
        results["load_after"] = os.getloadavg()
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    sys.exit(main())
