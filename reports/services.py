"""Rendering, storing and serving workshop outcome reports.

`report_render` is the one function that turns a workshop into PDF bytes. `report_generate`
is what downloads, the admin action and `manage.py generate_reports` call: it renders only when
the report's fingerprint changed, in a child process with a time limit, and keeps the last good
PDF when a rendering fails. See reports/README.md for the design.
"""

import gc
import hashlib
import logging
import multiprocessing
import time
from dataclasses import dataclass, field
from functools import cache

from django.conf import settings
from django.core.cache import cache as default_cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone

from workshops.models import Workshop

from .content import (
    REPORT_STYLESHEET,
    REPORT_TEMPLATE,
    report_characters,
    report_content,
    report_fingerprint,
    report_stamp,
)
from .fetcher import portal_url_fetcher, static_file_path, static_file_url
from .fonts import browser_font_stylesheets, font_faces_for, preload_fonts
from .models import StoredReport

logger = logging.getLogger("reports")


class ReportUnavailable(Exception):
    """No PDF can be served: the rendering failed and there is no earlier good one."""


class ReportRenderFailed(Exception):
    """A rendering raised, crashed or ran past its time limit."""


@dataclass
class RenderedReport:
    pdf: bytes
    page_count: int
    seconds: float = 0.0
    refused_urls: list = field(default_factory=list)


def report_sections(content: dict) -> list[dict]:
    """The report's numbered sections, as the table of contents lists them.

    Related events and materials appear only where some are recorded; the other sections are
    always there and say plainly when nothing is recorded.
    """
    sections = [
        ("background", "Background"),
        ("objectives", "Objectives"),
        ("participation", "Participation"),
        ("conclusions", "Conclusions"),
        ("recommendations", "Recommendations: the call to action"),
    ]
    if content["related_events"]:
        sections.append(("related-events", "Related events"))
    numbered = [
        {"id": anchor, "number": str(number), "title": title}
        for number, (anchor, title) in enumerate(sections, start=1)
    ]
    annexes = [("annex-agenda", "Agenda"), ("annex-participants", "List of participants")]
    if content["materials"]:
        annexes.append(("annex-materials", "Materials"))
    numbered += [
        {"id": anchor, "number": f"Annex {letter}", "title": title}
        for letter, (anchor, title) in zip("ABC", annexes, strict=False)
    ]
    return numbered


def report_html(*, content: dict, generated_at, for_pdf: bool = True) -> str:
    """The report as HTML: for WeasyPrint (file URLs) or for the staff preview (static URLs)."""
    if for_pdf:
        stylesheets = [static_file_url(REPORT_STYLESHEET)]
    else:
        stylesheets = [static(path) for path in browser_font_stylesheets()]
        stylesheets.append(static(REPORT_STYLESHEET))
    return render_to_string(
        REPORT_TEMPLATE,
        {
            "report": content,
            "sections": {s["id"].replace("-", "_"): s for s in report_sections(content)},
            "toc": report_sections(content),
            "generated_at": generated_at,
            "stylesheets": stylesheets,
            "for_pdf": for_pdf,
        },
    )


def pdf_from_html(html: str, *, characters=None) -> RenderedReport:
    """Render report HTML with WeasyPrint, fetching only the portal's own files.

    `characters` (default: those of `html`) chooses the font subsets to load.
    """
    # WeasyPrint logs each layout step at INFO; the portal's log needs only its warnings.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    from weasyprint import CSS, HTML  # slow to import: only when a report is rendered
    from weasyprint.text.fonts import FontConfiguration

    started = time.perf_counter()
    fetcher = portal_url_fetcher()
    font_faces = font_faces_for(
        characters if characters is not None else set(html), url_for=static_file_url
    )
    font_config = FontConfiguration()
    fonts = CSS(string=font_faces, url_fetcher=fetcher, font_config=font_config)
    document = HTML(string=html, url_fetcher=fetcher).render(
        stylesheets=[fonts], font_config=font_config
    )
    pdf = document.write_pdf()
    return RenderedReport(
        pdf=pdf, page_count=len(document.pages), seconds=time.perf_counter() - started
    )


def report_render(*, workshop: Workshop, generated_at=None) -> bytes:
    """The workshop's outcome report as PDF bytes, rendered here and now from the records."""
    content = report_content(workshop=workshop)
    html = report_html(content=content, generated_at=generated_at or timezone.now())
    return pdf_from_html(html, characters=report_characters(content)).pdf


def _render_in_child(html, characters, connection):
    # A one-shot process: its memory goes back at exit, so collecting cycles along the way
    # only costs time.
    gc.disable()
    try:
        connection.send(("ok", pdf_from_html(html, characters=characters)))
    except BaseException as error:  # noqa: BLE001 (the parent reports every failure)
        connection.send(("error", f"{type(error).__name__}: {error}"))
    finally:
        connection.close()


def _warm_up_content() -> dict:
    """A small SYNTHETIC report (never shown to anyone) with every part the template has,
    and a name in each script the fonts cover."""
    names = ["Nguyễn Thị Hằng", "សុខ វណ្ណា", "สมชาย ใจดี", "李明华", "山田 花子", "김민준"]
    langs = ["", "", "", "", "ja", "ko"]
    organization = "Synthetic Warm-up Agency"
    return {
        "slug": "synthetic-warm-up",
        "is_draft": True,
        "network": "Synthetic Network",
        "series": "Synthetic Series",
        "edition": "1st",
        "title": "Synthetic Warm-up Workshop",
        "full_title": "1st Synthetic Warm-up Workshop",
        "short_title": "Synthetic warm-up",
        "report_title": "Objectives, Conclusions, and Ways Forward",
        "dates": "2–3 March 2015",
        "year": 2015,
        "venue": "Synthetic Venue",
        "city": "Synthetic City",
        "country": "Thailand",
        "summary": "Synthetic summary. " * 20,
        "organizers": [{"role": "Host", "organization": organization}],
        "objectives": ["Synthetic objective. " * 5] * 2,
        "conclusions": ["Synthetic conclusion. " * 5] * 2,
        "figures": {"participants": 6, "countries": 6, "region": "Synthetic", "note": ""},
        "participation": {
            "total": 7,
            "people": 7,
            "countries": [{"country": "Thailand", "agencies": [organization], "participants": 7}],
            "country_count": 1,
            "kinds": [{"kind": "Customs", "organizations": [organization]}],
            "named_people": [
                {
                    "name": name,
                    "lang": lang,
                    "organization": organization,
                    "country": "Thailand",
                    "role": "Participant",
                }
                for name, lang in zip(names, langs, strict=True)
            ],
            "unnamed_people": 1,
        },
        "recommendations": [
            {
                "number": 1,
                "short_title": "Synthetic recommendation",
                "text": "Synthetic recommendation text. " * 5,
                "themes": ["Synthetic theme"],
                "addressed_to": [organization],
                "status": "In progress",
                "follow_ups": [
                    {
                        "date": "1 January 2016",
                        "status": "In progress",
                        "action": "Synthetic action.",
                        "evidence_url": "",
                        "led_to_project": "",
                        "led_to_workshop": "",
                    }
                ],
            }
        ],
        "related_events": [],
        "agenda": [
            {
                "date": "2 March 2015",
                "time": "09:00–10:00",
                "title": "Synthetic session",
                "speakers": "Synthetic speaker",
                "description": "Synthetic description.",
            }
        ],
        "materials": [],
    }


@cache
def _warm_up_renderer():
    """Render a small synthetic report once in this process, so that every child starts with
    WeasyPrint's modules imported, its first-use set-up done and its caches filled for the
    report's stylesheet and scripts, instead of paying for them in each child. The document
    is fixed and small: nothing here depends on the records, so it cannot run away."""
    content = _warm_up_content()
    html = report_html(content=content, generated_at=timezone.now())
    pdf_from_html(html, characters=report_characters(content))


def render_with_time_limit(html: str, *, characters, seconds: float) -> RenderedReport:
    """Render in a forked child process and kill it if it takes longer than `seconds`.

    A child can be stopped, where a thread cannot; and a crash in the renderer cannot take
    the portal's process with it.
    """
    try:
        _warm_up_renderer()
        # Fonts decoded here are decoded once for every child (the packages' files, not the
        # HTML: nothing here can run away).
        preload_fonts(characters, path_for=static_file_path)
    except Exception as error:  # noqa: BLE001 (a missing font package, say: the last good PDF)
        raise ReportRenderFailed(
            f"The renderer could not be prepared: {type(error).__name__}: {error}"
        ) from error

    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_render_in_child, args=(html, characters, sender), daemon=True)
    # The child's garbage collector must not walk the portal's own objects (Django, the
    # records just read): doing so costs it the time and copies every page it touches.
    # Frozen, they sit in a generation the collector skips; the parent thaws them at once.
    gc.freeze()
    try:
        child.start()
    except OSError as error:  # out of memory or processes
        receiver.close()
        sender.close()
        raise ReportRenderFailed(f"The rendering process could not start: {error}") from error
    finally:
        gc.unfreeze()
    sender.close()
    try:
        if not receiver.poll(seconds):
            child.kill()
            raise ReportRenderFailed(f"Rendering took longer than {seconds:g} seconds.")
        try:
            outcome, payload = receiver.recv()
        except EOFError as error:
            raise ReportRenderFailed("The rendering process stopped without a result.") from error
    finally:
        receiver.close()
        child.join(timeout=5)
    if outcome != "ok":
        raise ReportRenderFailed(payload)
    return payload


def _check_pdf(pdf: bytes):
    """Refuse to store anything but a complete PDF file."""
    if not (pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")):
        raise ReportRenderFailed("The renderer returned an incomplete PDF.")


def _store_pdf(name: str, pdf: bytes) -> str:
    """Save a complete PDF in the media storage; a failed write leaves nothing behind."""
    try:
        saved = default_storage.save(name, ContentFile(pdf))
    except OSError as error:
        for leftover in {name, getattr(error, "filename", None)} - {None}:
            if default_storage.exists(leftover):
                default_storage.delete(leftover)
        raise ReportRenderFailed(f"The PDF could not be stored: {error}") from error
    if default_storage.size(saved) != len(pdf):
        default_storage.delete(saved)
        raise ReportRenderFailed("The stored PDF is incomplete.")
    return saved


def report_file_name(workshop: Workshop) -> str:
    """A meaningful download name: sesn-2nd-workshop-2010-siem-reap-report.pdf."""
    return f"sesn-{workshop.slug}-report.pdf"


def _failure_key(workshop: Workshop, fingerprint: str) -> str:
    return f"reports:failed:{workshop.pk}:{fingerprint}"


def report_etag(stored: StoredReport) -> str:
    """The download's validator: its content and the moment it was rendered, so that a
    forced re-rendering of the same content is a new download too."""
    return hashlib.sha256(
        f"{stored.fingerprint}:{stored.generated_at.isoformat()}".encode()
    ).hexdigest()


def report_generate(*, workshop: Workshop, force: bool = False) -> StoredReport:
    """The workshop's current report, rendering and storing it only when needed.

    Renders when there is no stored report, when the stored one's fingerprint differs from
    the records' (or `force`). The cheap `report_stamp` is compared first: while it is
    unchanged, the records are not read at all. A new PDF replaces the stored file and
    record only once it is complete; the old file is then deleted.

    When the rendering fails or runs past settings.REPORT_RENDER_TIMEOUT_SECONDS, the last
    good report is kept, the failure is noted on it, and it is returned, unless it was
    rendered as a draft and the workshop is now published (or the reverse): then
    ReportUnavailable is raised, as it is when no report was ever stored. For
    settings.REPORT_RETRY_AFTER_FAILURE_SECONDS the same content is not tried again (unless
    `force`): downloads meanwhile get the same answer at once.
    """
    stamp = report_stamp(workshop=workshop)
    stored = StoredReport.objects.filter(workshop=workshop).first()
    current = stored is not None and not force and default_storage.exists(stored.file.name)
    if current and stored.stamp == stamp:
        return stored
    content = report_content(workshop=workshop)
    fingerprint = report_fingerprint(content)
    if current and stored.fingerprint == fingerprint:
        # Something changed that the report does not show: nothing to render.
        stored.stamp = stamp
        stored.save(update_fields=["stamp"])
        return stored

    usable = (
        stored is not None
        and stored.is_draft == content["is_draft"]
        and default_storage.exists(stored.file.name)
    )
    failed_recently = _failure_key(workshop, fingerprint)
    if not force and default_cache.get(failed_recently):
        # This very content failed a moment ago: downloads do not each wait for it again.
        if usable:
            return stored
        raise ReportUnavailable(default_cache.get(failed_recently))

    generated_at = timezone.now()
    html = report_html(content=content, generated_at=generated_at)
    try:
        rendered = render_with_time_limit(
            html,
            characters=report_characters(content),
            seconds=settings.REPORT_RENDER_TIMEOUT_SECONDS,
        )
        _check_pdf(rendered.pdf)
        name = _store_pdf(f"reports/{content['slug']}-{fingerprint[:16]}.pdf", rendered.pdf)
    except ReportRenderFailed as failure:
        logger.error("Report of %s failed to render: %s", workshop.slug, failure)
        default_cache.set(
            failed_recently, str(failure), settings.REPORT_RETRY_AFTER_FAILURE_SECONDS
        )
        if stored is not None:
            stored.last_failure = str(failure)[:2000]
            stored.last_failure_at = timezone.now()
            stored.save(update_fields=["last_failure", "last_failure_at"])
        if usable:
            return stored
        raise ReportUnavailable(str(failure)) from failure

    old_name = stored.file.name if stored is not None else None
    with transaction.atomic():
        stored, _ = StoredReport.objects.update_or_create(
            workshop=workshop,
            defaults={
                "fingerprint": fingerprint,
                "stamp": stamp,
                "file": name,
                "is_draft": content["is_draft"],
                "page_count": rendered.page_count,
                "size": len(rendered.pdf),
                "render_seconds": rendered.seconds,
                "generated_at": generated_at,
                "last_failure": "",
                "last_failure_at": None,
            },
        )
        if old_name and old_name != name:
            transaction.on_commit(lambda: default_storage.delete(old_name))
    logger.info(
        "Rendered the report of %s: %d pages in %.2f s",
        workshop.slug,
        rendered.page_count,
        rendered.seconds,
    )
    return stored


def report_state(workshop: Workshop) -> str:
    """ "Up to date", "Out of date", "Not generated" or "Last rendering failed", for staff."""
    stored = StoredReport.objects.filter(workshop=workshop).first()
    if stored is None:
        return "Not generated"
    if stored.stamp == report_stamp(workshop=workshop) or stored.fingerprint == (
        report_fingerprint(report_content(workshop=workshop))
    ):
        return "Up to date"
    return "Last rendering failed" if stored.last_failure else "Out of date"
