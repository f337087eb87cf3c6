"""A large SYNTHETIC network, for measuring the public pages at size.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/perf_large .venv/bin/python \\
        bench/large_records.py [--workshops 1000] [--participations 50000] [--reset] [--explain]

Builds, with bulk_create, made-up records whose every name says "Synthetic": workshop series,
workshops (one in twenty a draft), organizations in forty countries and international ones,
people, participations, organizers, themes, recommendations addressed to organizations and
their follow-ups. Nothing of the real network is read or changed.

Idempotent: if the synthetic records are there already it says so and stops; `--reset` deletes
them (and only them) first. `--explain` then prints EXPLAIN ANALYZE of every query the public
pages make (see `explain_pages`), which is how the indexes of docs/performance.md were chosen.
"""

import argparse
import datetime
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Every synthetic record's slug starts with this; --reset deletes by it.
SLUG_PREFIX = "synthetic-large-"
COUNTRIES = (  # noqa: SIM905 (forty codes read better as text)
    "TH KH VN ID PH MY SG LA MM BN CN JP KR IN BD LK PK NP AU NZ "
    "FR DE NL BE GB US CA BR MX ZA NG KE EG MA TR AE SA RU UA PL"
).split()
ORGANIZATION_KINDS = ("customs", "environmental_authority", "port_authority", "ministry")
FOLLOW_UP_STATUSES = ("not_started", "in_progress", "done", "dropped")


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sesn_portal.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def synthetic_records_exist():
    from workshops.models import Workshop

    return Workshop.objects.filter(slug__startswith=SLUG_PREFIX).exists()


def synthetic_records_delete():
    """Delete the synthetic records this script made, and nothing else."""
    from participants.models import Organization, Participation, Person
    from recommendations.models import Theme
    from workshops.models import Workshop, WorkshopSeries

    workshops = Workshop.objects.filter(slug__startswith=SLUG_PREFIX)
    Participation.objects.filter(workshop__in=workshops).delete()
    workshops.delete()  # recommendations, follow-ups and organizer roles go with them
    WorkshopSeries.objects.filter(slug__startswith=SLUG_PREFIX).delete()
    Person.objects.filter(name__startswith="Synthetic large person ").delete()
    Organization.objects.filter(slug__startswith=SLUG_PREFIX).delete()
    Theme.objects.filter(slug__startswith=SLUG_PREFIX).delete()


def synthetic_records_build(*, workshops=1000, participations=50000):
    """Bulk-create the synthetic network. Returns the number of records of each kind."""
    from django.db import transaction
    from django.utils import timezone

    from participants.models import Organization, Participation, Person
    from recommendations.models import FollowUp, Recommendation, Theme
    from workshops.models import Workshop, WorkshopOrganizer, WorkshopSeries

    batch = 2000
    per_workshop = max(1, participations // workshops)
    organization_count = max(40, workshops * 4)
    people_count = max(per_workshop * 4, workshops * 8)
    now = timezone.now()
    with transaction.atomic():
        organizations = Organization.objects.bulk_create(
            (
                Organization(
                    name=f"Synthetic organization {n:05d}",
                    slug=f"{SLUG_PREFIX}organization-{n:05d}",
                    acronym=f"SYN{n}",
                    kind=ORGANIZATION_KINDS[n % len(ORGANIZATION_KINDS)],
                    # One in fifty is international (no country).
                    country="" if n % 50 == 0 else COUNTRIES[n % len(COUNTRIES)],
                )
                for n in range(organization_count)
            ),
            batch_size=batch,
        )
        networks = [o for o in organizations if o.country == ""]
        series = WorkshopSeries.objects.bulk_create(
            WorkshopSeries(
                name=f"Synthetic workshop series {n:03d}",
                slug=f"{SLUG_PREFIX}series-{n:03d}",
                organization=networks[n % len(networks)],
            )
            for n in range(max(1, workshops // 20))
        )
        workshop_records = Workshop.objects.bulk_create(
            (
                Workshop(
                    series=series[n % len(series)],
                    edition=n // len(series) + 1,
                    title=f"Synthetic workshop {n:04d}",
                    short_title=f"Synthetic {n:04d}",
                    slug=f"{SLUG_PREFIX}workshop-{n:04d}",
                    start_date=datetime.date(1990, 1, 1) + datetime.timedelta(days=13 * n),
                    end_date=datetime.date(1990, 1, 3) + datetime.timedelta(days=13 * n),
                    city=f"Synthetic city {n % 97}",
                    country=COUNTRIES[n % len(COUNTRIES)],
                    summary=f"Synthetic summary of workshop {n:04d} on port inspections. " * 3,
                    status=Workshop.Status.DRAFT if n % 20 == 0 else Workshop.Status.PUBLISHED,
                    published_at=None if n % 20 == 0 else now,
                )
                for n in range(workshops)
            ),
            batch_size=batch,
        )
        people = Person.objects.bulk_create(
            (
                Person(
                    name=f"Synthetic large person {n:06d}",
                    organization=organizations[n % len(organizations)],
                    country=organizations[n % len(organizations)].country,
                    email=f"synthetic-large-{n}@example.invalid",
                    publish_name_consent=n % 7 != 0,
                )
                for n in range(people_count)
            ),
            batch_size=batch,
        )
        # Each workshop: `per_workshop` distinct people (a stride of 4 through the people).
        Participation.objects.bulk_create(
            (
                Participation(
                    workshop=workshop,
                    person=person,
                    organization=person.organization,
                    country=person.country,
                )
                for w, workshop in enumerate(workshop_records)
                for person in (people[(w * 7 + 4 * k) % len(people)] for k in range(per_workshop))
            ),
            batch_size=batch,
        )
        WorkshopOrganizer.objects.bulk_create(
            (
                WorkshopOrganizer(
                    workshop=workshop,
                    organization=organizations[(w * 3 + k) % len(organizations)],
                    role=role,
                )
                for w, workshop in enumerate(workshop_records)
                for k, role in enumerate(("host", "co_organizer"))
            ),
            batch_size=batch,
        )
        themes = Theme.objects.bulk_create(
            Theme(name=f"Synthetic theme {n:02d}", slug=f"{SLUG_PREFIX}theme-{n:02d}")
            for n in range(20)
        )
        recommendations = Recommendation.objects.bulk_create(
            (
                Recommendation(
                    workshop=workshop,
                    number=number,
                    short_title=f"Synthetic recommendation {w:04d}.{number}",
                    text=f"Synthetic recommendation text {w:04d}.{number} on port controls. " * 3,
                )
                for w, workshop in enumerate(workshop_records)
                for number in range(1, 6)
            ),
            batch_size=batch,
        )
        Recommendation.themes.through.objects.bulk_create(
            (
                Recommendation.themes.through(
                    recommendation=recommendation, theme=themes[(r + k) % len(themes)]
                )
                for r, recommendation in enumerate(recommendations)
                for k in range(1 + r % 2)
            ),
            batch_size=batch,
        )
        Recommendation.addressed_to.through.objects.bulk_create(
            (
                Recommendation.addressed_to.through(
                    recommendation=recommendation,
                    organization=organizations[(r * 5 + k) % len(organizations)],
                )
                for r, recommendation in enumerate(recommendations)
                for k in range(1 + r % 2)
            ),
            batch_size=batch,
        )
        # Two follow-ups for two recommendations in three, one for the rest but one in five.
        follow_ups = FollowUp.objects.bulk_create(
            (
                FollowUp(
                    recommendation=recommendation,
                    date=recommendation.workshop.start_date + datetime.timedelta(days=200 * k),
                    status=FOLLOW_UP_STATUSES[(r + k) % len(FOLLOW_UP_STATUSES)],
                    action=f"Synthetic action {r}.{k}.",
                    led_to_workshop=(
                        workshop_records[(r // 5 + 3) % len(workshop_records)]
                        if k == 1 and r % 9 == 0
                        else None
                    ),
                )
                for r, recommendation in enumerate(recommendations)
                if r % 5 != 4
                for k in range(1 + (r % 3 != 0))
            ),
            batch_size=batch,
        )
    return {
        "organizations": len(organizations),
        "workshops": len(workshop_records),
        "people": len(people),
        "participations": len(workshop_records) * per_workshop,
        "recommendations": len(recommendations),
        "follow-ups": len(follow_ups),
    }


def analyze():
    """Fresh planner statistics after a bulk load (PostgreSQL only)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def sample_pages():
    """The public pages measured at size, as (name, path), on the synthetic records."""
    from participants.models import Organization
    from workshops.models import Workshop

    workshop = Workshop.objects.published().filter(slug__startswith=SLUG_PREFIX).first()
    organization = (
        Organization.objects.filter(slug__startswith=SLUG_PREFIX).exclude(country="").first()
    )
    return [
        ("home", "/"),
        ("workshop list", "/workshops/"),
        ("workshop list, one country", "/workshops/?country=TH"),
        ("one workshop", workshop.get_absolute_url()),
        ("country page", "/countries/TH/"),
        ("organization page", organization.get_absolute_url()),
        ("organization list", "/organizations/"),
        ("recommendation tracker", "/recommendations/"),
        ("tracker, filtered", "/recommendations/?status=done&theme=synthetic-large-theme-03"),
        ("search", "/search/?q=synthetic+port"),
        ("sitemap", "/sitemap.xml"),
        ("API: workshop list", "/api/v1/workshops/"),
        ("API: one workshop", f"/api/v1/workshops/{workshop.slug}/"),
        ("API: recommendations", "/api/v1/recommendations/"),
        ("API: organization", f"/api/v1/organizations/{organization.slug}/"),
    ]


def explain_pages(*, threshold_ms=5.0, queries_out=None):
    """Fetch each public page with the test client, capture its queries and print EXPLAIN
    ANALYZE of each query that took `threshold_ms` or more. With `queries_out`, also write
    every query there, one a line, to time them again (before and after an index, say)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    written = []
    for name, path in sample_pages():
        client.get(path)  # warm
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)
            elapsed = (time.perf_counter() - started) * 1000
        print(
            f"\n=== {name}: {path}  {response.status_code}, {len(response.content) // 1024} KiB,"
            f" {len(captured)} queries, {elapsed:.0f} ms"
        )
        for query in captured.captured_queries:
            # A ModelChoiceField's iteration is a server-side cursor: keep the query itself.
            sql = re.sub(r"^DECLARE .*? CURSOR WITH HOLD FOR ", "", query["sql"])
            written.append(f"# {name}\n{' '.join(sql.split())}\n")
            if float(query["time"]) * 1000 < threshold_ms:
                continue
            print(f"\n--- {float(query['time']) * 1000:.1f} ms: {sql[:600]}")
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                for (line,) in cursor.fetchall():
                    print("   ", line)
    if queries_out:
        Path(queries_out).write_text("".join(written))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workshops", type=int, default=1000)
    parser.add_argument("--participations", type=int, default=50000)
    parser.add_argument("--reset", action="store_true", help="delete the synthetic records first")
    parser.add_argument("--explain", action="store_true", help="then EXPLAIN ANALYZE the pages")
    parser.add_argument("--threshold-ms", type=float, default=5.0)
    parser.add_argument("--queries-out", help="with --explain: write every query to this file")
    args = parser.parse_args()
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if args.reset:
        synthetic_records_delete()
    if synthetic_records_exist():
        print("The synthetic records are there already (--reset to build them again).")
    else:
        started = time.perf_counter()
        built = synthetic_records_build(
            workshops=args.workshops, participations=args.participations
        )
        print(
            ", ".join(f"{count:,} {kind}" for kind, count in built.items()),
            f"in {time.perf_counter() - started:.1f} s",
        )
    analyze()
    if args.explain:
        explain_pages(threshold_ms=args.threshold_ms, queries_out=args.queries_out)


if __name__ == "__main__":
    main()
