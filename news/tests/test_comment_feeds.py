"""Feeds of approved comments: one post's (advertised in its page's head) and every post's."""

import datetime

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from news.models import Comment, Post
from news.tests.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db

POST_FEEDS = [
    ("news:post-comments-feed-rss", "rss20"),
    ("news:post-comments-feed-atom", "atom10"),
]
ALL_FEEDS = [("news:comments-feed-rss", "rss20"), ("news:comments-feed-atom", "atom10")]


def parse(client, url, version):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == version
    return feed


def comment(post, name, status=Comment.Status.APPROVED, **fields):
    return CommentFactory(post=post, name=name, status=status, **fields)


@pytest.fixture
def commented_post():
    post = PostFactory(title="Synthetic commented post")
    older = comment(post, "Synthetic Older Visitor", email="older@example.invalid")
    Comment.objects.filter(pk=older.pk).update(
        created=datetime.datetime(2011, 1, 1, tzinfo=datetime.UTC)
    )
    comment(
        post,
        "Synthetic ស្វាគមន៍ Visitor",
        text="First line <script>alert(1)</script>\n\nSecond paragraph.",
    )
    comment(post, "Synthetic Waiting Visitor", status=Comment.Status.PENDING)
    comment(post, "Synthetic Spam Visitor", status=Comment.Status.SPAM)
    comment(post, "Synthetic Rejected Visitor", status=Comment.Status.REJECTED)
    comment(PostFactory(), "Synthetic Other Post Visitor")
    return post


@pytest.mark.parametrize(("url_name", "version"), POST_FEEDS)
def test_post_comments_feed_has_its_approved_comments_newest_first(
    client, commented_post, url_name, version
):
    feed = parse(client, reverse(url_name, kwargs={"slug": commented_post.slug}), version)
    assert [entry.author for entry in feed.entries] == [
        "Synthetic ស្វាគមន៍ Visitor",
        "Synthetic Older Visitor",
    ]
    newest = feed.entries[0]
    assert newest.title == "Synthetic ស្វាគមន៍ Visitor on “Synthetic commented post”"
    assert "#comment-" in newest.link
    # The visitor's text arrives as text: the tag is escaped, not markup.
    assert "&lt;script&gt;" in newest.summary
    assert "<script>" not in newest.summary


def test_comments_feeds_never_carry_an_email_address(client, commented_post):
    for url_name, _version in POST_FEEDS:
        content = client.get(reverse(url_name, kwargs={"slug": commented_post.slug})).content
        assert b"older@example.invalid" not in content
    for url_name, _version in ALL_FEEDS:
        assert b"@example.invalid" not in client.get(reverse(url_name)).content


@pytest.mark.parametrize(
    "post_fields",
    [
        {"status": Post.Status.DRAFT, "published_at": None},
        {
            "status": Post.Status.SCHEDULED,
            "published_at": timezone.now() + datetime.timedelta(days=2),
        },
    ],
)
def test_a_post_not_public_has_no_comments_feed(client, post_fields):
    post = PostFactory(**post_fields)
    comment(post, "Synthetic Early Visitor")
    for url_name, _version in POST_FEEDS:
        assert client.get(reverse(url_name, kwargs={"slug": post.slug})).status_code == 404
    for url_name, _version in ALL_FEEDS:
        assert b"Synthetic Early Visitor" not in client.get(reverse(url_name)).content


@pytest.mark.parametrize(("url_name", "version"), ALL_FEEDS)
def test_all_comments_feed_has_approved_comments_on_every_public_post(
    client, commented_post, url_name, version
):
    feed = parse(client, reverse(url_name), version)
    authors = {entry.author for entry in feed.entries}
    assert authors == {
        "Synthetic Older Visitor",
        "Synthetic ស្វាគមន៍ Visitor",
        "Synthetic Other Post Visitor",
    }


def test_post_page_advertises_its_comments_feeds(client, commented_post):
    page = client.get(commented_post.get_absolute_url()).content.decode()
    rss = reverse("news:post-comments-feed-rss", kwargs={"slug": commented_post.slug})
    atom = reverse("news:post-comments-feed-atom", kwargs={"slug": commented_post.slug})
    head = page.split("</head>")[0]
    assert '<link rel="alternate" type="application/rss+xml" title="Comments on' in head
    assert f'href="{rss}"' in head
    assert f'href="{atom}"' in head


@pytest.mark.parametrize("url_name", [name for name, _version in POST_FEEDS + ALL_FEEDS])
def test_comments_feed_query_count_is_flat(client, assert_page_queries, url_name):
    post = PostFactory()
    kwargs = {"slug": post.slug} if "post-comments" in url_name else {}
    queries = 2 if kwargs else 1  # the post, then its comments; or the comments alone
    CommentFactory.create_batch(2, post=post, status=Comment.Status.APPROVED)
    assert_page_queries(client, reverse(url_name, kwargs=kwargs), queries)
    CommentFactory.create_batch(20, post=post, status=Comment.Status.APPROVED)
    assert_page_queries(client, reverse(url_name, kwargs=kwargs), queries)


@pytest.mark.parametrize(("url_name", "version"), ALL_FEEDS)
def test_comments_feed_writes_a_control_character_as_a_space(client, url_name, version):
    """A visitor's comment with a control character (the comment form takes it), once
    approved, made the comment feeds fail with a 500."""
    CommentFactory(
        name="Synthetic\x0bvisitor",
        text="Synthetic\x01comment",
        status=Comment.Status.APPROVED,
        post=PostFactory(title="Synthetic\x0bpost"),
    )
    feed = parse(client, reverse(url_name), version)
    [entry] = feed.entries
    assert entry.title == "Synthetic visitor on “Synthetic post”"
    assert "Synthetic comment" in entry.summary
