"""The admin's sign-in is throttled: repeated wrong passwords lock out that account from that
address for a while (django-axes), with a page that says when to try again."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

LOGIN_URL = reverse("admin:login")


def _sign_in(client, username, password, address="192.0.2.10"):
    return client.post(
        LOGIN_URL,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def _fail(client, username, times, address="192.0.2.10"):
    for _ in range(times):
        _sign_in(client, username, "wrong-password", address)


@pytest.fixture
def throttle(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)


def test_admin_login_five_wrong_passwords_lock_out_even_the_right_one(client, editor, throttle):
    _fail(client, "editor", 5)
    before = timezone.now()

    response = _sign_in(client, "editor", "synthetic-password")

    assert response.status_code == 429
    content = response.content.decode()
    assert "This account is locked" in content
    retry_at = response.context["retry_at"]
    assert before + datetime.timedelta(minutes=15) <= retry_at
    assert retry_at <= timezone.now() + datetime.timedelta(minutes=15)
    assert timezone.localtime(retry_at).strftime("%H:%M") in content
    assert int(response["Retry-After"]) == 15 * 60
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still signed out


def test_admin_login_four_wrong_passwords_then_the_right_one_signs_in(client, editor, throttle):
    _fail(client, "editor", 4)

    response = _sign_in(client, "editor", "synthetic-password")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_admin_login_lockout_leaves_other_accounts_from_the_same_address_alone(
    client, editor, viewer, throttle
):
    _fail(client, "editor", 5)

    response = _sign_in(client, "viewer", "synthetic-password")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(viewer.pk)


def test_admin_login_lockout_leaves_the_account_open_from_another_address(client, editor, throttle):
    _fail(client, "editor", 5, address="192.0.2.10")

    response = _sign_in(client, "editor", "synthetic-password", address="198.51.100.7")

    assert response.status_code == 302


def test_admin_login_lockout_counts_the_address_the_proxy_saw(client, editor, settings, throttle):
    # The same rule as the comment rate limit (news.views.visitor_address): behind one proxy,
    # the last X-Forwarded-For entry; what the visitor puts before it is theirs to invent.
    settings.PROXY_HOPS = 1
    for invented in range(5):
        client.post(
            LOGIN_URL,
            {"username": "editor", "password": "wrong-password"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{invented}, 192.0.2.10",
        )

    assert AccessAttempt.objects.get().ip_address == "192.0.2.10"
    response = client.post(
        LOGIN_URL,
        {"username": "editor", "password": "synthetic-password"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.99, 192.0.2.10",
    )
    assert response.status_code == 429


def test_admin_login_lockout_is_lifted_by_axes_reset(client, editor, throttle):
    _fail(client, "editor", 5)
    assert _sign_in(client, "editor", "synthetic-password").status_code == 429

    call_command("axes_reset_username", "editor", verbosity=0)
    response = _sign_in(client, "editor", "synthetic-password")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_admin_login_lockout_is_lifted_by_deleting_the_access_attempt_in_the_admin(
    client, editor, admin_client, throttle
):
    _fail(client, "editor", 5)
    attempt = AccessAttempt.objects.get(username="editor")

    admin_client.post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )

    assert not AccessAttempt.objects.exists()
    assert _sign_in(client, "editor", "synthetic-password").status_code == 302


def test_admin_login_lockout_ends_after_the_cool_off(client, editor, throttle):
    _fail(client, "editor", 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))

    response = _sign_in(client, "editor", "synthetic-password")

    assert response.status_code == 302


def test_admin_login_throttle_lets_the_test_clients_login_through(client, editor, throttle):
    # No request, so no address to count: the password alone decides.
    assert client.login(username="editor", password="synthetic-password")
    assert not client.login(username="editor", password="wrong-password")
