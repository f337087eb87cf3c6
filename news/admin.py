from django.contrib import admin, messages
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from core.admin_base import PortalAdmin

from .models import Category, Comment, Post
from .services import comments_moderate, post_publish, posts_set_comments_open


@admin.register(Category)
class CategoryAdmin(PortalAdmin):
    list_display = ["name", "slug", "updated"]
    search_fields = ["name", "description"]


@admin.register(Post)
class PostAdmin(PortalAdmin):
    list_display = [
        "title",
        "status",
        "published_at",
        "is_public",
        "author_name",
        "comments_open",
        "pending_comments",
    ]
    list_filter = ["status", "comments_open", "categories", "published_at"]
    search_fields = ["title", "excerpt", "body"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["categories", "workshops"]
    readonly_fields = ["created", "updated"]
    actions = ["publish", "close_comments", "open_comments"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "author", "status", "published_at"]}),
        ("Text", {"fields": ["excerpt", "body"]}),
        ("Filed under and about", {"fields": ["categories", "workshops"]}),
        ("Comments", {"fields": ["comments_open"]}),
        ("Record", {"fields": ["created", "updated"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("author")
            .annotate(
                pending_comment_count=Count(
                    "comments", filter=Q(comments__status=Comment.Status.PENDING)
                )
            )
        )

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    @admin.display(description="Public now", boolean=True)
    def is_public(self, post):
        return post.is_public

    @admin.display(description="Author", ordering="author__username")
    def author_name(self, post):
        return post.author_name

    @admin.display(description="Comments waiting", ordering="pending_comment_count")
    def pending_comments(self, post):
        if not post.pending_comment_count:
            return 0
        url = reverse("admin:news_comment_changelist")
        return format_html(
            '<a href="{}?post__id__exact={}&amp;status__exact=pending">{}</a>',
            url,
            post.pk,
            post.pending_comment_count,
        )

    @admin.action(description="Publish the selected posts now", permissions=["change"])
    def publish(self, request, queryset):
        for post in queryset:
            post_publish(post=post)
        self.message_user(request, f"Published {len(queryset)} post(s).", messages.SUCCESS)

    @admin.action(description="Close comments on the selected posts", permissions=["change"])
    def close_comments(self, request, queryset):
        changed = posts_set_comments_open(posts=queryset, comments_open=False)
        self.message_user(request, f"Closed comments on {changed} post(s).", messages.SUCCESS)

    @admin.action(description="Open comments on the selected posts", permissions=["change"])
    def open_comments(self, request, queryset):
        changed = posts_set_comments_open(posts=queryset, comments_open=True)
        self.message_user(request, f"Opened comments on {changed} post(s).", messages.SUCCESS)


@admin.register(Comment)
class CommentAdmin(PortalAdmin):
    list_display = ["excerpt", "status", "likely_spam", "name", "email", "post", "created"]
    list_filter = ["status", "likely_spam", "post", "created"]
    search_fields = ["name", "email", "website", "text", "post__title"]
    date_hierarchy = "created"
    autocomplete_fields = ["post"]
    readonly_fields = ["likely_spam", "moderated_by", "moderated_at", "created", "updated"]
    actions = ["approve", "reject", "mark_spam"]
    fieldsets = [
        (None, {"fields": ["post", "status", "likely_spam"]}),
        ("What the visitor sent", {"fields": ["name", "email", "website", "text"]}),
        ("Record", {"fields": ["moderated_by", "moderated_at", "created", "updated"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("post")

    @admin.display(description="Comment")
    def excerpt(self, comment):
        return Truncator(comment.text).chars(80)

    def save_model(self, request, obj, form, change):
        # A status changed by hand is a moderation decision like the bulk actions'.
        if change and "status" in form.changed_data:
            new_status = obj.status
            obj.status = form.initial["status"]
            comments_moderate(comments=[obj], status=new_status, moderator=request.user)
            return
        super().save_model(request, obj, form, change)

    def _moderate(self, request, queryset, status, done):
        changed = comments_moderate(comments=queryset, status=status, moderator=request.user)
        self.message_user(request, f"{done} {changed} comment(s).", messages.SUCCESS)

    @admin.action(description="Approve the selected comments", permissions=["change"])
    def approve(self, request, queryset):
        self._moderate(request, queryset, Comment.Status.APPROVED, "Approved")

    @admin.action(description="Reject the selected comments", permissions=["change"])
    def reject(self, request, queryset):
        self._moderate(request, queryset, Comment.Status.REJECTED, "Rejected")

    @admin.action(description="Mark the selected comments as spam", permissions=["change"])
    def mark_spam(self, request, queryset):
        self._moderate(request, queryset, Comment.Status.SPAM, "Marked as spam")
