from django.urls import path

from core.views import redirect_old_slug

from . import feeds, views
from .models import Category, Post

app_name = "news"

urlpatterns = [
    path("", views.PostListView.as_view(), name="post-list"),
    path("feed/rss/", feeds.PostsFeed(), name="post-feed-rss"),
    path("feed/atom/", feeds.PostsAtomFeed(), name="post-feed-atom"),
    path("comments/feed/rss/", feeds.CommentsFeed(), name="comments-feed-rss"),
    path("comments/feed/atom/", feeds.CommentsAtomFeed(), name="comments-feed-atom"),
    path(
        "category/<slug:slug>/",
        redirect_old_slug(Category)(views.CategoryDetailView.as_view()),
        name="category-detail",
    ),
    path(
        "category/<slug:slug>/feed/rss/",
        redirect_old_slug(Category)(feeds.CategoryPostsFeed()),
        name="category-feed-rss",
    ),
    path(
        "category/<slug:slug>/feed/atom/",
        redirect_old_slug(Category)(feeds.CategoryPostsAtomFeed()),
        name="category-feed-atom",
    ),
    path(
        "<slug:slug>/", redirect_old_slug(Post)(views.PostDetailView.as_view()), name="post-detail"
    ),
    path(
        "<slug:slug>/comments/feed/rss/",
        redirect_old_slug(Post)(feeds.PostCommentsFeed()),
        name="post-comments-feed-rss",
    ),
    path(
        "<slug:slug>/comments/feed/atom/",
        redirect_old_slug(Post)(feeds.PostCommentsAtomFeed()),
        name="post-comments-feed-atom",
    ),
    path("<slug:slug>/comment/", views.comment_create, name="comment-create"),
]
