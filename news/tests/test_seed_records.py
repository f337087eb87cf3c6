"""The seed post is the source document's article, word for word, without the blog's chrome."""

import datetime
import re
from html import unescape

import pytest
from django.conf import settings
from django.core.management import call_command

from core.models import SeedLoad
from news.models import Category, Post
from news.seed_records import POST_SLUG

pytestmark = pytest.mark.django_db

SOURCE = settings.SESN_SOURCES_DIR / "000_f24b0c148533ab4d.txt"
BLOG_CHROME = [
    "Leave a Comment",
    "RSS feed for comments",
    "TrackBack",
    "Leave a Reply",
    "Fill in your details below",
    "Log Out",
    "Google+",
    "Twitter",
    "Facebook",
    "Connecting to",
    "Create a free website",
]


def fold(text):
    return re.sub(r"\s+", " ", text).strip()


def source_article_lines():
    """The article's lines in the source: after the "Filed under" line, before the chrome."""
    text = SOURCE.read_text(encoding="utf-8")
    article = text.split("— inece @ 9:30 pm", 1)[1].split("Leave a Comment »", 1)[0]
    lines = [re.sub(r"^\s*(•|\d+\.)\s*", "", line) for line in article.splitlines()]
    return [fold(line) for line in lines if line.strip()]


def rendered_lines(post):
    """The post's body as a reader sees it: one line per block, tags removed."""
    html = re.sub(r"</(p|li|h\d)>", "\n", post.body_html)
    return [
        fold(unescape(line)) for line in re.sub(r"<[^>]+>", "", html).splitlines() if line.strip()
    ]


def test_seed_post_title_date_author_and_categories_match_the_source(seed_post):
    assert seed_post.title == (
        "2nd Seaports Workshop Results in Call to Action on Enforcement Cooperation"
    )
    assert seed_post.title in fold(SOURCE.read_text(encoding="utf-8"))
    # "December 14, 2010 ... 9:30 pm"; the blog's zone is not stated and is read as UTC.
    assert seed_post.published_at == datetime.datetime(2010, 12, 14, 21, 30, tzinfo=datetime.UTC)
    assert seed_post.is_public and seed_post.comments_open
    assert seed_post.author.username == "inece" and seed_post.author.is_staff
    assert not seed_post.author.has_usable_password()
    assert seed_post.author_name == "inece"  # no person is named by the source
    assert sorted(seed_post.categories.values_list("name", flat=True)) == [
        "Asia",
        "INECE Secretariat",
        "seaports",
    ]


def test_seed_post_links_the_2nd_workshop(client, seed_post):
    assert list(seed_post.workshops.values_list("slug", flat=True)) == [
        "2nd-workshop-2010-siem-reap"
    ]
    page = client.get(seed_post.get_absolute_url()).content.decode()
    assert 'href="/workshops/2nd-workshop-2010-siem-reap/"' in page


def test_seed_post_body_is_the_articles_text_word_for_word(seed_post):
    source = fold(SOURCE.read_text(encoding="utf-8"))
    shown = rendered_lines(seed_post)
    for line in shown:
        assert line in source, line
    assert shown == source_article_lines()


def test_seed_post_body_has_none_of_the_blogs_chrome(client, seed_post):
    page = client.get(seed_post.get_absolute_url()).content.decode()
    body = seed_post.body_html
    for chrome in BLOG_CHROME:
        assert chrome not in body, chrome
        assert chrome not in page, chrome
    assert "No comments yet." not in body  # the portal's own comments say it, not the body


def test_seed_post_invents_no_link_address(seed_post):
    # The source's "[pdf]" and "Visit ... for more information" lost their addresses.
    assert "href" not in seed_post.body_html
    assert "[pdf] is available online. Visit for more information" in rendered_lines(seed_post)[3]


def test_seed_command_loads_the_post_once_and_changes_nothing_the_second_time():
    call_command("load_seed_records")
    records = [Post, Category, Post.categories.through, Post.workshops.through]
    before = [sorted(model.objects.values_list()) for model in records]
    call_command("load_seed_records")
    assert [sorted(model.objects.values_list()) for model in records] == before
    assert Post.objects.filter(slug=POST_SLUG).count() == 1


def test_seed_command_never_overwrites_a_staff_edit(seed_post):
    seed_post.title = "Corrected by staff"
    seed_post.comments_open = False
    seed_post.save()
    seed_post.categories.set([Category.objects.get(slug="asia")])
    Category.objects.filter(slug="seaports").update(description="Described by staff.")

    call_command("load_seed_records")

    seed_post.refresh_from_db()
    assert seed_post.title == "Corrected by staff" and not seed_post.comments_open
    assert list(seed_post.categories.values_list("slug", flat=True)) == ["asia"]
    assert Category.objects.get(slug="seaports").description == "Described by staff."


def test_seed_command_loads_the_post_into_a_database_that_has_only_the_workshop_records(
    seed_records,
):
    # A database seeded before the news post was part of the seed.
    assert list(SeedLoad.objects.values_list("part", flat=True)) == ["workshops"]
    workshop_records = seed_records.updated

    call_command("load_seed_records")

    post = Post.objects.get(slug=POST_SLUG)
    assert post.is_public
    assert list(post.workshops.all()) == [seed_records]
    assert sorted(SeedLoad.objects.values_list("part", "outcome")) == [
        ("news", "loaded"),
        ("workshops", "loaded"),
    ]
    seed_records.refresh_from_db()
    assert seed_records.updated == workshop_records
