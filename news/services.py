"""Writes to news posts and comments that carry rules or side effects."""

import datetime
import hashlib
import re

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import Comment, CommentRateWindow, Post

# Abuse limits for visitors' comments.
COMMENT_RATE_LIMIT = 5  # comments per address ...
COMMENT_RATE_WINDOW_SECONDS = 10 * 60  # ... in this many seconds
COMMENT_MAX_LINKS = 2  # more links than this and the comment is held as likely spam

# One match per link, however it is written: an HTML anchor, a Markdown link, any scheme's
# URL (http, https, ftp, ...), a protocol-relative //host.tld, or a bare www.host.
LINK_PATTERN = re.compile(
    r"""<a\b[^>]*>
      | \[[^\]]*\]\([^)]*\)
      | \b[a-z][a-z0-9+.-]*://[^\s<>"'()\[\],]*
      | (?<![\w:/])//[\w-]+(?:\.[\w-]+)+[^\s<>"'()\[\],]*
      | \bwww\.[^\s<>"'()\[\],]*""",
    re.IGNORECASE | re.VERBOSE,
)


class CommentRefused(Exception):
    """A comment the portal will not store; `message` says why, for the person who wrote it."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class CommentsClosed(CommentRefused):
    pass


class CommentRateLimited(CommentRefused):
    pass


def _address_hash(address):
    # Hashed so that the database never holds visitors' IP addresses in clear.
    return hashlib.sha256(address.encode()).hexdigest()


def _comment_rate_count(address, now):
    """Count one comment against `address`'s limit; False (counting nothing) when the address
    has already posted COMMENT_RATE_LIMIT comments in its window. Call it inside a transaction.

    Atomic on both databases, however many posts arrive at once: the row is created if missing
    (INSERT ... ON CONFLICT DO NOTHING), a closed window reopened, and the count raised only
    while under the limit, in one conditional UPDATE each. PostgreSQL holds the row locked
    until commit and re-checks the conditions of a waiting UPDATE; SQLite lets one writer in
    at a time, and the INSERT comes first so that the transaction takes the write lock before
    it reads anything.
    """
    address_hash = _address_hash(address)
    windows = CommentRateWindow.objects.filter(address_hash=address_hash)
    cutoff = now - datetime.timedelta(seconds=COMMENT_RATE_WINDOW_SECONDS)
    # Twice if another post's clean-up (in comment_post) deleted a closed window meanwhile.
    for _attempt in range(2):
        CommentRateWindow.objects.bulk_create(
            [CommentRateWindow(address_hash=address_hash, opened=now)], ignore_conflicts=True
        )
        windows.filter(opened__lte=cutoff).update(opened=now, comments=0)
        if windows.filter(comments__lt=COMMENT_RATE_LIMIT).update(comments=F("comments") + 1):
            return True
        if windows.exists():
            return False
    return False


def _comment_rate_windows_delete_closed(now):
    """Delete the windows that have closed, so that no address's hash is kept longer than its
    window. Rows that another post holds locked are left for a later post: waiting for them
    could deadlock two posts on PostgreSQL (SQLite has one writer at a time anyway)."""
    cutoff = now - datetime.timedelta(seconds=COMMENT_RATE_WINDOW_SECONDS)
    closed = CommentRateWindow.objects.filter(opened__lte=cutoff).select_for_update(
        skip_locked=True
    )
    CommentRateWindow.objects.filter(pk__in=closed.values("pk")).delete()


def comment_post(
    *, post: Post, name: str, email: str, text: str, website: str = "", address: str
) -> Comment:
    """Store a visitor's comment on a public post, waiting for moderation.

    Refuses (raises `CommentsClosed` or `CommentRateLimited`, storing nothing) when the post is
    not public or its comments are closed, or when `address` has already posted
    COMMENT_RATE_LIMIT comments in the COMMENT_RATE_WINDOW_SECONDS since its first one. A
    comment with more than COMMENT_MAX_LINKS links is stored flagged `likely_spam`. Counts the
    comment against the address's limit (a `CommentRateWindow`) and deletes the windows that
    have closed, in the transaction that stores the comment.
    """
    if not (post.is_public and post.comments_open):
        raise CommentsClosed("Comments are closed on this post.")
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
    now = timezone.now()
    with transaction.atomic():
        if not _comment_rate_count(address, now):
            raise CommentRateLimited(
                f"You have already posted {COMMENT_RATE_LIMIT} comments in the last "
                f"{COMMENT_RATE_WINDOW_SECONDS // 60} minutes. Please wait a few minutes and "
                "send it again: your comment is kept below."
            )
        comment.save()
        _comment_rate_windows_delete_closed(now)
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
