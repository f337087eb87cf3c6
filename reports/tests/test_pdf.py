"""The PDF read back: what it says, its metadata, outline, fonts and DRAFT mark."""

import datetime
import re

import pytest
from django.utils import timezone

from participants.tests.factories import ParticipationFactory, PersonFactory
from portal.seed_records import OBJECTIVES, RECOMMENDATIONS
from recommendations.tests.factories import FollowUpFactory
from reports.services import report_render
from workshops.models import Workshop
from workshops.services import workshop_publish, workshop_unpublish
from workshops.tests.factories import ObjectiveFactory, WorkshopFactory

from .conftest import NAMES_BY_COUNTRY, flat, page_texts, page_texts_by_size, pdf_reader


def today_or_just_before():
    """Today, or yesterday for a render that finished just before midnight."""
    today = timezone.localdate()
    return {today, today - datetime.timedelta(days=1)}


@pytest.fixture
def seed_pdf(seed_records):
    return report_render(workshop=seed_records)


@pytest.fixture
def synthetic_pdf(synthetic_workshop):
    return report_render(workshop=synthetic_workshop)


def test_report_pages_each_say_page_n_of_m(seed_pdf):
    texts = page_texts(seed_pdf)
    total = len(texts)
    assert total >= 4
    # The cover has no running footer; every other page says where it is.
    for number, text in enumerate(texts[1:], start=2):
        assert f"Page {number} of {total}" in text


def test_report_contains_every_objective_and_recommendation_of_the_seed(seed_pdf):
    text = flat(" ".join(page_texts(seed_pdf)))
    for objective in OBJECTIVES:
        assert flat(objective) in text
    for short_title, full_text in RECOMMENDATIONS:
        assert flat(short_title) in text
        assert flat(full_text) in text


def test_report_cover_names_network_edition_dates_and_generation(seed_pdf):
    cover = flat(page_texts(seed_pdf)[0])
    assert "INECE SEAPORT ENVIRONMENTAL SECURITY NETWORK (SESN)" in cover
    assert "2nd Workshop on Combating the Illegal Trade" in cover
    assert "Objectives, Conclusions, and Ways Forward" in cover
    assert "29 November 2010" in cover
    assert "Siem Reap, Cambodia" in cover
    generated = re.search(r"Generated from the SESN records on (\d{1,2} \w+ \d{4})", cover)
    assert generated, cover
    assert datetime.datetime.strptime(generated[1], "%d %B %Y").date() in today_or_just_before()


def test_report_shows_recorded_figures_and_says_what_is_not_recorded(seed_pdf):
    text = flat(" ".join(page_texts(seed_pdf)))
    assert re.search(r"Participants 47 Countries 14 Region Asia", text)
    assert "47 participants from environmental and other enforcement authorities" in text
    # The seed records no agenda and no list of participants: no empty annexes for them.
    assert "List of participants" not in text
    assert "Agenda" not in text
    assert "No follow-up is recorded for this recommendation." in text
    # Nothing invented: no status is claimed for a recommendation without follow-up.
    assert "Not started" not in text


def test_report_table_of_contents_gives_the_real_page_numbers(seed_pdf):
    texts = page_texts(seed_pdf)
    contents = flat(texts[1])
    assert contents.startswith("Contents 1 Background")
    match = re.search(r"Recommendations: the call to action\s*\.*\s*(\d+)", contents)
    assert match, contents
    page = int(match.group(1))
    assert "Recommendations: the call to action" in texts[page - 1]


def test_report_metadata(seed_pdf):
    reader = pdf_reader(seed_pdf)
    metadata = reader.metadata
    assert metadata.title == (
        "2nd Workshop on Combating the Illegal Trade in Hazardous Wastes Through Seaports: "
        "Objectives, Conclusions, and Ways Forward"
    )
    assert metadata.author == "INECE Seaport Environmental Security Network (SESN)"
    assert metadata.subject.startswith("Objectives, Conclusions, and Ways Forward: the outcome")
    assert "Siem Reap" in metadata["/Keywords"]
    assert metadata.creation_date.date() in today_or_just_before()
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_report_outline_follows_the_headings(seed_pdf):
    reader = pdf_reader(seed_pdf)
    top = [item.title for item in reader.outline if not isinstance(item, list)]
    assert top == [
        "1. Background",
        "2. Objectives",
        "3. Participation",
        # The seed records no conclusions apart from the call to action: no empty section.
        "4. Recommendations: the call to action",
        "5. Related events",
    ]
    nested = next(item for item in reader.outline if isinstance(item, list))
    assert [item.title for item in nested][0] == "1 Support the goals of the INECE SESN"
    # Each entry points at the page its heading is on.
    for item in reader.outline:
        if not isinstance(item, list):
            page = reader.get_destination_page_number(item)
            assert item.title.split(". ", 1)[-1] in reader.pages[page].extract_text()


def test_report_links_point_at_their_sections(seed_pdf):
    reader = pdf_reader(seed_pdf)
    annotations = [annotation.get_object() for annotation in reader.pages[1]["/Annots"]]
    targets = {str(a["/Dest"]) for a in annotations if a["/Subtype"] == "/Link"}
    assert targets == {
        "background",
        "objectives",
        "participation",
        "recommendations",
        "related-events",
    }
    destinations = reader.named_destinations
    assert targets <= set(destinations)
    recommendations_page = reader.get_destination_page_number(destinations["recommendations"])
    assert "Recommendations: the call to action" in (
        reader.pages[recommendations_page].extract_text()
    )


def test_report_links_to_evidence_and_materials_elsewhere(synthetic_pdf):
    reader = pdf_reader(synthetic_pdf)
    uris = {
        str(annotation.get_object()["/A"]["/URI"])
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object() and "/URI" in annotation.get_object()["/A"]
    }
    assert uris == {"https://example.invalid/evidence", "https://example.invalid/synthetic.pdf"}
    assert "Annex C. Materials" in [
        item.title for item in reader.outline if not isinstance(item, list)
    ]


def test_report_names_in_every_script_are_text_in_embedded_noto_fonts(synthetic_pdf):
    # Text extractors put a space where a word changes font (Vietnamese "ị" comes from
    # another subset of Noto Sans than "Th"), so spaces are left out of the comparison.
    text = "".join(" ".join(page_texts(synthetic_pdf)).split())
    for _, name in NAMES_BY_COUNTRY:
        assert "".join(name.split()) in text, name
    fonts = set()
    for page in pdf_reader(synthetic_pdf).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font).get(
                "/FontDescriptor"
            )
            assert descriptor is not None and (
                "/FontFile2" in descriptor.get_object() or "/FontFile3" in descriptor.get_object()
            ), f"{font['/BaseFont']} is not embedded"
            fonts.add(str(font["/BaseFont"]).split("+")[-1])
    for family in (
        "Noto-Sans-latin",
        "Noto-Sans-vietnamese",
        "Noto-Sans-Khmer-khmer",
        "Noto-Sans-Thai-thai",
        "Noto-Sans-SC-",
        "Noto-Sans-JP-",
        "Noto-Sans-KR-",
    ):
        assert any(name.startswith(family) for name in fonts), (family, fonts)
    # No font of the host's stands in for a missing glyph.
    assert all(name.startswith("Noto-Sans") for name in fonts), fonts


def test_report_draws_every_name_without_a_missing_glyph(synthetic_workshop, caplog):
    # A Thai name for a participant from Japan: the Japanese font list must still reach Thai.
    ParticipationFactory(
        workshop=synthetic_workshop,
        person=PersonFactory(name="สมหญิง รักไทย", country="JP", publish_name_consent=True),
        country="JP",
    )
    caplog.set_level("WARNING", logger="weasyprint")
    pdf = report_render(workshop=synthetic_workshop)
    assert "notdef" not in caplog.text
    assert "สมหญิงรักไทย" in "".join(" ".join(page_texts(pdf)).split())


def test_report_lists_only_consenting_names_and_no_contact_details(synthetic_pdf):
    text = flat(" ".join(page_texts(synthetic_pdf)))
    assert "Synthetic Unconsenting Person" not in text
    assert "1 other participant did not" in text
    assert "@example.invalid" not in text
    assert "+00 1111 2222" not in text


def test_report_shows_follow_ups_attendance_and_conclusions(synthetic_pdf):
    text = flat(" ".join(page_texts(synthetic_pdf)))
    assert "Synthetic follow-up: a joint inspection was held." in text
    assert "Follow-up status: In progress" in text
    assert "Synthetic conclusion one." in text
    assert "Synthetic opening session" in text
    assert "The participation records list 7 participations from 6 countries." in text
    assert "6–8 May 2013" in text


def test_report_of_a_draft_is_watermarked_on_every_page_and_headed_draft_after_the_cover(
    synthetic_workshop,
):
    workshop_unpublish(workshop=synthetic_workshop)
    pages = page_texts_by_size(report_render(workshop=synthetic_workshop))
    assert len(pages) >= 4
    for number, pieces in enumerate(pages, start=1):
        assert any(text == "DRAFT" and size >= 60 for text, size in pieces), number
        if number > 1:
            assert ("Synthetic Workshop · DRAFT", 8.5) in pieces, number


def test_report_running_header_and_footer_come_from_the_records(synthetic_pdf, synthetic_workshop):
    network = synthetic_workshop.series.organization.name
    for number, text in enumerate(page_texts(synthetic_pdf)[1:], start=2):
        assert "Synthetic Workshop" in text.splitlines()[-2], number
        assert text.splitlines()[-1].startswith(network), number
        assert "SESN" not in text, number


def test_report_names_a_later_workshop_only_once_it_is_published(synthetic_workshop):
    later = WorkshopFactory(title="Synthetic Later Planning Meeting", status=Workshop.Status.DRAFT)
    FollowUpFactory(
        recommendation=synthetic_workshop.recommendations.first(),
        action="Synthetic: a planning meeting was called.",
        led_to_workshop=later,
    )
    text = flat(" ".join(page_texts(report_render(workshop=synthetic_workshop))))
    assert "Synthetic: a planning meeting was called." in text
    assert "Synthetic Later Planning Meeting" not in text
    workshop_publish(workshop=later)
    text = flat(" ".join(page_texts(report_render(workshop=synthetic_workshop))))
    assert "Led to the" in text and "Synthetic Later Planning Meeting" in text


def test_report_without_conclusions_or_recommendations_promises_no_call_to_action(db):
    workshop = WorkshopFactory()
    ObjectiveFactory(workshop=workshop, text="Synthetic objective alone.")
    text = flat(" ".join(page_texts(report_render(workshop=workshop))))
    assert "Synthetic objective alone." in text
    assert "Contents 1 Objectives ..." in text
    assert "2. Conclusions" not in text
    assert "call to action" not in text


def test_report_of_a_published_workshop_has_no_draft_mark(synthetic_pdf):
    assert all("DRAFT" not in text for text in page_texts(synthetic_pdf))


def test_report_prints_markup_in_records_as_text(synthetic_workshop, caplog):
    synthetic_workshop.title = '<script>alert(1)</script><img src="https://evil.example/x.png">'
    synthetic_workshop.save()
    caplog.set_level("WARNING", logger="reports.fetcher")
    text = "".join(" ".join(page_texts(report_render(workshop=synthetic_workshop))).split())
    assert '<script>alert(1)</script><imgsrc="https://evil.example/x.png">' in text
    assert "evil.example" not in caplog.text


def test_report_generated_date_is_the_one_given(synthetic_workshop):
    when = datetime.datetime(2020, 1, 2, tzinfo=datetime.UTC)
    cover = flat(page_texts(report_render(workshop=synthetic_workshop, generated_at=when))[0])
    assert "Generated from the SESN records on 2 January 2020" in cover


def _structure_elements(reader):
    """Every structure element of the PDF's tag tree, depth first."""
    found = []

    def visit(node):
        node = node.get_object()
        if isinstance(node, list):
            for child in node:
                visit(child)
            return
        if not hasattr(node, "get") or node.get("/Type") not in ("/StructElem", "/StructTreeRoot"):
            return
        if node.get("/Type") == "/StructElem":
            found.append(node)
        if "/K" in node:
            visit(node["/K"])

    visit(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def test_report_is_a_tagged_archival_pdf_in_english(synthetic_pdf):
    reader = pdf_reader(synthetic_pdf)
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] in (True, "true")
    assert root["/Lang"] == "en"
    kinds = {str(element["/S"]) for element in _structure_elements(reader)}
    # Headings, lists and tables a screen reader can move through.
    assert {"/H1", "/H2", "/H3", "/L", "/LI", "/Table", "/TR", "/TH", "/TD"} <= kinds
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp  # PDF/A-3b


def test_report_marks_each_name_in_another_script_with_its_language(synthetic_pdf):
    reader = pdf_reader(synthetic_pdf)
    languages = {
        str(element["/Lang"]) for element in _structure_elements(reader) if "/Lang" in element
    }
    # Khmer, Thai, Chinese (a Chinese participant's name), Japanese, Korean; Vietnamese is
    # written in Latin letters and needs no mark of its own.
    assert {"km", "th", "zh-Hans", "ja", "ko"} <= languages


def test_report_draws_the_workshops_map_and_figures_with_their_words(synthetic_pdf):
    text = flat(" ".join(page_texts(synthetic_pdf)))
    # The map's legend, the attendance figure's and the follow-up status chart's labels.
    for words in (
        "Hosted the workshop",
        "Sent participants",
        "6 recorded",
        "No follow-up recorded",
    ):
        assert flat(words) in text


# Records as the sources state them (issue 14). Synthetic agencies and workshops.


def pdf_font_names(pdf):
    fonts = set()
    for page in pdf_reader(pdf).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return fonts


@pytest.mark.django_db
def test_report_sets_an_organizations_japanese_name_in_the_japanese_font():
    from participants.tests.factories import (
        OrganizationFactory,
        OrganizationNameFactory,
    )
    from workshops.tests.factories import WorkshopOrganizerFactory

    workshop = WorkshopFactory(title="Synthetic Workshop With A Japanese Host")
    ministry = OrganizationFactory(name="Synthetic Ministry of the Environment", country="JP")
    OrganizationNameFactory(organization=ministry, name="環境省", language="ja")
    WorkshopOrganizerFactory(workshop=workshop, organization=ministry, role="host")
    pdf = report_render(workshop=workshop)
    cover = flat(page_texts(pdf)[0])
    assert "Hosted by" in cover and "Convened by" not in cover
    assert "環境省" in "".join(cover.split())
    fonts = pdf_font_names(pdf)
    # Han characters of a Japanese name in the Japanese font, not the Chinese one.
    assert any(name.startswith("Noto-Sans-JP-") for name in fonts), fonts
    assert not any(name.startswith("Noto-Sans-SC-") for name in fonts), fonts


def test_report_of_a_workshop_known_to_the_month_says_the_month(synthetic_workshop):
    synthetic_workshop.start_date = synthetic_workshop.end_date = datetime.date(2009, 6, 1)
    synthetic_workshop.date_precision = "month"
    synthetic_workshop.save()
    cover = flat(page_texts(report_render(workshop=synthetic_workshop))[0])
    assert "June 2009" in cover
    assert "1 June 2009" not in cover
