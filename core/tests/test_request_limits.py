"""Request bodies over their limit are refused with 413 before anything reads them."""

import pytest
from django.test import Client
from django.test.client import RequestFactory
from django.urls import reverse

from news.tests.factories import PostFactory
from workshops.models import Material
from workshops.tests.admin_forms import material_add_form
from workshops.tests.factories import WorkshopFactory

HUGE = 500 * 1024 * 1024


class UnreadableBody:
    """A request body that fails the test if anything reads it."""

    def __init__(self):
        self.read_from = False

    def read(self, *args, **kwargs):
        self.read_from = True
        raise AssertionError("the request body was read")

    readline = read


def _send_unread(client, path, length, **extra):
    """Send `path` a multipart POST announcing `length` bytes, through the whole middleware
    stack with CSRF checks on (as a browser meets them), and a body that must stay unread."""
    body = UnreadableBody()
    environ = RequestFactory()._base_environ(
        PATH_INFO=path,
        REQUEST_METHOD="POST",
        CONTENT_TYPE="multipart/form-data; boundary=synthetic",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": body},
        **extra,
    )
    return client.handler(environ), body


def test_request_limit_refuses_a_huge_anonymous_comment_unread(db):
    post = PostFactory()
    url = reverse("news:comment-create", args=[post.slug])

    response, body = _send_unread(Client(enforce_csrf_checks=True), url, HUGE)

    assert response.status_code == 413
    assert not body.read_from
    content = response.content.decode()
    assert "What you sent is too large" in content
    assert "500.0\xa0MB" in content
    assert "64.0\xa0KB" in content


def test_request_limit_refuses_an_anonymous_post_to_the_admin_sign_in_unread(db):
    response, body = _send_unread(Client(enforce_csrf_checks=True), reverse("admin:login"), HUGE)

    assert response.status_code == 413
    assert not body.read_from


def test_request_limit_refuses_staff_over_the_admin_limit_unread(editor, settings):
    # Within it, staff upload materials: test_request_limit_lets_an_editor_upload_a_material.
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    session = "; ".join(f"{cookie.key}={cookie.value}" for cookie in client.cookies.values())
    url = reverse("admin:workshops_material_add")

    response, body = _send_unread(
        client, url, settings.ADMIN_REQUEST_MAX_BYTES + 1, HTTP_COOKIE=session
    )

    assert response.status_code == 413
    assert not body.read_from
    assert "add fewer files at a time" in response.content.decode()


@pytest.mark.parametrize("length", ["", "not-a-number"])
def test_request_limit_lets_a_body_without_a_usable_length_through(client, db, length):
    post = PostFactory()
    url = reverse("news:comment-create", args=[post.slug])

    response = client.post(url, {"name": "Synthetic"}, CONTENT_LENGTH=length)

    assert response.status_code != 413


def test_request_limit_lets_a_comment_of_the_longest_length_through(client, db):
    post = PostFactory()
    url = reverse("news:comment-create", args=[post.slug])
    form = {"name": "Synthetic Reader", "email": "reader@example.invalid", "text": "ก" * 3000}

    response = client.post(url, form)

    assert response.status_code == 302
    assert post.comments.get().text == "ก" * 3000


def test_request_limit_lets_an_editor_upload_a_material(editor_client, settings):
    workshop = WorkshopFactory()
    pdf = b"%PDF-1.4\n" + b"0" * (1024 * 1024) + b"\n%%EOF\n"  # over the public limit
    form = material_add_form(workshop, content=pdf)

    response = editor_client.post(reverse("admin:workshops_material_add"), form)

    assert response.status_code == 302
    material = Material.objects.get()
    assert material.file.read() == pdf
