"""Names in Khmer and Thai show as letters, not empty boxes, on a computer without fonts for
those scripts: the portal serves its own Noto fonts, and a page downloads only the scripts it
shows. (The test machine has no Khmer or Thai font: `fc-list :lang=km` lists none.)"""

import pytest

from participants.tests.factories import OrganizationFactory

# Synthetic agency names, made up for this test.
KHMER = "អគ្គនាយកដ្ឋានគយ (synthetic)"
THAI = "กรมศุลกากร (synthetic)"

LOADED_FAMILIES = """() => document.fonts.ready.then(() =>
    [...document.fonts].filter(face => face.status === "loaded").map(face => face.family))"""


@pytest.fixture
def agencies_in_two_scripts(portal):
    for name, slug in ((KHMER, "synthetic-khmer-customs"), (THAI, "synthetic-thai-customs")):
        OrganizationFactory(name=name, slug=slug)
    return portal


def _loaded_families(page):
    return {family.strip("\"'") for family in page.evaluate(LOADED_FAMILIES)}


def _font_files_fetched(page):
    return [r.url for r in page.requests if "/vendor/fontsource/" in r.url and ".woff" in r.url]


def _glyphs_differ_from_fallback(page, text):
    """Whether `text` as the page draws it differs from the same text drawn in the browser's
    own sans-serif, which has no glyph for it here and draws a box for each character."""
    element = page.get_by_text(text, exact=True).first
    element.scroll_into_view_if_needed()
    as_served = element.screenshot()
    # CSSOM, which the page's Content-Security-Policy allows (unlike a style attribute).
    element.evaluate("element => { element.style.fontFamily = 'sans-serif'; }")
    page.evaluate("document.fonts.ready")
    fallback = element.screenshot()
    return as_served != fallback


@pytest.fixture
def recording_page(page):
    page.requests = []
    page.on("request", lambda request: page.requests.append(request))
    return page


def test_khmer_and_thai_names_render_in_the_portals_fonts(agencies_in_two_scripts, recording_page):
    page = recording_page
    page.goto(f"{agencies_in_two_scripts}/organizations/")

    loaded = _loaded_families(page)

    assert {"Noto Sans Khmer", "Noto Sans Thai"} <= loaded
    # Only the subsets of the scripts on the page: no Chinese, Japanese or Korean.
    fetched = _font_files_fetched(page)
    assert fetched and all("khmer" in url or "thai" in url for url in fetched), fetched
    assert _glyphs_differ_from_fallback(page, KHMER)
    assert _glyphs_differ_from_fallback(page, THAI)
    assert page.problems.console_errors == []  # the Content-Security-Policy let the fonts in


def test_a_page_in_english_downloads_no_font(portal, recording_page):
    recording_page.goto(f"{portal}/")
    recording_page.evaluate("document.fonts.ready")
    assert _font_files_fetched(recording_page) == []


def test_khmer_and_thai_names_render_in_the_admin(agencies_in_two_scripts, page, editor):
    page.goto(f"{agencies_in_two_scripts}/admin/participants/organization/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "synthetic-password")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/participants/organization/")

    assert {"Noto Sans Khmer", "Noto Sans Thai"} <= _loaded_families(page)
    assert _glyphs_differ_from_fallback(page, KHMER)
