"""The renderer fetches the portal's own static and media files, and refuses everything else."""

import os

import pytest
from django.conf import settings

from reports.fetcher import portal_file_for, static_file_url
from reports.services import pdf_from_html

from .conftest import page_texts, pdf_reader

# A one-pixel PNG: a real image the renderer can draw.
PIXEL_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cf00000301010018dd8db40000000049454e44ae426082"
)


def _html(body, head=""):
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8">{head}</head>'
        f"<body><p>Synthetic page that still renders.</p>{body}</body></html>"
    )


def _render(html, caplog):
    caplog.set_level("WARNING", logger="reports.fetcher")
    rendered = pdf_from_html(html)
    assert rendered.pdf.startswith(b"%PDF-")
    assert "Synthetic page that still renders." in page_texts(rendered.pdf)[0]
    _render.last_pdf = rendered.pdf
    return [r.getMessage() for r in caplog.records if r.name == "reports.fetcher"]


@pytest.mark.parametrize(
    "url",
    [
        "http://example.invalid/synthetic.png",
        "https://example.invalid/synthetic.png",
        "file:///etc/passwd",
        "ftp://example.invalid/synthetic.png",
        "data:image/png;base64,iVBORw0KGgo=",
    ],
)
def test_fetcher_refuses_and_logs_an_image_from_outside(url, caplog):
    refused = _render(_html(f'<img src="{url}" alt="synthetic">'), caplog)
    assert refused == [f"Report rendering refused to fetch {url}"]


def test_fetcher_refuses_what_a_base_href_points_to(caplog):
    html = _html(
        '<img src="synthetic.png" alt="synthetic">',
        head='<base href="https://example.invalid/assets/">',
    )
    refused = _render(html, caplog)
    assert refused == [
        "Report rendering refused to fetch https://example.invalid/assets/synthetic.png"
    ]


def test_fetcher_refuses_a_link_rel_attachment(caplog):
    html = _html("", head='<link rel="attachment" href="https://example.invalid/synthetic.xlsx">')
    refused = _render(html, caplog)
    assert refused == ["Report rendering refused to fetch https://example.invalid/synthetic.xlsx"]


def test_fetcher_refuses_a_css_url_and_a_stylesheet_from_outside(caplog):
    html = _html(
        '<div style="background: url(https://example.invalid/bg.png); height: 1cm"></div>',
        head='<link rel="stylesheet" href="https://example.invalid/synthetic.css">'
        "<style>@import url(file:///etc/hostname); "
        "p { background-image: url('http://example.invalid/p.png') }</style>",
    )
    refused = _render(html, caplog)
    assert sorted(refused) == sorted(
        f"Report rendering refused to fetch {url}"
        for url in (
            "https://example.invalid/bg.png",
            "https://example.invalid/synthetic.css",
            "file:///etc/hostname",
            "http://example.invalid/p.png",
        )
    )


def test_fetcher_refuses_a_file_url_climbing_out_of_static(caplog):
    inside = static_file_url("reports/css/report.css")
    climbing = inside.replace("reports/css/report.css", "../../../../../../etc/passwd")
    assert portal_file_for(climbing) is None
    refused = _render(_html(f'<img src="{climbing}" alt="synthetic">'), caplog)
    assert len(refused) == 1


def test_fetcher_refuses_a_symlink_in_media_that_leads_out(tmp_path):
    media = settings.MEDIA_ROOT
    os.makedirs(media, exist_ok=True)
    outside = tmp_path / "secret.txt"
    outside.write_text("synthetic secret")
    link = media / "synthetic-link.txt"
    if link.exists() or link.is_symlink():
        link.unlink()
    link.symlink_to(outside)
    try:
        assert portal_file_for(link.as_uri()) is None
    finally:
        link.unlink()


def test_fetcher_reads_the_portal_static_stylesheet_and_a_media_image(caplog):
    image = settings.MEDIA_ROOT / "synthetic-pixel.png"
    os.makedirs(settings.MEDIA_ROOT, exist_ok=True)
    image.write_bytes(PIXEL_PNG)
    html = _html(
        f'<img src="{image.as_uri()}" alt="synthetic" style="width: 2cm">',
        head=f'<link rel="stylesheet" href="{static_file_url("reports/css/report.css")}">',
    )
    refused = _render(html, caplog)
    assert refused == []
    assert len(pdf_reader(_render.last_pdf).pages[0].images) == 1
    assert portal_file_for(image.as_uri()) == image.resolve()
    assert portal_file_for(static_file_url("reports/css/report.css")) is not None
