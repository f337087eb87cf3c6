"""What the site answers while its database cannot be reached (a restart, a failover)."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger("portal")

# How soon a visitor (or a proxy, a crawler) is asked to try again: a database restart here
# takes about three seconds.
DATABASE_RETRY_AFTER_SECONDS = 5


class DatabaseUnavailableMiddleware:
    """A request whose view cannot reach the database gets a 503 page that says to try again
    in a moment, with `Retry-After`, instead of the 500 page: nothing is wrong with the page,
    and clients may retry. The failure is still logged as an error.

    The page is rendered without the context processors, which could reach for the database
    (the signed-in user, the messages) and fail again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("The database could not be reached for %s: %s", request.path, exception)
        page = render_to_string("503.html", {"request": request})
        response = HttpResponse(page, status=503)
        response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
