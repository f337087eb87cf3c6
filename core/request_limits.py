"""Request bodies are refused by their announced size before anything reads them."""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import cached_property


class RequestBodyLimitMiddleware:
    """Answer 413 to a request whose Content-Length is over its limit, without reading it.

    Django reads a form's whole body the first time anything touches `request.POST`
    (CsrfViewMiddleware does, before any view), so a 500 MB post to a comment URL would be
    received whole before its 403. Every middleware's request phase runs before that, so
    this one only needs to come after AuthenticationMiddleware: staff in the admin may send
    up to ADMIN_REQUEST_MAX_BYTES (material uploads), everyone else PUBLIC_REQUEST_MAX_BYTES
    (a comment, the sign-in form). A body without Content-Length (chunked) is not read by
    Django at all under WSGI; the web server's own limit (client_max_body_size) covers it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    @cached_property
    def admin_prefix(self):
        return reverse("admin:index")

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads nothing of a body whose length it cannot parse either.
        limit = self.limit_for(request) if length > settings.PUBLIC_REQUEST_MAX_BYTES else None
        if limit is not None and length > limit:
            return render(
                request,
                "413.html",
                {"size": length, "limit": limit, "in_admin": self.in_admin(request)},
                status=413,
            )
        return self.get_response(request)

    def in_admin(self, request):
        return request.path_info.startswith(self.admin_prefix)

    def limit_for(self, request):
        if self.in_admin(request) and request.user.is_staff:
            return settings.ADMIN_REQUEST_MAX_BYTES
        return settings.PUBLIC_REQUEST_MAX_BYTES
