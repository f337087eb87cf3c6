"""Time the public pages for a signed-in member of staff (never served from the page cache),
with Django's test client, on the synthetic records of bench/large_records.py.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/perf_large .venv/bin/python \\
        bench/staff_pages.py [--runs 7] [--profile NAME]

Signs in as a staff member of the "Secretariat editors" group (made once, named
"synthetic-staff"), fetches each page once to warm up, then `--runs` times, and prints the
fastest time per request, the query count and the size. Run it against the small and the large
set in the same minute to compare (the machine is shared: take the best of several runs).
`--profile NAME` prints cProfile's top functions for the page NAME instead.

What a page shows of the records alone is kept per records version (`kept_for_this_page`), so
while the records stand still a staff member's page reads it from the cache. `--after-a-change`
moves the records version on before every timed request (untimed), as any change to the records
does: each request then works the whole page out afresh, as the first one after a change does.
"""

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from large_records import sample_pages, setup_django

STAFF_USERNAME = "synthetic-staff"


def staff_pages():
    """The pages a member of staff gets rendered for them: the public ones bar the single
    workshop and the API, plus the sitemap's sections."""
    pages = [
        (name, path)
        for name, path in sample_pages()
        if name != "one workshop" and not name.startswith("API")
    ]
    return [
        *pages,
        ("sitemap: organizations", "/sitemap-organizations.xml"),
        ("sitemap: countries", "/sitemap-countries.xml"),
        ("sitemap: workshops", "/sitemap-workshops.xml"),
    ]


def staff_client():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    from core.permissions import SECRETARIAT_EDITORS

    user, created = get_user_model().objects.get_or_create(
        username=STAFF_USERNAME, defaults={"is_staff": True}
    )
    if created:
        user.groups.add(Group.objects.get(name=SECRETARIAT_EDITORS))
    client = Client()
    client.force_login(user)
    return client


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--only", action="append", help="a page's name (names hold commas); may be repeated"
    )
    parser.add_argument("--profile", help="the name of one page to profile")
    parser.add_argument(
        "--after-a-change",
        action="store_true",
        help="move the records version on before each request: time the page worked out afresh",
    )
    parser.add_argument(
        "--slow-ms", type=float, help="also print each query that took this long or more"
    )
    args = parser.parse_args()
    # A cache folder of its own for each database: a shared one would hand one set of records
    # the other's records version, and so its kept menus and pictures.
    database = os.environ.get("DATABASE_URL", "sqlite").rstrip("/").rsplit("/", 1)[-1]
    cache = Path(tempfile.gettempdir()) / f"sesn-staff-pages-cache-{database}"
    os.environ.setdefault("CACHE_DIR", str(cache))
    setup_django()
    from django.core.signals import request_started
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from core.records_version import records_changed

    def get(path):
        if args.after_a_change:
            records_changed()
        started = time.perf_counter()
        response = client.get(path)
        return response, time.perf_counter() - started

    # Django empties the query log as each request starts: keep it, to count them.
    assert request_started.disconnect(reset_queries)

    client = staff_client()
    pages = staff_pages()
    if args.only:
        pages = [(n, p) for n, p in pages if n in args.only]
    if args.profile:
        path = dict(pages)[args.profile]
        get(path)
        profiler = cProfile.Profile()
        for _ in range(args.runs):
            if args.after_a_change:
                records_changed()
            profiler.enable()
            client.get(path)
            profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        return
    for name, path in pages:
        response, _ = get(path)
        assert response.status_code == 200, (path, response.status_code)
        if args.after_a_change:
            records_changed()
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        queries = len(captured)
        if args.slow_ms is not None:
            for query in captured.captured_queries:
                if float(query["time"]) * 1000 >= args.slow_ms:
                    print(f"    {float(query['time']) * 1000:7.1f} ms  {query['sql'][:400]}")
        times = [get(path)[1] for _ in range(args.runs)]
        print(
            f"{name:28} {min(times) * 1000:8.1f} ms {queries:4} queries"
            f" {len(response.content) / 1024:7.1f} KiB  {path}"
        )


if __name__ == "__main__":
    main()
