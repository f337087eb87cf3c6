"""RSS 2.0 and Atom feeds of the public posts: all of them, and one category's."""

import re

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from .models import Category, Post

FEED_SIZE = 20
NETWORK = "INECE Seaport Environmental Security Network (SESN)"
# A link or image of the portal's own in a post's body: href="/..." or src="/..." (the
# sanitiser allows no other relative form).
_SITE_RELATIVE = re.compile(r'\b(href|src)="/(?!/)')


def with_absolute_links(html, origin):
    """`html` with the portal's own links and images made absolute: a feed reader shows the
    body away from the portal."""
    return _SITE_RELATIVE.sub(lambda match: f'{match[1]}="{origin}/', html)


class PostsFeed(Feed):
    """RSS 2.0 feed of every public post, newest first."""

    feed_type = Rss201rev2Feed
    title = f"News from the {NETWORK}"
    description = f"News posts of the {NETWORK}."
    language = "en"

    def link(self):
        return reverse("news:post-list")

    def feed_url(self):
        return reverse("news:post-feed-rss")

    def items(self):
        return Post.objects.published().for_list()[:FEED_SIZE]

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        origin = request.build_absolute_uri("/").rstrip("/")
        for item in feed.items:
            item["description"] = with_absolute_links(item["description"], origin)
        return feed

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        return post.body_html

    def item_link(self, post):
        return post.get_absolute_url()

    def item_pubdate(self, post):
        return post.published_at

    def item_updateddate(self, post):
        # Atom needs an <updated>; the record's own `updated` also moves when comments are
        # closed, which would make readers show an old post as new.
        return post.published_at

    def item_author_name(self, post):
        return post.author_name

    def item_categories(self, post):
        return [category.name for category in post.categories.all()]


class PostsAtomFeed(PostsFeed):
    """Atom feed of every public post, newest first."""

    feed_type = Atom1Feed
    subtitle = PostsFeed.description

    def feed_url(self):
        return reverse("news:post-feed-atom")


class CategoryPostsFeed(PostsFeed):
    """RSS 2.0 feed of one category's public posts."""

    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def title(self, category):
        return f"{category.name}: news from the {NETWORK}"

    def description(self, category):
        return category.description or f"News posts filed under “{category.name}”."

    def link(self, category):
        return category.get_absolute_url()

    def feed_url(self, category):
        return reverse("news:category-feed-rss", kwargs={"slug": category.slug})

    def items(self, category):
        return Post.objects.published().in_category(category).for_list()[:FEED_SIZE]


class CategoryPostsAtomFeed(CategoryPostsFeed):
    """Atom feed of one category's public posts."""

    feed_type = Atom1Feed

    def subtitle(self, category):
        return self.description(category)

    def feed_url(self, category):
        return reverse("news:category-feed-atom", kwargs={"slug": category.slug})
