"""RSS 2.0 and Atom feeds, all posts and per category, read back with a real feed parser."""

import datetime

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from news.models import Post
from news.tests.factories import CategoryFactory, PostFactory, StaffUserFactory

pytestmark = pytest.mark.django_db

FEEDS = [
    ("news:post-feed-rss", "rss20", "application/rss+xml"),
    ("news:post-feed-atom", "atom10", "application/atom+xml"),
]


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


@pytest.fixture
def posts():
    category = CategoryFactory(name="Synthetic seaports", slug="synthetic-seaports")
    older = PostFactory(
        title="Synthetic older post",
        published_at=datetime.datetime(2011, 3, 4, 10, 0, tzinfo=datetime.UTC),
        body="Synthetic **older** body.<script>alert(1)</script>",
        categories=[category, CategoryFactory(name="Synthetic Asia")],
        author=StaffUserFactory(first_name="Synthetic", last_name="Writer"),
    )
    newer = PostFactory(
        title="Synthetic newer post",
        published_at=datetime.datetime(2012, 5, 6, 11, 30, tzinfo=datetime.UTC),
    )
    PostFactory(title="Synthetic draft", status=Post.Status.DRAFT, published_at=None)
    PostFactory(
        title="Synthetic future",
        status=Post.Status.SCHEDULED,
        published_at=timezone.now() + datetime.timedelta(days=3),
    )
    return category, older, newer


@pytest.mark.parametrize(("url_name", "version", "content_type"), FEEDS)
def test_feed_lists_public_posts_newest_first_with_absolute_links(
    client, posts, url_name, version, content_type
):
    _, older, newer = posts
    response, feed = parse(client, reverse(url_name))
    assert response["Content-Type"].startswith(content_type)
    assert feed.version == version
    assert feed.feed.title == "News from the INECE Seaport Environmental Security Network (SESN)"
    assert feed.feed.link == "http://testserver/news/"
    assert [entry.title for entry in feed.entries] == [newer.title, older.title]
    assert feed.entries[1].link == f"http://testserver{older.get_absolute_url()}"


@pytest.mark.parametrize(("url_name", "version", "content_type"), FEEDS)
def test_feed_entry_has_date_categories_author_and_sanitised_body(
    client, posts, url_name, version, content_type
):
    _, older, _ = posts
    _, feed = parse(client, reverse(url_name))
    entry = feed.entries[1]
    assert entry.published_parsed[:5] == (2011, 3, 4, 10, 0)
    assert {tag.term for tag in entry.tags} == {"Synthetic seaports", "Synthetic Asia"}
    assert entry.author == "Synthetic Writer"
    assert "<strong>older</strong>" in entry.summary
    assert "script" not in entry.summary and "alert" not in entry.summary


@pytest.mark.parametrize(
    ("url_name", "version"),
    [("news:category-feed-rss", "rss20"), ("news:category-feed-atom", "atom10")],
)
def test_category_feed_lists_only_that_categorys_posts(client, posts, url_name, version):
    category, older, _ = posts
    _, feed = parse(client, reverse(url_name, kwargs={"slug": category.slug}))
    assert feed.version == version
    assert feed.feed.title.startswith("Synthetic seaports: news from the INECE")
    assert feed.feed.link == "http://testserver/news/category/synthetic-seaports/"
    assert [entry.title for entry in feed.entries] == [older.title]


@pytest.mark.parametrize(
    ("url_name", "queries"),
    [
        ("news:post-feed-rss", 2),
        ("news:post-feed-atom", 2),
        ("news:category-feed-rss", 3),
        ("news:category-feed-atom", 3),
    ],
)
def test_feed_query_count_is_pinned_at_two_sizes(client, assert_page_queries, url_name, queries):
    category = CategoryFactory()
    kwargs = {"slug": category.slug} if url_name.startswith("news:category") else {}
    PostFactory.create_batch(2, categories=[category])
    assert_page_queries(client, reverse(url_name, kwargs=kwargs), queries)
    PostFactory.create_batch(8, categories=[category, CategoryFactory()])
    assert_page_queries(client, reverse(url_name, kwargs=kwargs), queries)


def test_seed_post_in_the_feeds(client, seed_post):
    for url_name, _, _ in FEEDS:
        _, feed = parse(client, reverse(url_name))
        (entry,) = feed.entries
        assert entry.title == seed_post.title
        assert entry.published_parsed[:3] == (2010, 12, 14)
        assert {tag.term for tag in entry.tags} == {"Asia", "INECE Secretariat", "seaports"}
        assert entry.author == "inece"
        assert "47 participants" in entry.summary


@pytest.mark.parametrize("url_name", ["news:post-feed-rss", "news:post-feed-atom"])
def test_feed_bodies_carry_absolute_links_and_images(client, url_name):
    # Checked in the feed's own text: feedparser would make relative links absolute itself,
    # other readers do not.
    PostFactory(
        body="See [the workshops](/workshops/) and ![A synthetic photograph](/media/news/a.png); "
        "elsewhere: [INECE](https://inece.example.invalid/)."
    )
    text = client.get(reverse(url_name)).content.decode()
    assert "http://testserver/workshops/" in text
    assert "http://testserver/media/news/a.png" in text
    assert "https://inece.example.invalid/" in text
    assert '="/workshops/' not in text.replace("&quot;", '"')
    assert '="/media/' not in text.replace("&quot;", '"')


@pytest.mark.parametrize(("url_name", "version", "content_type"), FEEDS)
def test_feed_writes_a_control_character_as_a_space(client, url_name, version, content_type):
    """A word processor's line break (\x0b) pasted into a post's title or body made Django's
    feed writer fail ("Control characters are not supported in XML 1.0"): a 500."""
    category = CategoryFactory(name="Synthetic\x0cports")
    PostFactory(
        title="Synthetic\x0bline post", body="Synthetic\x0bline body.", categories=[category]
    )
    _, feed = parse(client, reverse(url_name))
    [entry] = feed.entries
    assert entry.title == "Synthetic line post"
    assert "Synthetic line body." in entry.summary
    assert [tag.term for tag in entry.tags] == ["Synthetic ports"]
