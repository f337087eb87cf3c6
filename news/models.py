from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, URLValidator
from django.db import models
from django.db.models import F, Func, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from core.models import SluggedModel, TimestampedModel
from core.permissions import may_see_unpublished
from core.search import matching
from workshops.models import SLUG_HELP, Workshop

from .rendering import markdown_to_safe_html

COMMENT_MAX_LENGTH = 3000


class Category(SluggedModel, TimestampedModel):
    """What a post is "filed under": Asia, INECE Secretariat, seaports."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=120, unique=True, blank=True, help_text=SLUG_HELP)
    description = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("news:category-detail", kwargs={"slug": self.slug})


class PostQuerySet(models.QuerySet):
    def published(self):
        """Posts the public may see: published or scheduled, once their time has come."""
        return self.exclude(status=Post.Status.DRAFT).filter(published_at__lte=timezone.now())

    def next_publication_after(self, moment):
        """When the first post not yet public at `moment` appears by itself (a scheduled
        post's time), or None: the records version moves on then (core/records_version.py)."""
        return (
            self.exclude(status=Post.Status.DRAFT)
            .filter(published_at__gt=moment)
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )

    def visible_to(self, user):
        """Who may view posts in the admin sees drafts and scheduled posts too; everyone else
        only what is public."""
        if may_see_unpublished(user, Post):
            return self
        return self.published()

    def for_list(self):
        """What a list of posts shows: author, categories and the approved comments' count."""
        return (
            self.select_related("author")
            .prefetch_related("categories")
            # A count per post in a subquery, not a GROUP BY over every matching post: a page
            # (or the search's first results) counts the comments of its own posts only.
            .annotate(
                approved_comment_count=Coalesce(
                    Subquery(
                        Comment.objects.filter(post=OuterRef("pk"), status=Comment.Status.APPROVED)
                        .order_by()
                        # COUNT(*) of the subquery's rows, without a GROUP BY.
                        .annotate(count=Func(F("pk"), function="COUNT"))
                        .values("count")
                    ),
                    0,
                )
            )
            .order_by("-published_at", "-pk")
        )

    def for_detail_page(self):
        return self.select_related("author").prefetch_related(
            "categories",
            Prefetch("workshops", queryset=Workshop.objects.published()),
            Prefetch("comments", queryset=Comment.objects.approved(), to_attr="approved_comments"),
        )

    def in_category(self, category):
        return self.filter(categories=category)

    def about_workshop(self, workshop):
        """The public posts about a workshop, newest first (for the workshop's page)."""
        return self.published().filter(workshops=workshop).for_list()

    def previous_to(self, post):
        """The public post just before `post` in time (ties broken by id), or None."""
        return self._neighbour(post, later=False)

    def next_to(self, post):
        """The public post just after `post` in time (ties broken by id), or None."""
        return self._neighbour(post, later=True)

    def _neighbour(self, post, *, later):
        after_or_before = "gt" if later else "lt"
        order = ("published_at", "pk") if later else ("-published_at", "-pk")
        return (
            self.published()
            .filter(
                Q(**{f"published_at__{after_or_before}": post.published_at})
                | Q(published_at=post.published_at, **{f"pk__{after_or_before}": post.pk})
            )
            .order_by(*order)
            .first()
        )

    def search(self, query):
        """The public posts whose title, excerpt or body match `query`, newest first.

        The matching rule (full-text on PostgreSQL, every word on SQLite) is the portal's one
        rule in `core.search.matching`.
        """
        return matching(self.published().for_list(), query, ["title", "excerpt", "body"]).order_by(
            "-published_at", "-pk"
        )


class Post(SluggedModel, TimestampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=255)
    slug = models.SlugField(max_length=200, unique=True, blank=True, help_text=SLUG_HELP)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        "publication date and time",
        null=True,
        blank=True,
        help_text="When the post appears. A scheduled post appears by itself at this time; "
        "a published post without a time gets the current time.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="news_posts",
        limit_choices_to={"is_staff": True},
        help_text="A staff account; the page shows its full name, or its username if it has none.",
    )
    excerpt = models.TextField(
        blank=True, help_text="Plain text shown in lists and search results."
    )
    body = models.TextField(
        help_text="Markdown: headings (##), lists, links, **bold**, *emphasis*, images from the "
        "portal's media. Scripts and other HTML are removed."
    )
    categories = models.ManyToManyField(Category, related_name="posts", blank=True)
    workshops = models.ManyToManyField(
        Workshop,
        related_name="news_posts",
        blank=True,
        verbose_name="related workshops",
        help_text="The workshops the post is about; it is listed on their pages.",
    )
    comments_open = models.BooleanField(
        default=True, help_text="Untick to close comments: no new comments can be posted."
    )

    objects = PostQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[categories, workshops])

    class Meta:
        ordering = [F("published_at").desc(nulls_first=True), "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="post_public_has_publication_time",
                violation_error_message="A scheduled or published post needs a publication time.",
            ),
        ]
        indexes = [models.Index(fields=["status", "-published_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("news:post-detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        now = timezone.now()
        if self.status == self.Status.PUBLISHED:
            if self.published_at is None:
                self.published_at = now
            elif self.published_at > now:
                raise ValidationError(
                    {"status": "This post's time is in the future: choose “Scheduled”."}
                )
        if self.status == self.Status.SCHEDULED and self.published_at is None:
            raise ValidationError(
                {"published_at": "Give the date and time the scheduled post should appear."}
            )

    @property
    def author_name(self):
        return self.author.get_full_name() or self.author.get_username()

    @property
    def is_public(self):
        return (
            self.status != self.Status.DRAFT
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @cached_property
    def body_html(self):
        return markdown_to_safe_html(self.body)


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED).order_by("created", "pk")

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)


class Comment(TimestampedModel):
    """A visitor's comment. It waits for a staff decision; only approved comments are shown."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for moderation"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        SPAM = "spam", "Spam"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    name = models.CharField(max_length=100)
    email = models.EmailField(help_text="Never shown on the site.")
    website = models.URLField(
        blank=True, validators=[URLValidator(schemes=["http", "https"])], max_length=200
    )
    text = models.TextField(
        max_length=COMMENT_MAX_LENGTH,
        # A TextField's max_length only reaches forms; the validator holds it everywhere.
        validators=[MaxLengthValidator(COMMENT_MAX_LENGTH)],
        help_text="Plain text.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    likely_spam = models.BooleanField(
        default=False,
        help_text="Set automatically when the comment has many links; it still waits for a "
        "staff decision.",
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    moderated_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["post", "status", "created"])]

    def __str__(self):
        return f"{self.name} on “{self.post}”"


class CommentRateWindow(models.Model):
    """How many comments one visitor's address has posted since its window opened: what
    `news.services.comment_post` limits. The address is held only as a hash, and only while
    its window is open (a later comment deletes the closed windows)."""

    shown_on_public_pages = False  # core/records_version.py: counts no page shows

    address_hash = models.CharField(max_length=64, unique=True)
    opened = models.DateTimeField()
    comments = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["opened"])]

    def __str__(self):
        return f"{self.comments} comment(s) since {self.opened:%Y-%m-%d %H:%M}"
