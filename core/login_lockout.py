"""The answer to a sign-in that django-axes refuses (settings.AXES_LOCKOUT_CALLABLE)."""

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off, get_failure_limit
from django.contrib import admin
from django.shortcuts import render
from django.utils import timezone


class SignInThrottleBackend(AxesStandaloneBackend):
    """Axes' lockout check, for sign-ins that come with a request (the admin's form always
    does). Without one (the test client's `login`, a shell) there is no address to count:
    the check is skipped instead of failing, and the next backend checks the password."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def login_locked_out(request, original_response, credentials):
    """Too many wrong passwords for this account from this address: a page in the admin's
    look that says so and when to try again, with status 429 and Retry-After.

    Every attempt during the lockout starts the cool-off again (axes'
    AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT), so the wait runs from this attempt."""
    cool_off = get_cool_off(request)
    attempted_at = getattr(request, "axes_attempt_time", None) or timezone.now()
    context = {
        **admin.site.each_context(request),
        "title": "Account locked",
        "failure_limit": get_failure_limit(request, credentials),
        "cool_off_minutes": round(cool_off.total_seconds() / 60),
        "retry_at": attempted_at + cool_off,
    }
    response = render(request, "admin/login_locked_out.html", context, status=429)
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
