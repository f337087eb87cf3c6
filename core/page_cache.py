"""The page cache for readers who are not signed in, and the public pages' ETags.

A GET from a visitor without a session (so neither signed in nor holding messages) is answered
from the cache when the same address was answered at the same records version
(`core.records_version`): no view runs and no query is made. Every change to the records moves
the version on, so the next request renders afresh. Such a visitor's page carries an `ETag`
made of the version and the address, and an `If-None-Match` that names it is answered
`304 Not Modified` at once.

A page is kept only when nothing in it belongs to one visitor: a 200 answer to a GET, of a
text type (HTML, XML, RSS/Atom, the API's JSON, plain text), setting no cookie, marked neither
private nor no-store, varying on nothing but the cookie and the encoding. A page with a form
that needs a CSRF token (a news post with its comment form) uses the visitor's token and sets
its cookie, so it is never kept: each visitor gets it rendered with their own token. The admin and
uploaded files (each checked against its record's visibility) are never looked at. Drafts are
shown only to signed-in staff, whose requests carry a session and so are never served from,
nor kept in, the cache.

A page of at least `GZIP_MIN_BYTES` is compressed once, when it is kept, and kept only so
(when gzip makes it smaller): a visitor whose browser accepts gzip (`Accept-Encoding`, as
every browser sends) gets those bytes as they are, with `Content-Encoding: gzip`, `Vary:
Accept-Encoding` and an ETag of its own (the page's, ending `-gzip`); the rare client that
does not gets them decompressed, with the page's own ETag. Both ETags are answered 304.
Kept so because it is the cheaper way per visit, as measured on the folder cache with a
110 KiB workshop page (32 KiB gzipped): `cache.get` of the gzip bytes took 0.08 ms against
0.6 ms for the plain page (the folder cache zlib-compresses what it stores and inflates it
on every read, which for gzip bytes is little more than a copy); compressing at each visit
would cost some 11 ms; decompressing for a client without gzip, 0.5 ms, about what reading
the plain page cost before. The folder cache's zlib pass over bytes already compressed is
wasted work, but only once, when the page is kept. Static files (WhiteNoise, before this
middleware, with its own compressed copies) and uploaded files never come here.

A file that anyone may download (a published workshop's report PDF) is kept by reference: the
view marks its `FileResponse` with `keep_as_file`, the cache keeps the answer's headers and the
file's name in the media storage, and a later visit opens that file again and sends it with
those headers (its own ETag and Last-Modified, answered 304 when they match), with no view and
no query. If the file has gone (a new rendering replaced it), the view answers as usual.
"""

import gzip
import hashlib
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import DatabaseError
from django.http import FileResponse, HttpResponse, HttpResponseNotModified
from django.middleware.gzip import re_accepts_gzip
from django.utils.cache import cc_delim_re, get_conditional_response, patch_vary_headers
from django.utils.http import parse_etags, parse_http_date, quote_etag
from django.utils.text import compress_string

from .records_version import kept_while_records_stand, records_version

KEPT_CONTENT_TYPES = (
    "text/html",
    "text/plain",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/json",
)
HARMLESS_VARY = {"cookie", "accept-encoding"}
# Smaller pages are kept as they are: gzip would save too little to be worth a header.
GZIP_MIN_BYTES = 1024


def _cacheable_request(request) -> bool:
    """A GET of a public page by a visitor without a session or pending messages."""
    if request.method != "GET":
        return False
    if request.path.startswith(_never_cached_prefixes()):
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and CookieStorage.cookie_name not in cookies


def _never_cached_prefixes():
    return ("/admin/", "/" + settings.MEDIA_URL.lstrip("/"))


def page_address(request) -> str:
    """The address a page is kept under: scheme, host, path and the query with its
    parameters in order (`?b=2&a=1` and `?a=1&b=2` are one page)."""
    query = urlencode(sorted(parse_qsl(request.META.get("QUERY_STRING", ""), True)))
    return f"{request.scheme}://{request.get_host()}{request.path}?{query}"


def kept_for_this_page(request, part: str, compute):
    """`compute()`, kept per records version for this page's address (`page_address`).

    For the part of a public page that follows from the records and the address alone, the
    same for every reader (a list's filters, results and pager; a workshop's or a country's
    record): signed-in staff, whom the page cache never answers, then get their page rendered
    for them around a part read from the cache while the records stand still, and worked out
    afresh as soon as they change. `part` names what is kept."""
    address = hashlib.sha256(page_address(request).encode()).hexdigest()
    return kept_while_records_stand(f"{part}:{address}", compute)


def keep_as_file(response: FileResponse, storage_name: str) -> FileResponse:
    """Let the page cache keep `response`, the download of the media storage's file
    `storage_name`, by that name: for a file that anyone may download, as it is now."""
    response.kept_file_name = storage_name
    return response


def _keepable_response(request, response) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    if response.status_code != 200 or response.cookies:
        return False
    # A page that used the visitor's CSRF token (a form that posts) is theirs alone.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return False
    if response.streaming:
        return getattr(response, "kept_file_name", None) is not None
    content_type, *parameters = (
        part.strip().lower() for part in response.get("Content-Type", "").split(";")
    )
    if content_type not in KEPT_CONTENT_TYPES:
        return False
    # An answer in a form one client asked for ("application/json; indent=2") is theirs.
    if any(not parameter.startswith("charset=") for parameter in parameters if parameter):
        return False
    cache_control = {part.lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))}
    if cache_control & {"private", "no-store", "no-cache"}:
        return False
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
    if not vary <= HARMLESS_VARY:
        return False
    return len(response.content) <= settings.PAGE_CACHE_MAX_BYTES


def _accepts_gzip(request) -> bool:
    return bool(re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def _gzip_etag(etag: str) -> str:
    """The ETag of a page's gzip-compressed form: `"<the page's>-gzip"`."""
    return etag[:-1] + '-gzip"'


def _kept_form(response, etag: str) -> tuple:
    """What is kept of a page: (status, headers, body, whether the body is gzip-compressed,
    the media file it sends or None). The page is given its ETag, and `Vary: Accept-Encoding`
    when compressed; a file keeps its own."""
    if response.streaming:
        return (response.status_code, list(response.items()), b"", False, response.kept_file_name)
    response["ETag"] = etag
    body = response.content
    gzipped = False
    if len(body) >= GZIP_MIN_BYTES and not response.has_header("Content-Encoding"):
        compressed = compress_string(body)
        if len(compressed) < len(body):
            body, gzipped = compressed, True
            patch_vary_headers(response, ("Accept-Encoding",))
    return (response.status_code, list(response.items()), body, gzipped, None)


def _served_file(request, kept: tuple):
    """A kept file, opened again (or 304 for its own validators); None if it has gone from
    the storage (a new rendering replaced it), so that the view answers."""
    status, headers, _, _, file_name = kept
    try:
        opened = default_storage.open(file_name, "rb")
    except OSError:
        return None
    named = dict(headers)
    last_modified = named.get("Last-Modified")
    not_modified = get_conditional_response(
        request,
        etag=named.get("ETag"),
        last_modified=last_modified and int(parse_http_date(last_modified)),
    )
    if not_modified is not None:
        opened.close()
        not_modified["ETag"] = named["ETag"]
        return not_modified
    response = FileResponse(opened, status=status)
    for name, value in headers:
        response[name] = value
    return response


def _served(request, kept: tuple) -> HttpResponse:
    """A kept page, in the form this visitor's browser accepts."""
    if kept[4] is not None:
        return _served_file(request, kept)
    status, headers, body, gzipped, _ = kept
    response = HttpResponse(status=status)
    for name, value in headers:
        response[name] = value
    if gzipped and _accepts_gzip(request):
        response.content = body
        response["Content-Encoding"] = "gzip"
        response["Content-Length"] = str(len(body))
        response["ETag"] = _gzip_etag(response["ETag"])
    else:
        response.content = gzip.decompress(body) if gzipped else body
    return response


class PublicPageCacheMiddleware:
    """Serve and keep public pages for visitors who are not signed in (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        try:
            version = records_version()
        except DatabaseError:
            # The database is away (a restart): the view below answers 503 as usual.
            return self.get_response(request)
        address = hashlib.sha256(page_address(request).encode()).hexdigest()
        key = f"kept-page:{version}:{address}"
        etag = quote_etag(f"{version}-{address[:24]}")

        asked = parse_etags(request.META.get("HTTP_IF_NONE_MATCH", ""))
        known = [etag, _gzip_etag(etag)] if _accepts_gzip(request) else [etag]
        if matched := next((tag for tag in known if tag in asked), None):
            not_modified = HttpResponseNotModified()
            not_modified["ETag"] = matched
            return not_modified
        kept = cache.get(key)
        if kept is not None and (served := _served(request, kept)) is not None:
            return served

        response = self.get_response(request)
        if _keepable_response(request, response):
            kept = _kept_form(response, etag)
            cache.set(key, kept, timeout=settings.PAGE_CACHE_SECONDS)
            if kept[3] and _accepts_gzip(request):  # compressed
                return _served(request, kept)
        return response
