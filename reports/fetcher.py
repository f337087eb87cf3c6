"""What the PDF renderer may read: the portal's own static and media files, nothing else.

The report's HTML names its stylesheet and fonts by `file://` URL (see `static_file_url`).
Every URL WeasyPrint asks for goes through `portal_file_for`: a `file://` URL whose real path
lies inside a static-files folder or the media folder is read; anything else (`http(s)://`,
`data:`, `ftp:`, `file://` anywhere else, a symlink leading out) is refused and logged, and
WeasyPrint renders on without it.
"""

import logging
import mimetypes
import os
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.contrib.staticfiles import finders

from .fonts import font_file_bytes

logger = logging.getLogger("reports.fetcher")


class RefusedURL(ValueError):
    """The renderer asked for a URL outside the portal's static and media files."""


@cache
def _static_roots() -> tuple[Path, ...]:
    roots = [Path(settings.STATIC_ROOT)]
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            location = getattr(storage, "location", None)
            if location:
                roots.append(Path(location))
    return tuple(Path(os.path.realpath(root)) for root in roots)


def allowed_roots() -> tuple[Path, ...]:
    """The folders the renderer may read from: static files (every finder's) and media."""
    return (*_static_roots(), Path(os.path.realpath(settings.MEDIA_ROOT)))


def portal_file_for(url: str) -> Path | None:
    """The portal file that `url` names, or None when the renderer must not read it."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(os.path.realpath(url2pathname(parts.path)))
    if not path.is_file():
        return None
    if any(path.is_relative_to(root) for root in allowed_roots()):
        return path
    return None


def static_file_path(static_path: str) -> Path:
    """The real path of one of the portal's static files."""
    found = finders.find(static_path)
    path = Path(found) if found else Path(settings.STATIC_ROOT) / static_path
    return path.resolve()


def static_file_url(static_path: str) -> str:
    """The `file://` URL of one of the portal's static files, for the renderer."""
    return static_file_path(static_path).as_uri()


def portal_url_fetcher():
    """A WeasyPrint URL fetcher that reads only `portal_file_for` files.

    Built on call so that WeasyPrint is imported only when a report is rendered.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class PortalURLFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            path = portal_file_for(url)
            if path is None:
                logger.warning("Report rendering refused to fetch %.300s", url)
                raise RefusedURL(f"Not one of the portal's static or media files: {url:.300}")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            body = font_file_bytes(path) if path.suffix == ".woff" else path.read_bytes()
            return URLFetcherResponse(
                path.as_uri(), body=body, headers={"Content-Type": content_type}
            )

    return PortalURLFetcher()
