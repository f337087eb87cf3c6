"""Rendering, storing and serving workshop outcome reports.

`report_render` is the one function that turns a workshop into PDF bytes. `report_generate`
is what downloads, the admin action and `manage.py generate_reports` call: it renders only when
the report's fingerprint changed, in a child process with a time limit, and keeps the last good
PDF when a rendering fails. See reports/README.md for the design.
"""

import ctypes
import fcntl
import gc
import hashlib
import logging
import math
import multiprocessing
import os
import queue
import resource
import secrets
import shutil
import signal
import stat
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.cache import cache as default_cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import close_old_connections, connections, transaction
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone

from core.records_version import records_changed, records_version
from workshops.models import Workshop

from .content import (
    REPORT_STYLESHEET,
    REPORT_TEMPLATE,
    report_characters,
    report_content,
    report_fingerprint,
    report_pictures,
    report_stamp,
)
from .fetcher import portal_url_fetcher, static_file_path, static_file_url
from .fonts import browser_font_stylesheets, font_faces_for, preload_fonts
from .models import StoredReport
from .pdf_tags import PDF_VARIANT, keep_element_languages

logger = logging.getLogger("reports")


class ReportUnavailable(Exception):
    """No PDF can be served: the rendering failed and there is no earlier good one."""


class ReportRenderFailed(Exception):
    """A rendering raised, crashed or ran past its time limit."""


class ReportBeingPrepared(Exception):
    """A worker has the report in its queue and there is no earlier PDF fit to serve yet."""


@dataclass
class RenderedReport:
    pdf: bytes
    page_count: int
    seconds: float = 0.0


def report_sections(content: dict) -> list[dict]:
    """The report's numbered sections, as the table of contents lists them.

    A section appears only where something is recorded for it: a report is no longer than
    what the records say. (A workshop without objectives, conclusions or recommendations has
    no report at all: `Workshop.has_outcomes`.)
    """
    participation = content["participation"]
    sections = [
        ("background", "Background", content["summary"]),
        ("objectives", "Objectives", content["objectives"]),
        ("participation", "Participation", content["figures"] or participation),
        ("conclusions", "Conclusions", content["conclusions"]),
        ("recommendations", "Recommendations: the call to action", content["recommendations"]),
        ("related-events", "Related events", content["related_events"]),
    ]
    numbered = [
        {"id": anchor, "number": str(number), "title": title}
        for number, (anchor, title) in enumerate(
            ((anchor, title) for anchor, title, recorded in sections if recorded), start=1
        )
    ]
    annexes = [
        ("annex-agenda", "Agenda", content["agenda"]),
        ("annex-participants", "List of participants", participation and participation["people"]),
        ("annex-materials", "Materials", content["materials"]),
    ]
    annexes = [(anchor, title) for anchor, title, recorded in annexes if recorded]
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
            "pictures": report_pictures(content),
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
    keep_element_languages()
    pdf = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)
    return RenderedReport(
        pdf=pdf, page_count=len(document.pages), seconds=time.perf_counter() - started
    )


def report_render(*, workshop: Workshop, generated_at=None) -> bytes:
    """The workshop's outcome report as PDF bytes, rendered here and now from the records."""
    content = report_content(workshop=workshop)
    html = report_html(content=content, generated_at=generated_at or timezone.now())
    return pdf_from_html(html, characters=report_characters(content)).pdf


PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _die_with_parent(parent_pid: int):
    """Have the kernel kill this child when the thread that forked it dies (Linux), however
    the parent ends (`kill -9`, the server's own timeout); exit at once if it is already gone."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:
        os._exit(1)


def _let_go_of_inherited_sockets():
    """Release every socket the fork copied: the server's listening socket, its clients', the
    database connection. Each is replaced by /dev/null rather than closed, so that its number
    is never reused by a file the renderer opens while some inherited object still holds it.
    The parent's sockets are untouched: only this process's references go."""
    listing = next((f for f in ("/proc/self/fd", "/dev/fd") if os.path.isdir(f)), None)
    if listing is None:
        return
    null = os.open(os.devnull, os.O_RDWR)
    try:
        for name in os.listdir(listing):
            number = int(name)
            try:
                if number != null and stat.S_ISSOCK(os.fstat(number).st_mode):
                    os.dup2(null, number)
            except OSError:  # the listing's own descriptor, already gone
                continue
    finally:
        os.close(null)


def _limit_resources(*, seconds: float, memory_mb: int):
    """Cap what this one rendering may take: `memory_mb` of address space beyond what the
    child starts with (a MemoryError, or a crash, past it), and CPU time a little over the
    parent's time limit, in case the parent could not enforce it. A child stopped so leaves
    no core file."""

    def lower(limit, soft):
        _, hard = resource.getrlimit(limit)
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
        resource.setrlimit(limit, (soft, hard))

    lower(resource.RLIMIT_CORE, 0)
    lower(resource.RLIMIT_CPU, math.ceil(seconds) + 2)
    try:
        with open("/proc/self/statm") as statm:  # Linux: the address space inherited
            inherited = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return
    if memory_mb:
        lower(resource.RLIMIT_AS, inherited + memory_mb * 1024 * 1024)


def _render_in_child(html, characters, receiver, sender, parent_pid, limits, temporary_folder):
    _die_with_parent(parent_pid)
    # The read end of the result pipe belongs to the parent: were the child to keep it, a
    # result too large for the pipe would block the child for ever once the parent is gone.
    receiver.close()
    try:
        _let_go_of_inherited_sockets()
        _limit_resources(**limits)
        # WeasyPrint keeps the fonts it is given in a `weasyprint-*` folder that it removes only
        # when its font configuration is collected, which this child never does: it exits
        # with os._exit. So its temporary files go in a folder the parent removes.
        tempfile.tempdir = temporary_folder
        os.environ["TMPDIR"] = temporary_folder
        # A one-shot process: its memory goes back at exit, so collecting cycles along the way
        # only costs time.
        gc.disable()
        sender.send(("ok", pdf_from_html(html, characters=characters)))
    except BaseException as error:  # noqa: BLE001 (the parent reports every failure)
        sender.send(("error", f"{type(error).__name__}: {error}"))
    finally:
        sender.close()


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
        "country_code": "TH",
        "summary": "Synthetic summary. " * 20,
        "organizers": [{"role": "Host", "organization": organization}],
        "objectives": ["Synthetic objective. " * 5] * 2,
        "conclusions": ["Synthetic conclusion. " * 5] * 2,
        "figures": {"participants": 6, "countries": 6, "region": "Synthetic", "note": ""},
        "participation": {
            "total": 7,
            "people": 7,
            "countries": [{"country": "Thailand", "agencies": [organization], "participations": 7}],
            "country_count": 1,
            "country_codes": ["TH"],
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
                "status_value": "in_progress",
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
    # WeasyPrint's font configuration sits in a reference cycle; collected, it removes its
    # `weasyprint-*` temporary folder at once rather than whenever the collector next runs.
    gc.collect()


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
    except Exception as error:  # a missing font package, say: the last good PDF is served
        raise ReportRenderFailed(
            f"The renderer could not be prepared: {type(error).__name__}: {error}"
        ) from error

    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    temporary_folder = tempfile.mkdtemp(prefix="sesn-report-render-")
    limits = {"seconds": seconds, "memory_mb": settings.REPORT_RENDER_MAX_MEMORY_MB}
    child = context.Process(
        target=_render_in_child,
        args=(html, characters, receiver, sender, os.getpid(), limits, temporary_folder),
        daemon=True,
    )
    # The child's garbage collector must not walk the portal's own objects (Django, the
    # records just read): doing so costs it the time and copies every page it touches.
    # Frozen, they sit in a generation the collector skips; the parent thaws them at once.
    gc.freeze()
    try:
        child.start()
    except OSError as error:  # out of memory or processes
        receiver.close()
        sender.close()
        shutil.rmtree(temporary_folder, ignore_errors=True)
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
        if child.exitcode is None:
            child.kill()
            child.join()
        shutil.rmtree(temporary_folder, ignore_errors=True)
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


def _failure_keys(workshop: Workshop, *, stamp: str, fingerprint: str = "") -> list[str]:
    """Where a failed rendering is remembered: under the change stamp, which a download can
    check before reading the records, and under the fingerprint, which a change the report
    does not show (an e-mail, say) leaves alone."""
    keys = [f"reports:failure:{workshop.pk}:stamp:{stamp}"]
    if fingerprint:
        keys.append(f"reports:failure:{workshop.pk}:content:{fingerprint}")
    return keys


def _known_failure(workshop: Workshop, *, stamp: str, fingerprint: str = "") -> dict | None:
    for key in _failure_keys(workshop, stamp=stamp, fingerprint=fingerprint):
        failure = default_cache.get(key)
        if isinstance(failure, dict):
            return failure
    return None


def _answer_after_failure(stored: StoredReport | None, failure: dict) -> StoredReport:
    """The last good report if it is still fit to serve (draft or not, as the content that
    failed), else ReportUnavailable."""
    if (
        stored is not None
        and stored.is_draft == failure["is_draft"]
        and default_storage.exists(stored.file.name)
    ):
        return stored
    raise ReportUnavailable(failure["message"])


@contextmanager
def _rendering_lock(workshop: Workshop, *, timeout: float):
    """Held while one process renders the workshop's report, so that downloads at the same
    moment wait for that rendering instead of each making their own. A lock file (the
    portal's worker processes share one machine, as they share the cache folder): the kernel
    releases it when its holder dies, however it dies."""
    folder = Path(settings.REPORT_LOCK_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(folder / f"report-{workshop.pk}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise ReportUnavailable(
                        "Another rendering of this report is taking too long."
                    ) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)


def report_storage_name(*, slug: str) -> str:
    """Where a new rendering is stored: the slug, for people, and a random token, so that the
    name cannot be guessed from the workshop or the report's content."""
    return f"reports/{slug}-{secrets.token_urlsafe(24)}.pdf"


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
    unchanged, the records are not read at all. One process renders a workshop's report at a
    time (`_rendering_lock`); a download that waited for it uses what it stored. A new PDF
    replaces the stored file and record only once it is complete; the old file is deleted
    after the commit.

    When the rendering fails or runs past settings.REPORT_RENDER_TIMEOUT_SECONDS, the last
    good report is kept, the failure is noted on it, and it is returned, unless it was
    rendered as a draft and the workshop is now published (or the reverse): then
    ReportUnavailable is raised, as it is when no report was ever stored. For
    settings.REPORT_RETRY_AFTER_FAILURE_SECONDS the same content is not tried again (unless
    `force`): downloads meanwhile get the same answer at once, before the records are read.

    Before all that, the records version (core/records_version.py) is compared with the one
    at which this stored report was last found current: while no record of the portal has
    changed since, the download reads only the stored report's row, not the records.
    """
    version = records_version()
    if not force and (stored := _current_at(workshop, version=version)) is not None:
        return stored
    stamp = report_stamp(workshop=workshop)
    stored = _report_checked(workshop=workshop, stamp=stamp, force=force)
    if stored.stamp == stamp:
        # Found (or made) current: not a last good report served after a failure.
        default_cache.set(
            _checked_key(workshop), (version, stored.pk, stored.generated_at), timeout=None
        )
    return stored


def _checked_key(workshop: Workshop) -> str:
    return f"reports:checked-current:{workshop.pk}"


def _current_at(workshop: Workshop, *, version: str) -> StoredReport | None:
    """The stored report, if it was found current at records version `version`."""
    checked = default_cache.get(_checked_key(workshop))
    if checked is None or checked[0] != version:
        return None
    stored = StoredReport.objects.filter(workshop=workshop).first()
    if stored is None or (stored.pk, stored.generated_at) != tuple(checked[1:]):
        return None
    return stored if default_storage.exists(stored.file.name) else None


def _report_checked(*, workshop: Workshop, stamp: str, force: bool) -> StoredReport:
    stored = StoredReport.objects.filter(workshop=workshop).first()
    current = stored is not None and not force and default_storage.exists(stored.file.name)
    if current and stored.stamp == stamp:
        return stored
    if not force and (failure := _known_failure(workshop, stamp=stamp)):
        # These very records failed a moment ago: answer at once, without reading them.
        return _answer_after_failure(stored, failure)

    wait = settings.REPORT_RENDER_TIMEOUT_SECONDS + 15
    with _rendering_lock(workshop, timeout=wait):
        # Another download may have rendered (or failed to render) these records meanwhile.
        stored = StoredReport.objects.filter(workshop=workshop).first()
        current = stored is not None and not force and default_storage.exists(stored.file.name)
        if current and stored.stamp == stamp:
            return stored
        if not force and (failure := _known_failure(workshop, stamp=stamp)):
            return _answer_after_failure(stored, failure)
        return _render_and_store(workshop=workshop, stored=stored, stamp=stamp, force=force)


def _render_and_store(*, workshop, stored, stamp, force) -> StoredReport:
    content = report_content(workshop=workshop)
    fingerprint = report_fingerprint(content)
    current = stored is not None and not force and default_storage.exists(stored.file.name)
    if current and stored.fingerprint == fingerprint:
        # Something changed that the report does not show: nothing to render.
        stored.stamp = stamp
        stored.save(update_fields=["stamp"])
        return stored
    if not force and (failure := _known_failure(workshop, stamp=stamp, fingerprint=fingerprint)):
        # This very content failed a moment ago: downloads do not each wait for it again.
        return _answer_after_failure(stored, failure)

    generated_at = timezone.now()
    html = report_html(content=content, generated_at=generated_at)
    try:
        rendered = render_with_time_limit(
            html,
            characters=report_characters(content),
            seconds=settings.REPORT_RENDER_TIMEOUT_SECONDS,
        )
        _check_pdf(rendered.pdf)
        name = _store_pdf(report_storage_name(slug=content["slug"]), rendered.pdf)
    except ReportRenderFailed as error:
        logger.error("Report of %s failed to render: %s", workshop.slug, error)
        failure = {"message": str(error), "is_draft": content["is_draft"]}
        for key in _failure_keys(workshop, stamp=stamp, fingerprint=fingerprint):
            default_cache.set(key, failure, settings.REPORT_RETRY_AFTER_FAILURE_SECONDS)
        if stored is not None:
            stored.last_failure = str(error)[:2000]
            stored.last_failure_at = timezone.now()
            stored.save(update_fields=["last_failure", "last_failure_at"])
        return _answer_after_failure(stored, failure)

    old_name = stored.file.name if stored is not None else None
    try:
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
    except BaseException:
        # The record still names the old file: the new one would be nobody's.
        default_storage.delete(name)
        raise
    if force:
        # The same records, a new file: what the page cache kept of the report's address (a
        # public report, by its file's name) is out of date. Any other rendering follows a
        # change to the records, which moved the records version on already.
        records_changed()
    logger.info(
        "Rendered the report of %s: %d pages in %.2f s",
        workshop.slug,
        rendered.page_count,
        rendered.seconds,
    )
    return stored


def report_queue_in_use() -> bool:
    """True when reports are rendered by Celery workers (settings.CELERY_BROKER_URL), not in
    the request that finds them out of date."""
    return bool(settings.CELERY_BROKER_URL)


def _queued_key(workshop_pk: int, *, stamp: str) -> str:
    return f"reports:queued:{workshop_pk}:stamp:{stamp}"


def _queue_rendering(workshop: Workshop, *, stamp: str = "", force: bool = False) -> bool:
    """Hand the workshop's rendering to the workers, once the current transaction commits.

    Downloads queue one rendering per workshop and change stamp: the first takes the key in
    the shared cache (an atomic `add`, on Redis for every server), the others find it taken
    and queue nothing. The key lasts as long as a rendering may, so a rendering lost with its
    worker is queued again by a later download. Staff's `force` always queues. True when a
    rendering was queued."""
    key = _queued_key(workshop.pk, stamp=stamp)
    if not force and not default_cache.add(
        key, True, timeout=int(settings.REPORT_RENDER_TIMEOUT_SECONDS) + 60
    ):
        return False
    # Celery is imported only where a broker is configured; tasks.py imports this module.
    from .tasks import render_report  # noqa: PLC0415

    def send():
        try:
            render_report.delay(workshop.pk, stamp=stamp, force=force)
        except Exception:
            default_cache.delete(key)
            raise

    transaction.on_commit(send)
    return True


def report_for_download(*, workshop: Workshop) -> StoredReport:
    """What a download serves.

    Without a broker, `report_generate`: the request renders when the records changed. With
    one (`report_queue_in_use`), a download never renders: the stored report when it is
    current; otherwise one rendering is queued (`_queue_rendering`) and the last good PDF is
    served at once, if it was rendered as a draft or not as the workshop is now; else
    ReportBeingPrepared (the view's 503 page with Retry-After). A failure remembered for these
    records answers as `report_generate` does."""
    if not report_queue_in_use():
        return report_generate(workshop=workshop)
    version = records_version()
    if (stored := _current_at(workshop, version=version)) is not None:
        return stored
    stamp = report_stamp(workshop=workshop)
    stored = StoredReport.objects.filter(workshop=workshop).first()
    on_file = stored is not None and default_storage.exists(stored.file.name)
    if on_file and stored.stamp == stamp:
        default_cache.set(
            _checked_key(workshop), (version, stored.pk, stored.generated_at), timeout=None
        )
        return stored
    if failure := _known_failure(workshop, stamp=stamp):
        return _answer_after_failure(stored, failure)
    try:
        _queue_rendering(workshop, stamp=stamp)
    except Exception:
        # The broker cannot be reached: this download renders, as without one.
        logger.exception("Could not queue the report of %s; rendering it here", workshop.slug)
        return report_generate(workshop=workshop)
    if on_file and stored.is_draft == (not workshop.is_published):
        return stored
    raise ReportBeingPrepared(f"The report of {workshop.slug} is being prepared.")


@dataclass(frozen=True)
class ReportDownload:
    """What a download of a stored report answers with: its file in the media storage and
    the headers that go with it."""

    storage_name: str
    etag: str  # quoted
    last_modified: int  # seconds since the epoch
    file_name: str  # what the browser saves it as
    public: bool  # a published workshop's report, not rendered as a draft: anyone may see it
    current: bool = False  # found current at this records version

    @classmethod
    def of(cls, stored: StoredReport, workshop: Workshop, *, current=False) -> "ReportDownload":
        return cls(
            current=current,
            storage_name=stored.file.name,
            etag=f'"{report_etag(stored)}"',
            last_modified=int(stored.generated_at.timestamp()),
            file_name=report_file_name(workshop),
            public=workshop.is_published and not stored.is_draft,
        )


def report_download(*, workshop: Workshop) -> ReportDownload:
    """What a download of `workshop`'s report serves (`report_for_download`; its exceptions
    pass through), and whether it was found current at the records version read before the
    records were (not the last good one served after a failure)."""
    version = records_version()
    stored = report_for_download(workshop=workshop)
    found_current = default_cache.get(_checked_key(workshop)) == (
        version,
        stored.pk,
        stored.generated_at,
    )
    return ReportDownload.of(stored, workshop, current=found_current)


def report_render_queued(*, workshop_pk: int, stamp: str = "", force: bool = False) -> None:
    """What a worker does with a queued rendering (reports/tasks.py): `report_generate`, then
    the queue key is let go so that the next change queues afresh."""
    try:
        workshop = Workshop.objects.filter(pk=workshop_pk).first()
        if workshop is not None:
            report_generate(workshop=workshop, force=force)
    except ReportUnavailable:
        pass  # logged, and noted on the stored report where there is one
    finally:
        if stamp:
            default_cache.delete(_queued_key(workshop_pk, stamp=stamp))


# Without a broker, one thread per process renders what staff asked for, one workshop after
# another: a request only queues the work. With one, the workers do (`report_regenerate_later`).
_regeneration_queue: queue.Queue = queue.Queue()
_regeneration_worker_lock = threading.Lock()
_regeneration_worker: threading.Thread | None = None


def _regenerate_queued():
    while True:
        workshop_pk = _regeneration_queue.get()
        try:
            close_old_connections()
            workshop = Workshop.objects.filter(pk=workshop_pk).first()
            if workshop is not None:
                report_generate(workshop=workshop, force=True)
        except ReportUnavailable:
            pass  # logged, and noted on the stored report where there is one
        except Exception:
            logger.exception("Regenerating the report of workshop %s failed", workshop_pk)
        finally:
            connections.close_all()
            _regeneration_queue.task_done()


def report_regenerate_later(*, workshop: Workshop) -> None:
    """Render the workshop's report afresh (`force`) in the background, once the current
    transaction commits (on a Celery worker where a broker is configured, else on this
    process's regeneration thread), and return at once: the admin's "Regenerate report" must
    not hold a request (and a server worker) for a rendering that may take minutes. The outcome
    shows in the report's state ("Up to date", "Last rendering failed")."""

    if report_queue_in_use():
        _queue_rendering(workshop, force=True)
        return

    def queue_it():
        global _regeneration_worker
        _regeneration_queue.put(workshop.pk)
        with _regeneration_worker_lock:
            if _regeneration_worker is None or not _regeneration_worker.is_alive():
                _regeneration_worker = threading.Thread(
                    target=_regenerate_queued, name="report-regeneration", daemon=True
                )
                _regeneration_worker.start()

    transaction.on_commit(queue_it)


def report_state_said(stored: StoredReport | None, *, up_to_date: bool, out_of_date="Out of date"):
    """How a stored report's state is said to staff: "Not generated", "Up to date", "Last
    rendering failed" or `out_of_date`. The one wording, for `report_state` and the admin list
    (which knows only whether the stamp changed, and says so)."""
    if stored is None:
        return "Not generated"
    if up_to_date:
        return "Up to date"
    return "Last rendering failed" if stored.last_failure else out_of_date


def report_state(workshop: Workshop) -> str:
    """ "Up to date", "Out of date", "Not generated" or "Last rendering failed", for staff."""
    stored = StoredReport.objects.filter(workshop=workshop).first()
    up_to_date = stored is not None and (
        stored.stamp == report_stamp(workshop=workshop)
        or stored.fingerprint == report_fingerprint(report_content(workshop=workshop))
    )
    return report_state_said(stored, up_to_date=up_to_date)
