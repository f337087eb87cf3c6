"""A visitor's comment goes from the form on a post, through a staff approval in the admin,
to the post's page."""

import pytest
from django.core.cache import cache

from tests.e2e.conftest import DESKTOP

COMMENT = "Synthetic comment from the browser test: thank you for the report."


@pytest.fixture
def news_portal(portal):
    """The live portal (with the seed post), and no comment rate limit left from before."""
    cache.clear()  # the comment rate limit must not carry over from other tests
    yield portal
    cache.clear()


def test_comment_goes_from_visitor_to_staff_approval_to_the_page(
    news_portal, page, chromium_browser, editor
):
    # A visitor finds the post from the news page and leaves a comment.
    page.goto(f"{news_portal}/news/")
    page.get_by_role("link", name="2nd Seaports Workshop Results in Call to Action").click()
    post_url = page.url
    comments = page.locator("#comments")
    assert "No comments yet." in comments.inner_text()
    assert not page.locator("#id_homepage").is_visible()  # the honeypot stays out of sight
    page.fill("#id_name", "Synthetic Visitor")
    page.fill("#id_email", "synthetic.visitor@example.invalid")
    page.fill("#id_text", COMMENT)
    page.get_by_role("button", name="Post comment").click()
    page.wait_for_url(f"{post_url}#comments")
    assert "It will appear here once the secretariat has approved it." in comments.inner_text()
    assert COMMENT not in comments.inner_text()

    # Staff approve it in the admin, in their own browser.
    staff_context = chromium_browser.new_context(viewport=DESKTOP)
    staff = staff_context.new_page()
    staff.goto(f"{news_portal}/admin/")
    staff.fill("#id_username", "editor")
    staff.fill("#id_password", "synthetic-password")
    staff.click("input[type=submit]")
    staff.locator("tr.model-comment th a").click()
    row = staff.locator("#result_list tbody tr", has_text="Synthetic comment from the browser")
    assert "Waiting for moderation" in row.inner_text()
    row.locator("input.action-select").check()
    staff.select_option("select[name=action]", label="Approve the selected comments")
    staff.click("button[name=index]")
    assert "Approved 1 comment(s)." in staff.locator("ul.messagelist").inner_text()
    staff_context.close()

    # The visitor sees it on the post's page.
    page.goto(post_url)
    assert COMMENT in comments.inner_text()
    assert "Synthetic Visitor" in comments.inner_text()
    assert "No comments yet." not in comments.inner_text()
    assert "synthetic.visitor@example.invalid" not in page.content()
    assert page.problems.console_errors == []
    assert page.problems.failed_requests == []


def test_refused_comment_keeps_what_was_typed_on_a_phone(news_portal, phone_page):
    page = phone_page
    page.goto(f"{news_portal}/news/")
    page.get_by_role("link", name="2nd Seaports Workshop Results in Call to Action").click()
    page.fill("#id_name", "Synthetic Visitor")
    page.fill("#id_email", "synthetic.visitor@example.invalid")
    page.fill("#id_text", COMMENT)
    # What a simple bot does: fill the hidden honeypot field too.
    page.locator("#id_homepage").evaluate("field => { field.value = 'http://bot.invalid'; }")
    page.get_by_role("button", name="Post comment").click()
    assert "it looked as if it was sent automatically" in page.locator("#comments").inner_text()
    assert page.locator("#id_text").input_value() == COMMENT
    assert page.locator("#id_homepage").input_value() == ""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways on a phone ({width} px)"
