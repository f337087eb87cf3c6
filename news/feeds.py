"""RSS 2.0 and Atom feeds of the public posts (all of them, and one category's) and of their
approved comments (one post's, and every post's)."""

import re

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import linebreaks

from core.text import xml_safe

from .models import Category, Comment, Post

FEED_SIZE = 20
NETWORK = "INECE Seaport Environmental Security Network (SESN)"
# A link or image of the portal's own in a post's body: href="/..." or src="/..." (the
# sanitiser allows no other relative form).
_SITE_RELATIVE = re.compile(r'\b(href|src)="/(?!/)')


def with_absolute_links(html, origin):
    """`html` with the portal's own links and images made absolute: a feed reader shows the
    body away from the portal."""
    return _SITE_RELATIVE.sub(lambda match: f'{match[1]}="{origin}/', html)


class XmlSafeFeed(Feed):
    """A feed that writes a character XML cannot hold (a control character pasted into a
    post or typed into a comment) as a space: Django's feed writer refuses it with a 500."""

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        for values in (feed.feed, *feed.items):
            for key, value in values.items():
                if isinstance(value, list | tuple):
                    values[key] = [xml_safe(part) for part in value]
                else:
                    values[key] = xml_safe(value)
        return feed


class PostsFeed(XmlSafeFeed):
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


COMMENTS_FEED_SIZE = 50


class PostCommentsFeed(XmlSafeFeed):
    """RSS 2.0 feed of one public post's approved comments, newest first: as the network's
    original blog offered under each post. The commenter's name only, never the email."""

    feed_type = Rss201rev2Feed
    language = "en"

    def get_object(self, request, slug):
        return get_object_or_404(Post.objects.published(), slug=slug)

    def title(self, post):
        return f"Comments on “{post.title}”"

    def description(self, post):
        return f"Approved comments on a news post of the {NETWORK}."

    def link(self, post):
        return f"{post.get_absolute_url()}#comments"

    def feed_url(self, post):
        return reverse("news:post-comments-feed-rss", kwargs={"slug": post.slug})

    def items(self, post):
        return (
            post.comments.approved()
            .select_related("post")
            .order_by("-created", "-pk")[:COMMENTS_FEED_SIZE]
        )

    def item_title(self, comment):
        return f"{comment.name} on “{comment.post.title}”"

    def item_description(self, comment):
        # Plain text as the page shows it: escaped, its paragraphs kept. A reader takes the
        # description as HTML, so markup a visitor typed must arrive as text.
        return linebreaks(comment.text, autoescape=True)

    def item_link(self, comment):
        return f"{comment.post.get_absolute_url()}#comment-{comment.pk}"

    def item_pubdate(self, comment):
        return comment.created

    def item_updateddate(self, comment):
        return comment.created

    def item_author_name(self, comment):
        return comment.name


class PostCommentsAtomFeed(PostCommentsFeed):
    """Atom feed of one public post's approved comments."""

    feed_type = Atom1Feed

    def subtitle(self, post):
        return self.description(post)

    def feed_url(self, post):
        return reverse("news:post-comments-feed-atom", kwargs={"slug": post.slug})


class CommentsFeed(PostCommentsFeed):
    """RSS 2.0 feed of the approved comments on every public post, newest first: for the
    secretariat's moderators to follow what appears on the site."""

    title = f"Comments on the news of the {NETWORK}"
    description = "Approved comments on every public news post, newest first."

    def get_object(self, request):
        return None

    def link(self):
        return reverse("news:post-list")

    def feed_url(self):
        return reverse("news:comments-feed-rss")

    def items(self):
        return (
            Comment.objects.approved()
            .filter(post__in=Post.objects.published())
            .select_related("post")
            .order_by("-created", "-pk")[:COMMENTS_FEED_SIZE]
        )


class CommentsAtomFeed(CommentsFeed):
    """Atom feed of the approved comments on every public post."""

    feed_type = Atom1Feed
    subtitle = CommentsFeed.description

    def feed_url(self):
        return reverse("news:comments-feed-atom")
