"""The public pages under load, beside a bare Django project measured in the same run.

    .venv/bin/python bench/pages.py [--seconds 5] [--connections 8] [--rounds 3]
        [--sizes small,large]

Needs PostgreSQL on 127.0.0.1 (user postgres) and Debian's wrk (`apt-get install -y wrk`).
It uses three databases, made if missing and kept for the next run: `perf_bare` (the bare
project's 1,000 rows), `perf_small` (20 SYNTHETIC workshops, 1,000 participations) and
`perf_large` (1,000 SYNTHETIC workshops, 50,000 participations), the last two built by
bench/large_records.py. Nothing of the real network is read. `--portal-root` serves another
checkout (an older commit's, with this bench/ copied in) and `--database-prefix` gives it
databases of its own, to compare before and after in one sitting.

1. A bare Django 5.2 project is written to a temporary folder: one view rendering a small
   template, one view making 5 simple queries over a table of 1,000 rows.
2. Both it and the portal (production settings, as behind one proxy: `PROXY_HOPS=1`,
   `X-Forwarded-Proto: https` sent with every request) are served by gunicorn with 2 sync
   workers on this machine; each size of the portal by its own gunicorn, both at once.
3. Anonymous readers (no cookie, so served from the page cache): for each size, wrk loads
   the bare pages and then each page with `--connections` connections for `--seconds`
   seconds; requests/s are given as a share of the bare template page's in the same block.
4. Signed-in staff (a session cookie, so never answered by the page cache: every request
   runs the view, which reads what the page shows of the records alone from what was kept
   at this records version, `kept_for_this_page`; bench/staff_pages.py --after-a-change
   times the pages worked out afresh, as after a change):
   page by page, in `--rounds` rounds, each round the bare 5-query page and then the page at
   one size and at the other (the order alternating). The median time per request at each
   size is given as a multiple of the bare 5-query page's median, and the growth from the
   small size to the large as the one median against the other: a few seconds apart, so
   the machine's drift (this one is shared) falls on both alike.

Every request sends `Accept-Encoding: gzip, deflate, br`, as browsers do. The date and the
machine's load (`uptime`) before and after are printed with the table.
Results go in docs/performance.md.
"""

import argparse
import datetime
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import textwrap
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from resilience import GUNICORN, PYTHON, ROOT, run, wait_http

PORTAL_PORT, BARE_PORT = 8771, 8772
BARE_TEMPLATE_URL = f"http://127.0.0.1:{BARE_PORT}/"
BARE_FIVE_URL = f"http://127.0.0.1:{BARE_PORT}/five-queries/"
STAFF = "staff: "
SIZES = {
    "small": {"workshops": 20, "participations": 1000},
    "large": {"workshops": 1000, "participations": 50000},
}

# wrk: one page; prints one JSON line with what the table needs.
WRK_SCRIPT = r"""
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0; bytes = 0 end
function response(status, headers, body)
  if status < 200 or status > 299 then bad = bad + 1 end
end
function done(summary, latency, requests)
  local all_bad = 0
  for _, thread in ipairs(threads) do all_bad = all_bad + thread:get("bad") end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.3f, "non2xx": %d, "errors": %d, "timeouts": %d, ' ..
    '"p50_ms": %.2f, "p99_ms": %.2f}\n',
    summary.requests, summary.duration / 1e6, all_bad, e.connect + e.read + e.write,
    e.timeout, latency:percentile(50) / 1e3, latency:percentile(99) / 1e3))
end
"""

BARE_SETTINGS = """
SECRET_KEY = "synthetic-bare-project-for-the-benchmark"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bare.urls"
INSTALLED_APPS = ["bare"]
MIDDLEWARE = []
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}]
DATABASES = {"default": {
    "ENGINE": "django.db.backends.postgresql", "NAME": "perf_bare", "USER": "postgres",
    "HOST": "127.0.0.1", "PORT": "5432", "CONN_MAX_AGE": 600, "CONN_HEALTH_CHECKS": True,
}}
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
"""

BARE_MODELS = """
from django.db import models


class Row(models.Model):
    name = models.CharField(max_length=100)
    number = models.IntegerField(db_index=True)
"""

BARE_VIEWS = """
from django.db.models import Sum
from django.shortcuts import render

from .models import Row


def template_page(request):
    return render(request, "bare/page.html", {"title": "Synthetic bare page"})


def five_queries(request):
    rows = Row.objects
    return render(request, "bare/page.html", {
        "title": "Synthetic five queries",
        "count": rows.count(),
        "first": list(rows.order_by("number")[:20]),
        "total": rows.aggregate(total=Sum("number"))["total"],
        "some": list(rows.filter(number__range=(100, 120))),
        "named": rows.filter(name="Synthetic row 0500").first(),
    })
"""

BARE_URLS = """
from django.urls import path

from . import views

urlpatterns = [
    path("", views.template_page),
    path("five-queries/", views.five_queries),
]
"""

BARE_TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><h1>{{ title }}</h1>
{% if count %}<p>{{ count }} rows, total {{ total }}, named: {{ named.name }}</p>
<ul>{% for row in first %}<li>{{ row.name }}: {{ row.number }}</li>{% endfor %}</ul>
<ul>{% for row in some %}<li>{{ row.name }}: {{ row.number }}</li>{% endfor %}</ul>{% endif %}
</body></html>
"""


def bare_project(folder):
    """Write the bare project to `folder`, migrate it and give it its 1,000 rows."""
    package = folder / "bare"
    (package / "templates" / "bare").mkdir(parents=True)
    (package / "migrations").mkdir()
    for name, text in {
        "__init__.py": "",
        "settings.py": BARE_SETTINGS,
        "models.py": BARE_MODELS,
        "views.py": BARE_VIEWS,
        "urls.py": BARE_URLS,
        "wsgi.py": "from django.core.wsgi import get_wsgi_application\n"
        "application = get_wsgi_application()\n",
        "migrations/__init__.py": "",
        "templates/bare/page.html": BARE_TEMPLATE,
    }.items():
        (package / name).write_text(textwrap.dedent(text))
    env = bare_env(folder)
    django_admin = [str(PYTHON), "-m", "django"]
    run([*django_admin, "makemigrations", "bare", "-v0"], env=env, cwd=folder)
    run([*django_admin, "migrate", "-v0"], env=env, cwd=folder)
    fill = """
import django
django.setup()
from bare.models import Row
if Row.objects.count() != 1000:
    Row.objects.all().delete()
    Row.objects.bulk_create(Row(name=f"Synthetic row {n:04d}", number=n) for n in range(1000))
"""
    run([str(PYTHON), "-c", fill], env=env, cwd=folder)


def bare_env(folder):
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "bare.settings", "PYTHONPATH": str(folder)}


def portal_env(work, database):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sesn_portal.settings",
        "DJANGO_ENV": "production",
        "SECRET_KEY": "synthetic-pages-run-" + os.urandom(16).hex(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        # Each size its own stored files: both are served at once, and their synthetic
        # workshops' reports would otherwise share names.
        "MEDIA_ROOT": str(work / f"media-{database}"),
        "STATIC_ROOT": str(work / "static"),
        # A cache of its own for each database: one shared folder would hand the second size
        # the first one's records version, and so its pages.
        "CACHE_DIR": str(work / f"cache-{database}"),
        "PROXY_HOPS": "1",
        "LOG_LEVEL": "WARNING",
        # wrk is one client: the API's throttle for anonymous clients would answer 429.
        "API_ANON_RATE": "100000000/minute",
    }


def database_ensure(name):
    exists = run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname = '{name}'",
        ]
    ).stdout.strip()
    if not exists:
        run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name])


def portal_records(env, size, portal_root):
    """Build the size's synthetic records if missing; return the pages to load."""
    run(
        [
            str(PYTHON),
            str(portal_root / "bench" / "large_records.py"),
            "--workshops",
            str(size["workshops"]),
            "--participations",
            str(size["participations"]),
        ],
        env=env,
        cwd=portal_root,
    )
    code = """
import json, sys
sys.path.insert(0, "bench")
import large_records
large_records.setup_django()
print(json.dumps(large_records.sample_pages()))
"""
    pages = json.loads(run([str(PYTHON), "-c", code], env=env, cwd=portal_root).stdout)
    workshop = next(path for name, path in pages if name == "one workshop")
    return [*pages, ["stored report PDF", f"{workshop}report.pdf"]]


def gunicorn_start(module, port, env, cwd, log):
    """gunicorn with 2 sync workers. Both projects log each request to a file, as the
    portal's gunicorn.conf.py does in production (to its output), so both pay for it."""
    process = subprocess.Popen(
        [
            str(GUNICORN),
            module,
            f"--access-logfile={log.with_suffix('.access.log')}",
            "--workers=2",
            "--worker-class=sync",
            f"--bind=127.0.0.1:{port}",
            "--timeout=120",
            "--log-level=warning",
            f"--error-logfile={log}",
        ],
        env=env,
        cwd=cwd,
    )
    wait_http(f"http://127.0.0.1:{port}/", seconds=60)
    return process


def gunicorn_stop(process):
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# What a browser sends; the page cache answers it with the body it keeps compressed.
BROWSER_HEADERS = {"Accept-Encoding": "gzip, deflate, br", "X-Forwarded-Proto": "https"}


def fetch(url, headers):
    """(status, bytes on the wire) of one GET with `headers`."""
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, len(response.read())
    except urllib.error.HTTPError as error:
        return error.code, len(error.read())


def staff_session(env, portal_root):
    """A signed-in member of the Secretariat editors' session (bench/staff_pages.py's
    synthetic staff member): the `Cookie` header value that makes every request render the
    page afresh."""
    code = """
import sys
sys.path.insert(0, "bench")
from large_records import setup_django
setup_django()
from django.conf import settings
from staff_pages import staff_client
name = settings.SESSION_COOKIE_NAME
print(f"{name}={staff_client().cookies[name].value}")
"""
    return run([str(PYTHON), "-c", code], env=env, cwd=portal_root).stdout.strip()


def load(url, script, *, seconds, connections, headers=BROWSER_HEADERS):
    """wrk on one page: requests/s, p50, errors, and the bytes one GET sends on the wire."""
    status, size = fetch(url, headers)
    wrk = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            *(option for name, value in headers.items() for option in ("-H", f"{name}: {value}")),
            "-s",
            str(script),
            url,
        ],
        text=True,
        capture_output=True,
        check=True,
    )
    line = next(x for x in wrk.stdout.splitlines() if x.startswith("RESULT "))
    result = json.loads(line[len("RESULT ") :])
    result["rps"] = result["requests"] / result["seconds"]
    result["status"], result["kib"] = status, size / 1024
    return result


def uptime():
    return run(["uptime"]).stdout.strip()


TROUBLE = ("non2xx", "errors", "timeouts")


def trouble_note(row):
    trouble = sum(row[k] for k in TROUBLE)
    return f" **{trouble} failed**" if trouble else ""


def table(results, sizes):
    """Markdown, anonymous readers: per page and size, req/s as a share of the bare template
    page's and p50 as a multiple of its p50."""
    header = "| page |" + "".join(
        f" {SIZES[s]['workshops']:,} workshops: req/s (% of bare) | p50 ms (× bare) | KiB |"
        for s in sizes
    )
    lines = [header, "|---|" + "---:|---:|---:|" * len(sizes)]
    names = [
        name
        for name in dict.fromkeys(name for s in sizes for name in results[s])
        if not name.startswith(STAFF)
    ]
    for name in names:
        cells = []
        for s in sizes:
            row, bare = results[s].get(name), results[s]["bare Django, template page"]
            if row is None:
                cells.append(" – | – | – |")
                continue
            cells.append(
                f" {row['rps']:,.1f} ({row['rps'] / bare['rps']:.2%}){trouble_note(row)}"
                f" | {row['p50_ms']:.1f} ({row['p50_ms'] / bare['p50_ms']:.1f}×)"
                f" | {row['kib']:.0f} |"
            )
        lines.append(f"| {name} |" + "".join(cells))
    return "\n".join(lines)


def median(values):
    return statistics.median(values)


def staff_table(staff, sizes):
    """Markdown, signed-in staff (no page cache): per page and size, the median over the rounds of
    the time per request (1 / the requests per second of 2 workers), and as a multiple of the
    bare 5-query page's median over the same rounds; and, with both sizes, how much slower the
    page is at the large size than at the small one, median against median, both sizes
    measured in turn within each round."""
    growth = len(sizes) == 2
    header = "| page (staff, no page cache) |" + "".join(
        f" {SIZES[s]['workshops']:,} workshops: ms per request (× bare 5-query) | KiB |"
        for s in sizes
    )
    header += " slower at the larger size |" if growth else ""
    lines = [header, "|---|" + "---:|---:|" * len(sizes) + ("---:|" if growth else "")]
    for name, rounds in staff.items():
        five_ms = median(1000 / row["rps"] for row in rounds["bare"])
        cells, times = [], []
        for s in sizes:
            rows = rounds[s]
            ms = median(1000 / row["rps"] for row in rows)
            times.append(ms)
            trouble = trouble_note({k: sum(r[k] for r in rows) for k in TROUBLE})
            cells.append(f" {ms:.2f} ({ms / five_ms:.2f}×){trouble} | {rows[0]['kib']:.0f} |")
        if growth:
            cells.append(f" {times[1] / times[0] - 1:+.0%} |")
        lines.append(f"| {name} |" + "".join(cells))
    return "\n".join(lines)


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument(
        "--rounds", type=int, default=3, help="rounds of the staff pages (the median is given)"
    )
    parser.add_argument("--sizes", default="small,large", help="of: small, large")
    parser.add_argument("--json", help="also write the raw results to this file")
    parser.add_argument(
        "--portal-root",
        type=Path,
        default=ROOT,
        help="the portal checkout to serve (an older commit's, to compare); it needs "
        "bench/large_records.py",
    )
    parser.add_argument(
        "--database-prefix",
        default="perf_",
        help="the portal's databases are <prefix>small and <prefix>large",
    )
    args = parser.parse_args()
    args.sizes = [s.strip() for s in args.sizes.split(",")]
    if unknown := set(args.sizes) - set(SIZES):
        raise SystemExit(f"Unknown size(s): {', '.join(sorted(unknown))}; use small, large.")
    if not shutil.which("wrk"):
        raise SystemExit(
            "wrk is missing: this benchmark needs Debian's wrk (apt-get install -y wrk)."
        )
    import django

    if django.VERSION[:2] != (5, 2):
        raise SystemExit(f"The bare project must be Django 5.2, not {django.get_version()}.")
    return args


def serve_portals(args, work, portals):
    """Both sizes served at once, each by its own gunicorn on its own port (appended to
    `portals`), so that a staff page can be measured at one size and then the other within
    seconds. {size: (port, {page name: path}, the staff's request headers)}."""
    servers = {}
    for number, size_name in enumerate(args.sizes):
        env = portal_env(work, args.database_prefix + size_name)
        root = args.portal_root
        run([str(PYTHON), "manage.py", "migrate", "--noinput"], env=env, cwd=root)
        if number == 0:  # one static folder for both (compressing it takes minutes)
            run([str(PYTHON), "manage.py", "collectstatic", "--noinput"], env=env, cwd=root)
        pages = portal_records(env, SIZES[size_name], root)
        port = PORTAL_PORT + 10 * number
        log = work / f"portal-{size_name}.log"
        portals.append(gunicorn_start("sesn_portal.wsgi", port, env, root, log))
        cookie = staff_session(env, root)
        servers[size_name] = (port, dict(pages), {**BROWSER_HEADERS, "Cookie": cookie})
    return servers


def measure_anonymous(servers, measure):
    """Anonymous readers (served by the page cache): each size in turn, after the bare
    pages. {size: {page name: wrk's figures}}."""
    results = {}
    for size_name, (port, pages, _headers) in servers.items():
        measured = {
            "bare Django, template page": measure(f"{size_name} bare template", BARE_TEMPLATE_URL),
            "bare Django, 5-query page": measure(f"{size_name} bare 5-query", BARE_FIVE_URL),
        }
        for name, path in pages.items():
            measured[name] = measure(f"{size_name} {name}", f"http://127.0.0.1:{port}{path}")
        results[size_name] = measured
    return results


def measure_staff(servers, measure, rounds):
    """Signed-in staff (every request renders the page): page by page, `rounds` rounds, each
    the bare 5-query page and then the page at each size, the sizes' order alternating, so
    that the machine's drift falls on both sizes alike. {page name: {"bare" or size:
    [wrk's figures, a round each]}}."""
    sizes = list(servers)
    staff = {}
    for name in servers[sizes[0]][1]:
        staff[name] = {"bare": [], **{s: [] for s in sizes}}
        for turn in range(rounds):
            staff[name]["bare"].append(measure(f"round {turn + 1} bare 5-query", BARE_FIVE_URL))
            for size_name in sizes if turn % 2 == 0 else sizes[::-1]:
                port, pages, headers = servers[size_name]
                url = f"http://127.0.0.1:{port}{pages[name]}"
                label = f"round {turn + 1} {size_name} {STAFF}{name}"
                staff[name][size_name].append(measure(label, url, headers))
    return staff


def main():
    args = arguments()
    started = datetime.datetime.now(datetime.UTC)
    load_before = uptime()
    work = Path(tempfile.mkdtemp(prefix="sesn-bench-pages-"))
    script = work / "page.lua"
    script.write_text(WRK_SCRIPT)
    for database in ["perf_bare", *(args.database_prefix + s for s in args.sizes)]:
        database_ensure(database)
    bare_project(work / "bare_project")
    bare = gunicorn_start(
        "bare.wsgi",
        BARE_PORT,
        bare_env(work / "bare_project"),
        work / "bare_project",
        work / "bare.log",
    )

    def measure(label, url, headers=None):
        row = load(
            url,
            script,
            seconds=args.seconds,
            connections=args.connections,
            headers=headers or BROWSER_HEADERS,
        )
        print(f"{label:48} {row['rps']:8.1f} req/s p50 {row['p50_ms']:7.1f} ms", flush=True)
        return row

    portals = []
    try:
        servers = serve_portals(args, work, portals)
        results = measure_anonymous(servers, measure)
        staff = measure_staff(servers, measure, args.rounds)
    finally:
        for portal in portals:
            gunicorn_stop(portal)
        gunicorn_stop(bare)
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"\nRun on {started:%d %B %Y, %H:%M} UTC; wrk -c{args.connections} -d{args.seconds}s;"
        f" staff pages in {args.rounds} rounds."
    )
    print(f"Load before: {load_before}")
    print(f"Load after:  {uptime()}\n")
    print(table(results, args.sizes))
    print()
    print(staff_table(staff, args.sizes))
    if args.json:
        Path(args.json).write_text(json.dumps({"anonymous": results, "staff": staff}, indent=1))


if __name__ == "__main__":
    sys.exit(main())
