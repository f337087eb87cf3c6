"""Font files reach WeasyPrint decoded once per process, from the registry packages only."""

import shutil
from io import BytesIO

import pytest
from fontTools.ttLib import TTFont

from reports.fetcher import RefusedURL, portal_url_fetcher, static_file_path, static_file_url
from reports.fonts import font_file_bytes, subsets_for


def _decoded_by_fonttools(path):
    """What WeasyPrint itself makes of a WOFF file (the font inside, unwrapped), keeping the
    font's own modification time where WeasyPrint would write the time of decoding."""
    font = TTFont(path, recalcTimestamp=False)
    font.flavor = font.flavorData = None
    out = BytesIO()
    font.save(out)
    return out.getvalue()


def _subset_path(characters):
    return static_file_path(subsets_for(characters)[-1].static_path)


def test_fetcher_serves_a_woff_font_decoded_as_weasyprint_would():
    path = _subset_path("李")
    assert path.read_bytes()[:4] == b"wOFF"
    response = portal_url_fetcher().fetch(path.as_uri())
    body = response.read()
    assert body[:4] in (b"\x00\x01\x00\x00", b"OTTO")
    assert body == _decoded_by_fonttools(path)


def test_decoded_font_follows_a_changed_file(tmp_path):
    copy = tmp_path / "synthetic.woff"
    shutil.copyfile(_subset_path("ก"), copy)
    assert font_file_bytes(copy) == _decoded_by_fonttools(copy)
    shutil.copyfile(_subset_path("ក"), copy)  # another font, another size
    assert font_file_bytes(copy) == _decoded_by_fonttools(copy)


def test_a_file_that_is_not_woff_comes_as_it_is(tmp_path):
    not_a_font = tmp_path / "synthetic.woff"
    not_a_font.write_bytes(b"wOFFsynthetic, not a font")
    assert font_file_bytes(not_a_font) == b"wOFFsynthetic, not a font"


def test_fetcher_refuses_a_font_from_outside_the_static_files(tmp_path):
    outside = tmp_path / "synthetic.woff"
    shutil.copyfile(_subset_path("a"), outside)
    with pytest.raises(RefusedURL):
        portal_url_fetcher().fetch(outside.as_uri())
    assert static_file_url(subsets_for("a")[0].static_path).startswith("file://")
