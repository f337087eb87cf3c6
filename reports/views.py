from csp.decorators import csp_exempt
from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from core.page_cache import keep_as_file
from workshops.models import Workshop

from .content import report_content
from .services import (
    ReportBeingPrepared,
    ReportUnavailable,
    report_download,
    report_html,
)


def _visible_workshop(request, slug):
    """The workshop, if this user may see it: the public gets 404 for drafts. Whether it has
    outcomes to report comes in the same query."""
    return get_object_or_404(
        Workshop.objects.visible_to(request.user).with_outcomes_recorded(), slug=slug
    )


@csp_exempt()  # Chrome's PDF viewer does not work under a page's Content-Security-Policy.
@require_safe
def workshop_report(request, slug):
    """Serve the stored PDF, rendering it first if the records changed since (or, with a
    report worker, queueing that rendering: reports.services.report_for_download). A public
    report found current is kept by the page cache by its file's name (core.page_cache), so
    that while no record changes, the next visitor's download reads no record."""
    workshop = _visible_workshop(request, slug)
    if not workshop.has_outcomes:
        # Not an error of the portal's: nothing to report yet (the workshop's page says so).
        return render(request, "reports/report_not_yet.html", {"workshop": workshop}, status=404)
    try:
        download = report_download(workshop=workshop)
    except ReportBeingPrepared:
        # A worker renders it (CELERY_BROKER_URL): this same address serves it once ready.
        response = render(
            request, "reports/report_being_prepared.html", {"workshop": workshop}, status=503
        )
        response["Retry-After"] = str(settings.REPORT_PREPARING_RETRY_AFTER_SECONDS)
        patch_cache_control(response, no_store=True)
        return response
    except ReportUnavailable:
        response = render(
            request, "reports/report_unavailable.html", {"workshop": workshop}, status=503
        )
        response["Retry-After"] = str(settings.REPORT_RETRY_AFTER_FAILURE_SECONDS)
        return response

    conditional = get_conditional_response(
        request, etag=download.etag, last_modified=download.last_modified
    )
    if conditional is None:
        conditional = FileResponse(
            default_storage.open(download.storage_name, "rb"),
            content_type="application/pdf",
            filename=download.file_name,
        )
        if download.public and download.current:
            keep_as_file(conditional, download.storage_name)
    conditional["ETag"] = download.etag
    conditional["Last-Modified"] = http_date(download.last_modified)
    # Drafts are for staff only: no shared cache may keep them.
    if download.public:
        patch_cache_control(conditional, public=True, no_cache=True)
    else:
        patch_cache_control(conditional, private=True, no_cache=True)
    return conditional


@staff_member_required
@require_safe
def workshop_report_preview(request, slug):
    """The report as HTML, for staff: what the next PDF will show (a draft's, only to who
    may view workshops in the admin)."""
    workshop = _visible_workshop(request, slug)
    content = report_content(workshop=workshop)
    html = report_html(content=content, generated_at=timezone.now(), for_pdf=False)
    return HttpResponse(html)
