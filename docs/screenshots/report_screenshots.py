"""Render the seed workshop's outcome report and turn its first pages into PNG files.

    .venv/bin/python docs/screenshots/report_screenshots.py

Works in a throwaway SQLite database and media folder, so it neither needs nor touches the
developer's own. Writes docs/screenshots/report-seed-page-N.png (the first four pages), and
for a SYNTHETIC draft workshop whose made-up participants' names are in Vietnamese, Khmer,
Thai, Chinese, Japanese and Korean script, report-synthetic-draft-cover.png,
report-synthetic-pictures.png (its map and figures) and report-synthetic-names.png (the
participants' annex). Needs `pdftoppm`
(Debian's poppler-utils).
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
PAGES = 4


def main():
    work = Path(tempfile.mkdtemp(prefix="sesn-report-screenshots-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'db.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(work / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sesn_portal.settings")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from portal.seed_records import seed_records_load
    from reports.services import report_render

    seed_records_load()
    from workshops.models import Workshop

    seed = Workshop.objects.get(slug="2nd-workshop-2010-siem-reap")
    pdf = work / "seed.pdf"
    pdf.write_bytes(report_render(workshop=seed))
    for old in OUT.glob("report-seed-page-*.png"):
        old.unlink()
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            str(PAGES),
            str(pdf),
            str(OUT / "report-seed-page"),
        ],
        check=True,
    )

    synthetic = _synthetic_draft_with_names()
    pdf = work / "synthetic.pdf"
    pdf.write_bytes(report_render(workshop=synthetic))
    from pypdf import PdfReader

    pages = PdfReader(pdf).pages
    pictures = next(
        n for n, p in enumerate(pages, start=1) if "Sent participants" in p.extract_text()
    )
    for page, name in (
        (1, "report-synthetic-draft-cover"),
        (pictures, "report-synthetic-pictures"),
        (len(pages), "report-synthetic-names"),
    ):
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "80",
                "-f",
                str(page),
                "-l",
                str(page),
                "-singlefile",
                str(pdf),
                str(OUT / name),
            ],
            check=True,
        )
    for path in sorted(OUT.glob("report-*.png")):
        print(path.relative_to(ROOT))


def _synthetic_draft_with_names():
    """A SYNTHETIC draft workshop: made-up names in the scripts the members write."""
    from participants.tests.factories import (
        OrganizationFactory,
        ParticipationFactory,
        PersonFactory,
    )
    from reports.tests.conftest import NAMES_BY_COUNTRY
    from workshops.tests.factories import ObjectiveFactory, WorkshopFactory

    workshop = WorkshopFactory(
        title="Synthetic Workshop (made up for this screenshot)",
        short_title="Synthetic Workshop",
        slug="synthetic-screenshot-workshop",
        status="draft",
        recorded_participants=8,
        recorded_countries=6,
    )
    ObjectiveFactory(workshop=workshop, text="Synthetic objective.")
    for country, name in NAMES_BY_COUNTRY:
        agency = OrganizationFactory(name=f"Synthetic Customs of {country}", country=country)
        ParticipationFactory(
            workshop=workshop,
            person=PersonFactory(
                name=name, organization=agency, country=country, publish_name_consent=True
            ),
        )
    return workshop


if __name__ == "__main__":
    main()
