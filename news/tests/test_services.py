"""Comments are stored waiting for moderation, within the abuse limits; staff decide."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone

from news.models import Comment, CommentRateWindow, Post
from news.services import (
    COMMENT_RATE_LIMIT,
    COMMENT_RATE_WINDOW_SECONDS,
    CommentRateLimited,
    CommentsClosed,
    comment_post,
    comments_moderate,
    post_publish,
    posts_set_comments_open,
)
from news.tests.factories import CommentFactory, PostFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


def post_a_comment(post, address="192.0.2.10", **fields):
    values = {
        "name": "Synthetic Visitor",
        "email": "visitor@example.invalid",
        "text": "A synthetic comment.",
        **fields,
    }
    return comment_post(post=post, address=address, **values)


def test_comment_post_stores_the_comment_waiting_for_moderation():
    post = PostFactory()
    comment = post_a_comment(post, website="https://example.invalid/me")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert not comment.likely_spam
    assert comment.post == post and comment.website == "https://example.invalid/me"
    assert list(Comment.objects.approved()) == []


def test_comment_post_holds_a_comment_with_many_links_as_likely_spam():
    post = PostFactory()
    two_links = post_a_comment(post, text="See https://example.invalid/a and www.example.invalid")
    many_links = post_a_comment(
        post, text="http://example.invalid/1 http://example.invalid/2 HTTPS://example.invalid/3"
    )
    assert not two_links.likely_spam
    assert many_links.likely_spam and many_links.status == Comment.Status.PENDING


def test_comment_post_refuses_the_sixth_comment_from_one_address_in_ten_minutes():
    post = PostFactory()
    for _ in range(COMMENT_RATE_LIMIT):
        post_a_comment(post, address="192.0.2.20")
    with pytest.raises(CommentRateLimited, match="5 comments in the last 10 minutes"):
        post_a_comment(post, address="192.0.2.20")
    post_a_comment(post, address="192.0.2.21")  # another address is not held back
    assert Comment.objects.count() == COMMENT_RATE_LIMIT + 1


def test_comment_post_limit_lifts_when_the_window_expires():
    post = PostFactory()
    for _ in range(COMMENT_RATE_LIMIT):
        post_a_comment(post, address="192.0.2.30")
    # What the ten minutes do: the window opened that long ago.
    CommentRateWindow.objects.update(
        opened=F("opened") - datetime.timedelta(seconds=COMMENT_RATE_WINDOW_SECONDS)
    )
    assert post_a_comment(post, address="192.0.2.30").pk
    assert post_a_comment(post, address="192.0.2.30").pk  # a new window, counted afresh


def test_comment_post_deletes_the_windows_that_have_closed():
    post = PostFactory()
    post_a_comment(post, address="192.0.2.31")
    CommentRateWindow.objects.update(
        opened=F("opened") - datetime.timedelta(seconds=COMMENT_RATE_WINDOW_SECONDS)
    )
    post_a_comment(post, address="192.0.2.32")
    assert CommentRateWindow.objects.count() == 1


def test_comment_rate_window_does_not_hold_the_address_in_clear():
    post_a_comment(PostFactory(), address="192.0.2.40")
    window = CommentRateWindow.objects.get()
    assert "192.0.2.40" not in window.address_hash and window.comments == 1


@pytest.mark.parametrize(
    "link",
    [
        "http://example.invalid/{n}",
        "https://example.invalid/{n}",
        "HTTPS://example.invalid/{n}",
        "ftp://example.invalid/{n}",
        "//example{n}.invalid/offer",
        "www.example{n}.invalid",
        "[offer {n}](https://example.invalid/{n})",
        "[offer {n}](example{n}.invalid)",
        '<a href="/offer/{n}">offer</a>',
    ],
)
def test_comment_post_holds_a_comment_with_three_links_of_any_kind_as_likely_spam(link):
    post = PostFactory()
    two = post_a_comment(post, text="See " + ", ".join(link.format(n=n) for n in (1, 2)))
    three = post_a_comment(post, text="See " + ",".join(link.format(n=n) for n in (1, 2, 3)))
    assert not two.likely_spam
    assert three.likely_spam


@pytest.mark.parametrize(
    "text",
    [
        "https://www.example.invalid/a and https://www.example.invalid/b",  # two, not four
        "www.example.invalid: ports and/or customs // notes at 10:30 // more",
        "www.example.invalid, or visitor@example.invalid, or + 66 2 123 4567; [1] (see above)",
    ],
)
def test_comment_post_counts_no_link_twice_and_nothing_else_as_one(text):
    assert not post_a_comment(PostFactory(), text=text).likely_spam


@pytest.mark.parametrize(
    "post_values",
    [
        {"comments_open": False},
        {"status": Post.Status.DRAFT, "published_at": None},
        {"status": Post.Status.SCHEDULED, "published_at": timezone.now() + datetime.timedelta(1)},
    ],
)
def test_comment_post_refuses_comments_on_closed_or_hidden_posts(post_values):
    post = PostFactory(**post_values)
    with pytest.raises(CommentsClosed):
        post_a_comment(post)
    assert Comment.objects.count() == 0


def test_comment_post_refuses_text_over_the_length_limit():
    with pytest.raises(ValidationError):
        post_a_comment(PostFactory(), text="x" * 3001)
    assert Comment.objects.count() == 0


def test_comments_moderate_records_the_decision_who_and_when_in_history():
    moderator = StaffUserFactory()
    comments = CommentFactory.create_batch(2)
    approved_already = CommentFactory(status=Comment.Status.APPROVED)
    changed = comments_moderate(
        comments=[*comments, approved_already], status="approved", moderator=moderator
    )
    assert changed == 2
    for comment in comments:
        comment.refresh_from_db()
        assert comment.status == Comment.Status.APPROVED
        assert comment.moderated_by == moderator and comment.moderated_at is not None
        assert [h.status for h in comment.history.all()] == ["approved", "pending"]


def test_comments_moderate_refuses_an_unknown_status():
    with pytest.raises(ValueError):
        comments_moderate(comments=[CommentFactory()], status="deleted", moderator=None)


def test_posts_set_comments_open_closes_and_reopens():
    posts = PostFactory.create_batch(2)
    assert posts_set_comments_open(posts=posts, comments_open=False) == 2
    assert not Post.objects.filter(comments_open=True).exists()
    assert posts_set_comments_open(posts=Post.objects.all(), comments_open=True) == 2


def test_post_publish_makes_a_draft_public_now():
    draft = PostFactory(status=Post.Status.DRAFT, published_at=None)
    post_publish(post=draft)
    draft.refresh_from_db()
    assert draft.is_public and draft.status == Post.Status.PUBLISHED


def test_post_publish_keeps_an_earlier_publication_time():
    at = datetime.datetime(2011, 6, 1, tzinfo=datetime.UTC)
    post = PostFactory(status=Post.Status.DRAFT, published_at=at)
    post_publish(post=post)
    assert post.published_at == at
