"""The news pages: list, category, post with its comments; bad input never gives a 500."""

import datetime
import logging
import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from news.models import Comment, Post
from news.services import COMMENT_RATE_LIMIT
from news.tests.factories import CategoryFactory, CommentFactory, PostFactory
from workshops.models import Workshop
from workshops.tests.factories import WorkshopFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("news:post-list")


def comment_data(**overrides):
    return {
        "name": "Synthetic Visitor",
        "email": "synthetic.visitor@example.invalid",
        "website": "",
        "text": "A synthetic comment typed by a visitor.",
        "homepage": "",
        **overrides,
    }


def comment_url(post):
    return reverse("news:comment-create", kwargs={"slug": post.slug})


def test_post_list_shows_public_posts_newest_first(client):
    older = PostFactory(title="Synthetic older post")
    newer = PostFactory(title="Synthetic newer post")
    PostFactory(title="Synthetic draft post", status=Post.Status.DRAFT, published_at=None)
    PostFactory(
        title="Synthetic future post",
        status=Post.Status.SCHEDULED,
        published_at=timezone.now() + datetime.timedelta(days=1),
    )
    page = client.get(LIST_URL).content.decode()
    assert page.index(newer.title) < page.index(older.title)
    assert "Synthetic draft post" not in page and "Synthetic future post" not in page


def test_post_list_is_paginated_ten_to_a_page(client):
    posts = PostFactory.create_batch(12)
    first = client.get(LIST_URL)
    second = client.get(LIST_URL, {"page": 2})
    assert len(first.context["posts"]) == 10 and len(second.context["posts"]) == 2
    assert posts[0].title in second.content.decode()
    assert "Page 1 of 2" in first.content.decode()


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999", "1.5", "9" * 40, "%00", "last[]"])
def test_post_list_malformed_page_answers_404_not_500(client, page):
    PostFactory.create_batch(3)
    assert client.get(LIST_URL, {"page": page}).status_code == 404
    category = CategoryFactory()
    assert client.get(category.get_absolute_url(), {"page": page}).status_code == 404


def test_post_list_empty_page_parameter_is_the_first_page(client):
    PostFactory()
    assert client.get(LIST_URL, {"page": ""}).status_code == 200


def test_post_list_says_so_when_nothing_is_published(client):
    assert "No news has been published yet." in client.get(LIST_URL).content.decode()


def test_post_list_advertises_both_feeds_in_the_head(client):
    page = client.get(LIST_URL).content.decode()
    head = page[: page.index("</head>")]
    assert (
        f'<link rel="alternate" type="application/rss+xml" title="SESN news (RSS)" '
        f'href="{reverse("news:post-feed-rss")}">' in head
    )
    assert 'type="application/atom+xml"' in head and reverse("news:post-feed-atom") in head


def test_category_page_shows_its_posts_and_advertises_its_feeds(client):
    category = CategoryFactory(name="Synthetic Asia", description="Synthetic description.")
    filed = PostFactory(title="Synthetic filed post", categories=[category])
    PostFactory(title="Synthetic other post")
    response = client.get(category.get_absolute_url())
    page = response.content.decode()
    assert "Filed under: Synthetic Asia" in page and "Synthetic description." in page
    assert filed.title in page and "Synthetic other post" not in page
    head = page[: page.index("</head>")]
    assert reverse("news:category-feed-rss", kwargs={"slug": category.slug}) in head
    assert reverse("news:category-feed-atom", kwargs={"slug": category.slug}) in head


@pytest.mark.parametrize(
    "url",
    [
        "/news/no-such-post/",
        "/news/category/no-such-category/",
        "/news/category/no-such-category/feed/rss/",
        "/news/category/no-such-category/feed/atom/",
    ],
)
def test_unknown_slugs_answer_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "post_values",
    [
        {"status": Post.Status.DRAFT, "published_at": None},
        {"status": Post.Status.SCHEDULED, "published_at": timezone.now() + datetime.timedelta(1)},
    ],
)
def test_draft_or_future_post_answers_404_to_the_public_and_shows_to_staff(
    editor_client, post_values
):
    hidden = PostFactory(**post_values)
    assert Client().get(hidden.get_absolute_url()).status_code == 404
    assert Client().post(comment_url(hidden), comment_data()).status_code == 404
    response = editor_client.get(hidden.get_absolute_url())
    assert response.status_code == 200
    assert "only staff can see this page" in response.content.decode()
    assert "Visitors can comment once the post is public." in response.content.decode()


def test_post_page_shows_body_author_categories_workshops_and_neighbours(client):
    category = CategoryFactory(name="Synthetic seaports")
    workshop = WorkshopFactory(title="Synthetic Workshop on Ports")
    hidden_workshop = WorkshopFactory(
        title="Synthetic Draft Workshop", status=Workshop.Status.DRAFT
    )
    previous = PostFactory(title="Synthetic previous post")
    post = PostFactory(
        body="## Synthetic heading\n\nSynthetic **body**.",
        categories=[category],
        workshops=[workshop, hidden_workshop],
        author__first_name="Synthetic",
        author__last_name="Writer",
    )
    following = PostFactory(title="Synthetic next post")
    page = client.get(post.get_absolute_url()).content.decode()
    assert "<h2>Synthetic heading</h2>" in page and "<strong>body</strong>" in page
    assert "by Synthetic Writer" in page
    assert f'Filed under: <a href="{category.get_absolute_url()}">Synthetic seaports</a>' in page
    assert f'<a href="{workshop.get_absolute_url()}">{workshop.full_title}</a>' in page
    assert "Synthetic Draft Workshop" not in page
    assert f'href="{previous.get_absolute_url()}" rel="prev"' in page
    assert f'href="{following.get_absolute_url()}" rel="next"' in page


def test_post_page_says_no_comments_yet_and_offers_the_form(client):
    page = client.get(PostFactory().get_absolute_url()).content.decode()
    assert "No comments yet." in page
    assert 'id="comment-form"' in page and 'name="csrfmiddlewaretoken"' in page
    # The honeypot is out of sight, for screen readers too.
    assert re.search(r'class="d-none"\s+aria-hidden="true">\s*<div id="div_id_homepage"', page)
    # The required fields' asterisks are explained, before the first of them.
    form = page[page.index('id="comment-form"') :]
    assert form.index("Fields marked * must be filled in.") < form.index('class="asteriskField"')


def test_post_page_shows_only_approved_comments_and_never_the_email(client):
    post = PostFactory()
    CommentFactory(
        post=post,
        status="approved",
        text="Synthetic approved text.",
        email="approved@example.invalid",
        website="https://example.invalid/site",
    )
    for status in ("pending", "rejected", "spam"):
        CommentFactory(post=post, status=status, text=f"Synthetic {status} text.")
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Synthetic approved text." in page and "No comments yet." not in page
    assert 'href="https://example.invalid/site" rel="nofollow ugc noopener noreferrer"' in page
    for status in ("pending", "rejected", "spam"):
        assert f"Synthetic {status} text." not in page
    assert "approved@example.invalid" not in page


def test_comment_is_stored_pending_and_invisible_until_approved(client):
    post = PostFactory()
    response = client.post(comment_url(post), comment_data(), follow=True)
    assert response.redirect_chain == [(f"{post.get_absolute_url()}#comments", 302)]
    page = response.content.decode()
    assert "It will appear here once the secretariat has approved it." in page
    assert "A synthetic comment typed by a visitor." not in page
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING

    comment.status = Comment.Status.APPROVED
    comment.save()
    page = client.get(post.get_absolute_url()).content.decode()
    assert "A synthetic comment typed by a visitor." in page
    assert "No comments yet." not in page


def test_comment_with_a_script_tag_shows_as_text(client):
    post = PostFactory()
    CommentFactory(
        post=post,
        status="approved",
        name="<b>Synthetic</b>",
        text="<script>alert('synthetic')</script>\nSecond line",
    )
    page = client.get(post.get_absolute_url()).content.decode()
    assert "<script>alert(" not in page
    assert "&lt;script&gt;alert(&#x27;synthetic&#x27;)&lt;/script&gt;<br>Second line" in page
    assert "&lt;b&gt;Synthetic&lt;/b&gt;" in page


def test_comment_honeypot_refuses_and_keeps_what_was_typed(client):
    post = PostFactory()
    response = client.post(comment_url(post), comment_data(homepage="http://bot.example.invalid"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "it looked as if it was sent automatically" in page
    assert "A synthetic comment typed by a visitor.</textarea>" in page
    assert 'value="Synthetic Visitor"' in page
    assert "bot.example.invalid" not in page  # the honeypot comes back empty
    assert Comment.objects.count() == 0


def test_comment_rate_limit_refuses_with_429_and_keeps_what_was_typed(client):
    post = PostFactory()
    for number in range(COMMENT_RATE_LIMIT):
        response = client.post(comment_url(post), comment_data(text=f"Synthetic {number}."))
        assert response.status_code == 302
    response = client.post(comment_url(post), comment_data(text="Synthetic sixth comment."))
    assert response.status_code == 429
    page = response.content.decode()
    assert "You have already posted 5 comments in the last 10 minutes." in page
    assert "Synthetic sixth comment.</textarea>" in page
    assert Comment.objects.count() == COMMENT_RATE_LIMIT
    other_address = Client(REMOTE_ADDR="192.0.2.99")
    assert other_address.post(comment_url(post), comment_data()).status_code == 302


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite lets one writer in at a time, so posts cannot race there: the PostgreSQL "
    "run of the suite (.ci/run) proves the limit holds for concurrent posts",
)
@pytest.mark.django_db(transaction=True)
def test_comment_rate_limit_holds_for_forty_posts_sent_at_once(caplog):
    caplog.set_level(logging.CRITICAL, logger="django.request")  # the 429s
    post = PostFactory()
    senders = 40
    start = threading.Barrier(senders)
    statuses = []

    def send(number):
        # Every sender from the same address.
        client = Client()
        start.wait()
        try:
            response = client.post(comment_url(post), comment_data(text=f"Synthetic {number}."))
            statuses.append(response.status_code)
        finally:
            connection.close()

    with ThreadPoolExecutor(senders) as pool:
        list(pool.map(send, range(senders)))
    assert sorted(statuses) == [302] * COMMENT_RATE_LIMIT + [429] * (senders - COMMENT_RATE_LIMIT)
    assert Comment.objects.count() == COMMENT_RATE_LIMIT


def test_comment_rate_limit_behind_a_proxy_counts_each_visitor_not_the_proxy(settings):
    settings.PROXY_HOPS = 1
    post = PostFactory()
    proxy = "10.0.0.5"  # every request reaches the portal from the proxy

    def from_visitor(visitor, claimed=""):
        forwarded = f"{claimed}, {visitor}" if claimed else visitor
        client = Client(REMOTE_ADDR=proxy, headers={"x-forwarded-for": forwarded})
        return client.post(comment_url(post), comment_data()).status_code

    for _ in range(COMMENT_RATE_LIMIT):
        assert from_visitor("198.51.100.7") == 302
    assert from_visitor("198.51.100.7") == 429
    # Another visitor behind the same proxy is not held back by the first one's comments,
    assert from_visitor("203.0.113.20") == 302
    # and an address the first visitor invents in front of the proxy's entry changes nothing.
    assert from_visitor("198.51.100.7", claimed="192.0.2.1") == 429


def test_without_proxy_hops_a_forwarded_for_header_is_not_believed(settings):
    settings.PROXY_HOPS = 0
    post = PostFactory()
    for number in range(COMMENT_RATE_LIMIT + 1):
        client = Client(headers={"x-forwarded-for": f"192.0.2.{number}"})
        status = client.post(comment_url(post), comment_data()).status_code
    assert status == 429


def test_comment_with_many_links_is_held_as_likely_spam(client):
    post = PostFactory()
    links = " ".join(f"https://example.invalid/{n}" for n in range(4))
    client.post(comment_url(post), comment_data(text=f"Synthetic offers {links}"))
    comment = Comment.objects.get()
    assert comment.likely_spam and comment.status == Comment.Status.PENDING


def test_comment_invalid_fields_are_explained_and_kept(client):
    post = PostFactory()
    response = client.post(
        comment_url(post),
        comment_data(email="not-an-address", website="javascript:alert(1)", text="x" * 3001),
    )
    assert response.status_code == 400
    form = response.context["comment_form"]
    assert set(form.errors) == {"email", "website", "text"}
    assert 'value="not-an-address"' in response.content.decode()
    assert Comment.objects.count() == 0


def test_comment_on_a_closed_post_is_refused_and_the_page_says_closed(client):
    post = PostFactory(comments_open=False)
    assert (
        "Comments are closed on this post." in client.get(post.get_absolute_url()).content.decode()
    )
    assert 'id="comment-form"' not in client.get(post.get_absolute_url()).content.decode()
    response = client.post(comment_url(post), comment_data())
    assert response.status_code == 403
    assert "Comments are closed on this post." in response.content.decode()
    assert "A synthetic comment typed by a visitor.</textarea>" in response.content.decode()
    assert Comment.objects.count() == 0


def test_comment_url_refuses_get(client):
    assert client.get(comment_url(PostFactory())).status_code == 405


def test_comment_without_csrf_token_is_refused():
    post = PostFactory()
    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post(comment_url(post), comment_data(text="Synthetic <b>words</b>."))
    assert response.status_code == 403
    assert Comment.objects.count() == 0
    # Said in the site's layout, with what the person typed to copy (as text).
    page = response.content.decode()
    assert "Your form was not sent" in page and 'id="main"' in page
    assert "Synthetic &lt;b&gt;words&lt;/b&gt;.</textarea>" in page

    # With the token from the page's form, the same comment goes through.
    page = csrf_client.get(post.get_absolute_url())
    token = page.context["csrf_token"]
    response = csrf_client.post(comment_url(post), comment_data(csrfmiddlewaretoken=str(token)))
    assert response.status_code == 302
    assert Comment.objects.count() == 1


def test_post_list_query_count_is_pinned_at_two_sizes(client, assert_page_queries):
    category = CategoryFactory()
    PostFactory.create_batch(2, categories=[category])
    assert_page_queries(client, LIST_URL, 4)
    PostFactory.create_batch(8, categories=[category, CategoryFactory()])
    assert_page_queries(client, LIST_URL, 4)


def test_category_page_query_count_is_pinned_at_two_sizes(client, assert_page_queries):
    category = CategoryFactory()
    PostFactory.create_batch(2, categories=[category])
    assert_page_queries(client, category.get_absolute_url(), 4)
    PostFactory.create_batch(8, categories=[category, CategoryFactory()])
    assert_page_queries(client, category.get_absolute_url(), 4)


def test_post_page_query_count_is_pinned_at_two_sizes(client, assert_page_queries):
    post = PostFactory(categories=[CategoryFactory()], workshops=[WorkshopFactory()])
    CommentFactory.create_batch(2, post=post, status="approved")
    assert_page_queries(client, post.get_absolute_url(), 6)
    CommentFactory.create_batch(10, post=post, status="approved")
    post.categories.add(CategoryFactory())
    post.workshops.add(WorkshopFactory())
    assert_page_queries(client, post.get_absolute_url(), 6)


def test_workshop_posts_partial_lists_the_public_posts_about_a_workshop():
    workshop = WorkshopFactory()
    PostFactory(title="Synthetic report on the workshop", workshops=[workshop])
    PostFactory(title="Synthetic draft", workshops=[workshop], status="draft", published_at=None)
    html = render_to_string(
        "news/includes/_workshop_posts.html", {"posts": Post.objects.about_workshop(workshop)}
    )
    assert "News about this workshop" in html
    assert "Synthetic report on the workshop" in html and "Synthetic draft" not in html


def test_workshop_posts_partial_shows_nothing_without_posts():
    html = render_to_string(
        "news/includes/_workshop_posts.html",
        {"posts": Post.objects.about_workshop(WorkshopFactory())},
    )
    assert html.strip() == ""


def test_site_search_finds_the_seed_post_under_news(client, seed_post):
    page = client.get(reverse("search"), {"q": "Siem Reap"}).content.decode()
    news_section = page[page.index(">News<") :]
    assert seed_post.title in news_section
    assert seed_post.get_absolute_url() in news_section


def test_news_list_searches_and_site_search_leads_to_every_matching_post(client):
    for number in range(12):
        PostFactory(title=f"Synthetic port inspection news {number}")
    PostFactory(title="Synthetic unrelated news")
    search = client.get(reverse("search"), {"q": "inspection"}).content.decode()
    news_section = search[search.index(">News<") :]
    assert ">10+<" in news_section
    assert f'href="{reverse("news:post-list")}?q=inspection"' in news_section

    listed = client.get(reverse("news:post-list"), {"q": "inspection"})
    assert listed.context["paginator"].count == 12
    page = listed.content.decode()
    assert "12 posts matching “inspection”" in page
    assert "Synthetic unrelated news" not in page
    assert "?q=inspection&amp;page=2" in page
    nothing = client.get(reverse("news:post-list"), {"q": "zzzz"}).content.decode()
    assert "No post matches your search." in nothing


def test_workshop_page_lists_the_posts_about_it(client, seed_post):
    workshop = seed_post.workshops.get()
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert "News about this workshop" in page
    assert f'href="{seed_post.get_absolute_url()}"' in page


def test_workshop_page_leaves_out_draft_posts(client, seed_post):
    workshop = seed_post.workshops.get()
    seed_post.status = "draft"
    seed_post.save()
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert "News about this workshop" not in page


def test_news_pages_have_one_breadcrumb_trail_from_home(client, seed_post):
    category = seed_post.categories.first()
    for url in (
        reverse("news:post-list"),
        seed_post.get_absolute_url(),
        category.get_absolute_url(),
    ):
        page = client.get(url).content.decode()
        assert page.count('aria-label="Breadcrumb"') == 1, url
        trail = page[page.index('aria-label="Breadcrumb"') : page.index("</ol>")]
        assert f'href="{reverse("home")}"' in trail, url


def test_sitemap_lists_the_category_pages(client):
    CategoryFactory(slug="synthetic-ports")
    sitemap = client.get("/sitemap-news-categories.xml").content.decode()
    assert "/news/category/synthetic-ports/" in sitemap


def test_post_names_a_related_workshop_known_to_the_month_by_its_month(client):
    workshop = WorkshopFactory(
        start_date=datetime.date(2009, 6, 1),
        end_date=datetime.date(2009, 6, 1),
        date_precision="month",
    )
    post = PostFactory()
    post.workshops.add(workshop)
    page = client.get(post.get_absolute_url()).content.decode()
    assert f"{workshop.full_title}</a>, June 2009," in page
    assert "1 June 2009" not in page


def test_changed_slugs_of_posts_and_categories_redirect_permanently(client):
    post = PostFactory(slug="synthetic-old-post")
    category = CategoryFactory(slug="synthetic-old-category")
    post.categories.add(category)
    post.slug, category.slug = "synthetic-new-post", "synthetic-new-category"
    post.save()
    category.save()
    for old, new in [
        ("/news/synthetic-old-post/", "/news/synthetic-new-post/"),
        ("/news/category/synthetic-old-category/", "/news/category/synthetic-new-category/"),
        (
            "/news/category/synthetic-old-category/feed/atom/",
            "/news/category/synthetic-new-category/feed/atom/",
        ),
    ]:
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new), old


def test_an_old_slug_of_a_draft_post_answers_404_to_the_public(client):
    post = PostFactory(slug="synthetic-old-draft", status=Post.Status.DRAFT, published_at=None)
    post.slug = "synthetic-new-draft"
    post.save()
    assert client.get("/news/synthetic-old-draft/").status_code == 404
