"""Synthetic workshops for the report's tests: made up, never real network data."""

import datetime

import pytest
from pypdf import PdfReader

from participants.models import Organization
from participants.tests.factories import (
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
)
from recommendations.tests.factories import FollowUpFactory, RecommendationFactory
from workshops.tests.factories import (
    AgendaItemFactory,
    ConclusionFactory,
    MaterialFactory,
    ObjectiveFactory,
    WorkshopFactory,
)

# Synthetic names in every script the network's members write (not real people).
NAMES_BY_COUNTRY = [
    ("VN", "Nguyễn Thị Hằng"),
    ("KH", "សុខ វណ្ណា"),
    ("TH", "สมชาย ใจดี"),
    ("CN", "李明华"),
    ("JP", "山田 花子"),
    ("KR", "김민준"),
]


@pytest.fixture(autouse=True)
def own_media_root(settings, tmp_path):
    """Each test stores its reports in a media folder of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def synthetic_workshop(db):
    """A published synthetic workshop with every kind of record the report shows."""
    workshop = WorkshopFactory(
        title="Synthetic Workshop on Port Inspections",
        short_title="Synthetic Workshop",
        slug="synthetic-report-workshop",
        summary="Synthetic summary: a workshop made up for the report's tests.",
        recorded_participants=6,
        recorded_countries=6,
        recorded_region="Synthetic region",
        start_date=datetime.date(2013, 5, 6),
        end_date=datetime.date(2013, 5, 8),
    )
    ObjectiveFactory(workshop=workshop, position=1, text="Synthetic objective about seaports.")
    ObjectiveFactory(workshop=workshop, position=2, text="Synthetic objective about customs.")
    ConclusionFactory(workshop=workshop, position=1, text="Synthetic conclusion one.")
    AgendaItemFactory(workshop=workshop, position=1, title="Synthetic opening session")
    MaterialFactory(workshop=workshop, position=1, title="Synthetic presentation slides")
    first = RecommendationFactory(
        workshop=workshop,
        number=1,
        short_title="Synthetic first recommendation",
        text="Synthetic text of the first recommendation.",
    )
    RecommendationFactory(
        workshop=workshop,
        number=2,
        short_title="Synthetic second recommendation",
        text="Synthetic text of the second recommendation.",
    )
    FollowUpFactory(
        recommendation=first,
        action="Synthetic follow-up: a joint inspection was held.",
        date=datetime.date(2014, 2, 3),
        evidence_url="https://example.invalid/evidence",
    )
    for country, name in NAMES_BY_COUNTRY:
        agency = OrganizationFactory(
            name=f"Synthetic Customs of {country}",
            slug=f"synthetic-customs-{country.lower()}",
            country=country,
            kind=Organization.Kind.CUSTOMS,
        )
        ParticipationFactory(
            workshop=workshop,
            person=PersonFactory(
                name=name,
                organization=agency,
                country=country,
                publish_name_consent=True,
                email=f"{country.lower()}@example.invalid",
                phone="+00 1111 2222",
            ),
        )
    ParticipationFactory(
        workshop=workshop,
        person=PersonFactory(name="Synthetic Unconsenting Person", publish_name_consent=False),
    )
    return workshop


def pdf_reader(pdf: bytes) -> PdfReader:
    from io import BytesIO

    return PdfReader(BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pdf_reader(pdf).pages]


def page_texts_by_size(pdf: bytes) -> list[list[tuple[str, float]]]:
    """Each page's pieces of text with the size (pt) they are drawn at."""
    import math

    pages = []
    for page in pdf_reader(pdf).pages:
        pieces = []

        def visit(text, cm, tm, font_dict, font_size, pieces=pieces):
            if text.strip():
                scale = math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1])
                pieces.append((text.strip(), round(font_size * scale, 1)))

        page.extract_text(visitor_text=visit)
        pages.append(pieces)
    return pages


def flat(text: str) -> str:
    """Text with every run of whitespace made one space, as line breaks fall anywhere."""
    return " ".join(text.split())


def _stand_in_pdf(html, characters=None):
    """A real one-page PDF, made without WeasyPrint, titled after a digest of the HTML."""
    import hashlib
    from io import BytesIO

    from pypdf import PdfWriter

    from reports.services import RenderedReport

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": hashlib.sha256(html.encode()).hexdigest()})
    output = BytesIO()
    writer.write(output)
    return RenderedReport(pdf=output.getvalue(), page_count=1)


@pytest.fixture
def stand_in_renderer(monkeypatch):
    """For tests of storing and serving, not of the PDF: WeasyPrint replaced by pypdf."""
    from reports import services

    monkeypatch.setattr(services, "pdf_from_html", _stand_in_pdf)
