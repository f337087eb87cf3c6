"""The Content-Security-Policy header (django-csp, settings.CONTENT_SECURITY_POLICY).

The browser side, that an injected inline script is refused and the pages still load without
a console error, is in tests/e2e/test_portal.py; the report PDF's exemption in reports/tests.
"""

import pytest

PUBLIC_PAGES = [
    "/",
    "/workshops/",
    "/workshops/2nd-workshop-2010-siem-reap/",
    "/countries/KH/",
    "/organizations/sesn/",
    "/recommendations/",
    "/news/",
    "/search/?q=customs",
    # The API documentation page (Swagger UI) runs under the same policy, unexempted.
    "/api/v1/docs/",
    "/no-such-page/",
]


def directives(response):
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_public_page_allows_only_the_portals_own_scripts_and_styles(
    client, seed_records, path
):
    policy = directives(client.get(path))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]


def test_a_news_post_with_visitors_comments_is_under_the_policy(client, seed_records):
    from news.models import Post
    from news.seed_records import seed_records_load as news_seed_records_load

    news_seed_records_load()
    post = Post.objects.published().get()
    policy = directives(client.get(post.get_absolute_url()))
    assert policy["script-src"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]


def test_the_staff_only_admin_is_left_out(client, editor_client):
    assert "Content-Security-Policy" not in client.get("/admin/login/")
    assert "Content-Security-Policy" not in editor_client.get("/admin/")
