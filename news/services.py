"""Writes to news posts and comments that carry rules or side effects."""

import hashlib
import re

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from .models import Comment, Post

# Abuse limits for visitors' comments.
COMMENT_RATE_LIMIT = 5  # comments per address ...
COMMENT_RATE_WINDOW_SECONDS = 10 * 60  # ... in this many seconds
COMMENT_MAX_LINKS = 2  # more links than this and the comment is held as likely spam

LINK_PATTERN = re.compile(r"https?://|www\.", re.IGNORECASE)


class CommentRefused(Exception):
    """A comment the portal will not store; `message` says why, for the person who wrote it."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class CommentsClosed(CommentRefused):
    pass


class CommentRateLimited(CommentRefused):
    pass


def _rate_key(address):
    # The address is hashed so that the cache never holds visitors' IP addresses in clear.
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"news:comment-rate:{digest}"


def comment_post(
    *, post: Post, name: str, email: str, text: str, website: str = "", address: str
) -> Comment:
    """Store a visitor's comment on a public post, waiting for moderation.

    Refuses (raises `CommentsClosed` or `CommentRateLimited`, storing nothing) when the post is
    not public or its comments are closed, or when `address` has already posted
    COMMENT_RATE_LIMIT comments in the last COMMENT_RATE_WINDOW_SECONDS. A comment with more than
    COMMENT_MAX_LINKS links is stored flagged `likely_spam`. Counts the comment against the
    address's limit in the cache.
    """
    if not (post.is_public and post.comments_open):
        raise CommentsClosed("Comments are closed on this post.")
    key = _rate_key(address)
    if cache.get(key, 0) >= COMMENT_RATE_LIMIT:
        raise CommentRateLimited(
            f"You have already posted {COMMENT_RATE_LIMIT} comments in the last "
            f"{COMMENT_RATE_WINDOW_SECONDS // 60} minutes. Please wait a few minutes and send "
            "it again: your comment is kept below."
        )
    comment = Comment(
        post=post,
        name=name,
        email=email,
        website=website,
        text=text,
        status=Comment.Status.PENDING,
        likely_spam=len(LINK_PATTERN.findall(f"{text} {name}")) > COMMENT_MAX_LINKS,
    )
    comment.full_clean()
    with transaction.atomic():
        comment.save()
    # The window starts with the address's first comment; add() does nothing if it exists.
    cache.add(key, 0, timeout=COMMENT_RATE_WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=COMMENT_RATE_WINDOW_SECONDS)
    return comment


@transaction.atomic
def comments_moderate(*, comments, status: str, moderator) -> int:
    """Give each comment staff's decision (approved, rejected, spam); returns how many changed.

    Records who decided and when. Each comment is saved on its own so that its history keeps
    the change.
    """
    if status not in Comment.Status.values:
        raise ValueError(f"Unknown comment status: {status!r}")
    changed = 0
    for comment in comments:
        if comment.status == status:
            continue
        comment.status = status
        comment.moderated_by = moderator
        comment.moderated_at = timezone.now()
        comment.full_clean()
        comment.save()
        changed += 1
    return changed


@transaction.atomic
def posts_set_comments_open(*, posts, comments_open: bool) -> int:
    """Open or close comments on each post; returns how many changed. Comments already
    posted stay as they are."""
    changed = 0
    for post in posts:
        if post.comments_open == comments_open:
            continue
        post.comments_open = comments_open
        post.save(update_fields=["comments_open", "updated"])
        changed += 1
    return changed


@transaction.atomic
def post_publish(*, post: Post) -> Post:
    """Make a post public now, unless it already has a publication time in the past."""
    post.status = Post.Status.PUBLISHED
    if post.published_at is None or post.published_at > timezone.now():
        post.published_at = timezone.now()
    post.full_clean()
    post.save()
    return post
