"""Uploaded files (MEDIA_ROOT) are served only through the portal's own visibility check.

A file is served when a record the visitor may see owns it: a material of a workshop, the
stored outcome report of a workshop, or an image a news post shows. Everything else (a
draft's files, files no record names, paths that try to climb out) answers 404, the same as
a page that does not exist, so nothing tells a hidden file from a missing one.

In production the web server sends the file (nginx's X-Accel-Redirect to an internal
location, settings.MEDIA_ACCEL_REDIRECT_PREFIX); with object storage (STORAGE_URL) the visitor
is sent to a signed address that expires in MEDIA_SIGNED_URL_SECONDS; elsewhere the portal
sends it itself.
"""

import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from news.models import Post
from reports.models import StoredReport
from workshops.models import Material, Workshop


def _storage_name(path):
    """The storage name `path` asks for, or None for one that no stored file can have."""
    parts = path.split("/")
    if "\\" in path or "\x00" in path or any(part in ("", ".", "..") for part in parts):
        return None
    return path


def media_file_is_visible(name, user):
    """True if a record that `user` may see owns the media file `name`."""
    workshops = Workshop.objects.visible_to(user)
    if Material.objects.filter(file=name, workshop__in=workshops).exists():
        return True
    # A report rendered while its workshop was a draft says so on every page: once the
    # workshop is published, only its newer rendering (served by reports.views) is public.
    if (
        StoredReport.objects.filter(file=name, workshop__in=workshops)
        .filter(Q(is_draft=False) | Q(workshop__status=Workshop.Status.DRAFT))
        .exists()
    ):
        return True
    return Post.objects.visible_to(user).filter(body__contains=settings.MEDIA_URL + name).exists()


@require_safe
def media_file(request, path):
    name = _storage_name(path)
    if name is None or not media_file_is_visible(name, request.user):
        raise Http404("No such file.")
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    signed_url = getattr(default_storage, "signed_url", None)
    if signed_url is not None and settings.MEDIA_SIGNED_URL_SECONDS > 0:
        # Object storage: a signed address that expires within MEDIA_SIGNED_URL_SECONDS, so
        # that a file hidden later (a workshop unpublished) is not reachable for long.
        response = HttpResponseRedirect(signed_url(name))
        patch_cache_control(response, private=True, no_store=True)
        return response
    if settings.MEDIA_ACCEL_REDIRECT_PREFIX:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.MEDIA_ACCEL_REDIRECT_PREFIX + quote(name)
    else:
        try:
            response = FileResponse(default_storage.open(name, "rb"), content_type=content_type)
        except FileNotFoundError:
            raise Http404("No such file.") from None
    # Whether a file may be seen can change (a workshop unpublished): no shared cache keeps it.
    patch_cache_control(response, private=True, no_cache=True)
    return response
