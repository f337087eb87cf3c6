import ipaddress

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView

from core.search import clean_search_text, search_words_notice

from .forms import CommentForm
from .models import Category, Post
from .services import CommentRateLimited, CommentRefused, comment_post

POSTS_PER_PAGE = 10


class PostListView(ListView):
    paginate_by = POSTS_PER_PAGE
    template_name = "news/post_list.html"
    context_object_name = "posts"

    def get_queryset(self):
        self.query = clean_search_text(self.request.GET.get("q", ""))
        if self.query:
            return Post.objects.search(self.query)
        return Post.objects.published().for_list()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            categories=Category.objects.all(),
            query=self.query,
            search_notice=search_words_notice(self.request.GET.get("q", "")),
            **kwargs,
        )


class CategoryDetailView(ListView):
    """One category and its public posts, paginated."""

    paginate_by = POSTS_PER_PAGE
    template_name = "news/category_detail.html"
    context_object_name = "posts"

    def get_queryset(self):
        self.category = get_object_or_404(Category, slug=self.kwargs["slug"])
        return Post.objects.published().in_category(self.category).for_list()

    def get_context_data(self, **kwargs):
        return super().get_context_data(category=self.category, **kwargs)


def post_page_context(post, form):
    """What the post page shows, for a visitor's first look and for a refused comment alike."""
    return {
        "post": post,
        "previous_post": Post.objects.previous_to(post) if post.is_public else None,
        "next_post": Post.objects.next_to(post) if post.is_public else None,
        "comment_form": form,
        "comments_open": post.is_public and post.comments_open,
    }


class PostDetailView(DetailView):
    template_name = "news/post_detail.html"

    def get_queryset(self):
        return Post.objects.visible_to(self.request.user).for_detail_page()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(post_page_context(self.object, CommentForm(post=self.object)))
        return context


def visitor_address(request):
    """The visitor's IP address. Behind settings.PROXY_HOPS proxies, the one the outermost
    proxy saw: the entry that many places from the end of X-Forwarded-For (entries before it
    are the visitor's to invent). Without a usable one, REMOTE_ADDR."""
    remote_address = request.META.get("REMOTE_ADDR", "")
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if settings.PROXY_HOPS < 1 or len(forwarded) < settings.PROXY_HOPS:
        return remote_address
    candidate = forwarded[-settings.PROXY_HOPS]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote_address


@require_POST
def comment_create(request, slug):
    """A visitor posts a comment. Stored waiting for moderation; refused with the text kept."""
    post = get_object_or_404(Post.objects.published().for_detail_page(), slug=slug)
    form = CommentForm(request.POST, post=post)
    status = 400
    if form.is_valid():
        try:
            comment_post(
                post=post,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                website=form.cleaned_data["website"],
                text=form.cleaned_data["text"],
                address=visitor_address(request),
            )
        except CommentRefused as refusal:
            form.add_error(None, refusal.message)
            status = 429 if isinstance(refusal, CommentRateLimited) else 403
        else:
            messages.success(
                request,
                "Thank you: your comment has been received. It will appear here once the "
                "secretariat has approved it.",
            )
            return redirect(f"{post.get_absolute_url()}#comments")
    return render(request, "news/post_detail.html", post_page_context(post, form), status=status)
