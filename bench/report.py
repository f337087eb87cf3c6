"""Benchmark of the outcome report: render time, peak memory, pages, and serving a stored PDF.

    .venv/bin/python bench/report.py [--sizes 50,500,5000]

Builds SYNTHETIC workshops (made-up agencies and people, labelled "Synthetic") with 50, 500 and
5,000 participations in a throwaway SQLite database and media folder, then for each:

- portal render: `report_generate(force=True)`, everything a download does when the records
  changed (read the records, fingerprint, HTML, fork the renderer, WeasyPrint, store): one
  warm-up rendering of that workshop, then the fastest of 5 runs (2 for 5,000);
- WeasyPrint alone: the same HTML and font stylesheet, rendered by WeasyPrint with its own
  URL fetcher in a fresh Python process: one warm-up rendering of the same HTML, then the
  fastest of as many runs as the portal's (the best case for WeasyPrint: warm, no child
  process, no database, nothing stored);
- serve stored: GET /workshops/<slug>/report.pdf through Django's test client when the stored
  PDF is current (fingerprint check included), median of 5.

Peak memory is the peak resident set of the process that rendered (for the portal, the largest
of its forked children so far: sizes ascend, so the current size's). The machine is shared:
the script prints the load average before and after. Results go in docs/performance.md.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Made-up names; one participant in ten has one in a non-Latin script.
SCRIPT_NAMES = ["Nguyễn Thị Hằng", "សុខ វណ្ណា", "สมชาย ใจดี", "李明华", "山田 花子", "김민준"]
# Timed runs per size, the same number on both sides (after one warm-up each); the best counts.
REPEATS, REPEATS_LARGE = 5, 2
COUNTRIES = ["KH", "CN", "ID", "JP", "KR", "LA", "MY", "MM", "PH", "SG", "TH", "VN", "BD", "IN"]


def setup_django():
    work = Path(tempfile.mkdtemp(prefix="sesn-bench-report-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'db.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(work / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sesn_portal.settings")
    os.environ.setdefault("REPORT_RENDER_TIMEOUT_SECONDS", "600")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def synthetic_workshop(size):
    """A SYNTHETIC workshop with `size` participations (bulk-created)."""
    from participants.models import Organization, Participation, Person
    from recommendations.models import FollowUp, Recommendation
    from workshops.models import Objective, Workshop, WorkshopSeries

    network, _ = Organization.objects.get_or_create(
        slug="synthetic-bench-network",
        defaults={"name": "Synthetic Bench Network", "kind": "enforcement_network"},
    )
    series, _ = WorkshopSeries.objects.get_or_create(
        slug="synthetic-bench-series",
        defaults={"name": "Synthetic Bench Series", "organization": network},
    )
    workshop = Workshop.objects.create(
        series=series,
        edition=size,
        title=f"Synthetic Benchmark Workshop with {size} participations",
        short_title=f"Synthetic bench {size}",
        slug=f"synthetic-bench-{size}",
        start_date="2015-03-02",
        end_date="2015-03-04",
        city="Synthetic City",
        country="TH",
        status=Workshop.Status.PUBLISHED,
        summary="Synthetic summary for the benchmark. " * 8,
        recorded_participants=size,
        recorded_countries=len(COUNTRIES),
        recorded_region="Synthetic region",
    )
    for position in range(1, 4):
        Objective.objects.create(
            workshop=workshop, position=position, text=f"Synthetic objective {position}. " * 4
        )
    for number in range(1, 4):
        recommendation = Recommendation.objects.create(
            workshop=workshop,
            number=number,
            short_title=f"Synthetic recommendation {number}",
            text="Synthetic recommendation text. " * 6,
        )
        FollowUp.objects.create(
            recommendation=recommendation, date="2016-01-01", action="Synthetic action."
        )
    agencies = Organization.objects.bulk_create(
        Organization(
            name=f"Synthetic Agency {size}-{country}-{n}",
            slug=f"synthetic-agency-{size}-{country.lower()}-{n}",
            country=country,
            kind=["customs", "environmental_authority", "port_authority"][n % 3],
        )
        for country in COUNTRIES
        for n in range(4)
    )
    people = Person.objects.bulk_create(
        Person(
            name=SCRIPT_NAMES[i % len(SCRIPT_NAMES)] + f" {i}"
            if i % 10 == 0
            else f"Synthetic Participant {size}-{i:05d}",
            organization=agencies[i % len(agencies)],
            country=agencies[i % len(agencies)].country,
            email=f"synthetic{i}@example.invalid",
            publish_name_consent=i % 7 != 0,
        )
        for i in range(size)
    )
    Participation.objects.bulk_create(
        Participation(
            workshop=workshop,
            person=person,
            organization=person.organization,
            country=person.country,
        )
        for person in people
    )
    return workshop


def weasyprint_alone(html_path, css_path, repeats):
    """Run in a fresh Python process: WeasyPrint renders the saved HTML and font stylesheet."""
    import json

    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    sys.path.insert(0, str(ROOT))
    from reports.pdf_tags import PDF_VARIANT  # the same PDF as the portal's: tagged PDF/A

    repeats = int(repeats)
    html = Path(html_path).read_text(encoding="utf-8")
    font_faces = Path(css_path).read_text(encoding="utf-8")
    # One warm-up rendering of the same HTML (as on the portal's side), not counted.
    times = []
    for _ in range(1 + repeats):
        started = time.perf_counter()
        font_config = FontConfiguration()
        fonts = CSS(string=font_faces, font_config=font_config)
        document = HTML(string=html).render(stylesheets=[fonts], font_config=font_config)
        pdf = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)
        times.append(time.perf_counter() - started)
        pages, size = len(document.pages), len(pdf)
        # Kept alive, the last document would be walked by the garbage collector all through
        # the next rendering (seconds at 5,000 participations): let it go, as the portal does.
        del font_config, fonts, document, pdf
    seconds = min(times[1:])
    print(json.dumps([seconds, pages, size, _peak_mib(resource.RUSAGE_SELF)]))


def _peak_mib(who):
    return resource.getrusage(who).ru_maxrss / 1024


def measure(size):
    from django.test import Client
    from django.utils import timezone

    from reports.content import report_characters, report_content
    from reports.fetcher import static_file_url
    from reports.fonts import font_faces_for
    from reports.services import report_generate, report_html

    workshop = synthetic_workshop(size)

    repeats = REPEATS if size <= 500 else REPEATS_LARGE
    # One warm-up rendering of this workshop, not counted, as on WeasyPrint's side.
    report_generate(workshop=workshop, force=True)
    portal_times, child_times = [], []
    for _ in range(repeats):
        started = time.perf_counter()
        stored = report_generate(workshop=workshop, force=True)
        portal_times.append(time.perf_counter() - started)
        child_times.append(stored.render_seconds)
    portal_seconds = min(portal_times)
    portal_peak = _peak_mib(resource.RUSAGE_CHILDREN)  # sizes ascend: the latest child's

    content = report_content(workshop=workshop)
    html = report_html(content=content, generated_at=timezone.now())
    font_faces = font_faces_for(report_characters(content), url_for=static_file_url)
    work = Path(tempfile.mkdtemp(prefix="sesn-bench-alone-"))
    (work / "report.html").write_text(html, encoding="utf-8")
    (work / "fonts.css").write_text(font_faces, encoding="utf-8")
    alone = subprocess.run(
        [
            sys.executable,
            __file__,
            "--weasyprint-alone",
            str(work / "report.html"),
            str(work / "fonts.css"),
            str(repeats),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    alone_seconds, alone_pages, _, alone_peak = json.loads(alone.stdout.splitlines()[-1])

    client = Client()
    url = f"/workshops/{workshop.slug}/report.pdf"
    serve_times = []
    for _ in range(5):
        started = time.perf_counter()
        response = client.get(url)
        b"".join(response.streaming_content)
        serve_times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    serve_seconds = statistics.median(serve_times)
    return {
        "size": size,
        "pages": stored.page_count,
        "alone_pages": alone_pages,
        "portal_seconds": portal_seconds,
        "alone_seconds": alone_seconds,
        "child_seconds": min(child_times),
        "overhead": portal_seconds / alone_seconds - 1,
        "portal_peak": portal_peak,
        "alone_peak": alone_peak,
        "serve_seconds": serve_seconds,
        "speedup": portal_seconds / serve_seconds,
        "pdf_kib": stored.size / 1024,
    }


def main():
    if sys.argv[1:2] == ["--weasyprint-alone"]:
        return weasyprint_alone(*sys.argv[2:5])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,500,5000")
    sizes = sorted(int(size) for size in parser.parse_args().sizes.split(","))
    setup_django()
    # Warm-up, not measured: the process's first rendering also pays one-time imports.
    from reports.services import report_generate

    report_generate(workshop=synthetic_workshop(10), force=True)
    load_before = os.getloadavg()
    rows = [measure(size) for size in sizes]
    load_after = os.getloadavg()

    print(f"Load average (1, 5, 15 min) before: {load_before}, after: {load_after}")
    print(f"CPUs: {os.cpu_count()}")
    print()
    print(
        "| participations | pages | portal render (s) | of which WeasyPrint in the child (s) "
        "| WeasyPrint alone (s) | portal overhead "
        "| peak RSS portal renderer (MiB) | peak RSS WeasyPrint alone (MiB) | PDF (KiB) "
        "| serve stored (ms) | render ÷ serve |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        print(
            f"| {row['size']:,} | {row['pages']} | {row['portal_seconds']:.2f} "
            f"| {row['child_seconds']:.2f} "
            f"| {row['alone_seconds']:.2f} | {row['overhead']:+.0%} | {row['portal_peak']:.0f} "
            f"| {row['alone_peak']:.0f} | {row['pdf_kib']:.0f} | {row['serve_seconds'] * 1000:.1f} "
            f"| {row['speedup']:.0f}× |"
        )
    base = rows[0]
    for row in rows[1:]:
        growth = (row["portal_seconds"] / base["portal_seconds"]) / (row["size"] / base["size"])
        times = row["portal_seconds"] / base["portal_seconds"]
        print(
            f"{base['size']}→{row['size']}: time grew {times:.1f}× "
            f"for {row['size'] / base['size']:.0f}× the participations "
            f"(per participation: {growth:.2f} of the {base['size']}-participation cost)"
        )


if __name__ == "__main__":
    main()
