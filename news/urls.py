from django.urls import path

from . import feeds, views

app_name = "news"

urlpatterns = [
    path("", views.PostListView.as_view(), name="post-list"),
    path("feed/rss/", feeds.PostsFeed(), name="post-feed-rss"),
    path("feed/atom/", feeds.PostsAtomFeed(), name="post-feed-atom"),
    path("comments/feed/rss/", feeds.CommentsFeed(), name="comments-feed-rss"),
    path("comments/feed/atom/", feeds.CommentsAtomFeed(), name="comments-feed-atom"),
    path("category/<slug:slug>/", views.CategoryDetailView.as_view(), name="category-detail"),
    path("category/<slug:slug>/feed/rss/", feeds.CategoryPostsFeed(), name="category-feed-rss"),
    path(
        "category/<slug:slug>/feed/atom/", feeds.CategoryPostsAtomFeed(), name="category-feed-atom"
    ),
    path("<slug:slug>/", views.PostDetailView.as_view(), name="post-detail"),
    path("<slug:slug>/comments/feed/rss/", feeds.PostCommentsFeed(), name="post-comments-feed-rss"),
    path(
        "<slug:slug>/comments/feed/atom/",
        feeds.PostCommentsAtomFeed(),
        name="post-comments-feed-atom",
    ),
    path("<slug:slug>/comment/", views.comment_create, name="comment-create"),
]
