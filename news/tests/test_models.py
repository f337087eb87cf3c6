"""Posts: who sees what and when, neighbours, search and the posts about a workshop."""

import datetime
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from news.models import Post
from news.tests.factories import CategoryFactory, CommentFactory, PostFactory, StaffUserFactory
from workshops.models import Workshop
from workshops.tests.factories import WorkshopFactory

pytestmark = pytest.mark.django_db


def test_published_shows_published_and_due_scheduled_posts_only():
    now = timezone.now()
    published = PostFactory()
    due = PostFactory(status=Post.Status.SCHEDULED, published_at=now - datetime.timedelta(1))
    PostFactory(status=Post.Status.SCHEDULED, published_at=now + datetime.timedelta(hours=1))
    PostFactory(status=Post.Status.DRAFT, published_at=None)
    PostFactory(status=Post.Status.DRAFT, published_at=now - datetime.timedelta(1))
    assert set(Post.objects.published()) == {published, due}


def test_scheduled_post_appears_by_itself_once_its_time_comes():
    at = timezone.now() + datetime.timedelta(minutes=5)
    post = PostFactory(status=Post.Status.SCHEDULED, published_at=at)
    assert not Post.objects.published().filter(pk=post.pk).exists()
    with mock.patch("django.utils.timezone.now", return_value=at + datetime.timedelta(seconds=1)):
        assert Post.objects.published().filter(pk=post.pk).exists()
        assert Post.objects.get(pk=post.pk).is_public


def test_visible_to_shows_drafts_only_to_who_may_view_posts_in_the_admin(django_user_model, viewer):
    draft = PostFactory(status=Post.Status.DRAFT, published_at=None)
    visitor = django_user_model.objects.create_user("synthetic-visitor")
    assert draft not in Post.objects.visible_to(AnonymousUser())
    assert draft not in Post.objects.visible_to(visitor)
    assert draft not in Post.objects.visible_to(StaffUserFactory())
    assert draft in Post.objects.visible_to(viewer)


def test_post_clean_gives_a_published_post_without_time_the_current_time():
    post = PostFactory.build(
        status=Post.Status.PUBLISHED, published_at=None, author=StaffUserFactory()
    )
    post.full_clean()
    assert post.published_at is not None and post.published_at <= timezone.now()


def test_post_clean_refuses_a_published_post_with_a_future_time():
    post = PostFactory(status=Post.Status.DRAFT)
    post.status = Post.Status.PUBLISHED
    post.published_at = timezone.now() + datetime.timedelta(days=2)
    with pytest.raises(ValidationError, match="choose “Scheduled”"):
        post.full_clean()


def test_post_clean_refuses_a_scheduled_post_without_time():
    post = PostFactory(status=Post.Status.DRAFT)
    post.status, post.published_at = Post.Status.SCHEDULED, None
    with pytest.raises(ValidationError, match="should appear"):
        post.full_clean()


def test_post_database_refuses_a_public_post_without_time():
    with pytest.raises(IntegrityError):
        PostFactory(status=Post.Status.PUBLISHED, published_at=None)


def test_post_author_name_is_the_full_name_or_else_the_username():
    named = PostFactory(author=StaffUserFactory(first_name="Synthetic", last_name="Writer"))
    account = PostFactory(author=StaffUserFactory(username="synthetic-account", last_name=""))
    account.author.first_name = ""
    assert named.author_name == "Synthetic Writer"
    assert account.author_name == "synthetic-account"


def test_previous_and_next_skip_posts_the_public_cannot_see():
    first = PostFactory(published_at=datetime.datetime(2012, 1, 1, tzinfo=datetime.UTC))
    PostFactory(
        status=Post.Status.DRAFT, published_at=datetime.datetime(2012, 1, 2, tzinfo=datetime.UTC)
    )
    middle = PostFactory(published_at=datetime.datetime(2012, 1, 3, tzinfo=datetime.UTC))
    last = PostFactory(published_at=datetime.datetime(2012, 1, 4, tzinfo=datetime.UTC))
    PostFactory(
        status=Post.Status.SCHEDULED, published_at=timezone.now() + datetime.timedelta(days=1)
    )
    assert Post.objects.previous_to(middle) == first
    assert Post.objects.next_to(middle) == last
    assert Post.objects.previous_to(first) is None
    assert Post.objects.next_to(last) is None


def test_previous_and_next_order_posts_at_the_same_time_by_id():
    at = datetime.datetime(2012, 5, 5, 12, tzinfo=datetime.UTC)
    a, b, c = (
        PostFactory(published_at=at),
        PostFactory(published_at=at),
        PostFactory(published_at=at),
    )
    assert Post.objects.previous_to(b) == a
    assert Post.objects.next_to(b) == c


def test_about_workshop_lists_its_public_posts_newest_first():
    workshop = WorkshopFactory()
    older = PostFactory(
        workshops=[workshop], published_at=datetime.datetime(2012, 1, 1, tzinfo=datetime.UTC)
    )
    newer = PostFactory(
        workshops=[workshop], published_at=datetime.datetime(2013, 1, 1, tzinfo=datetime.UTC)
    )
    PostFactory(workshops=[workshop], status=Post.Status.DRAFT, published_at=None)
    PostFactory(workshops=[WorkshopFactory()])
    assert list(Post.objects.about_workshop(workshop)) == [newer, older]


def test_for_list_counts_only_approved_comments():
    post = PostFactory()
    CommentFactory(post=post, status="approved")
    CommentFactory(post=post, status="approved")
    CommentFactory(post=post, status="pending")
    CommentFactory(post=post, status="spam")
    assert Post.objects.for_list().get(pk=post.pk).approved_comment_count == 2


def test_for_detail_page_links_only_published_workshops():
    public = WorkshopFactory()
    draft = WorkshopFactory(status=Workshop.Status.DRAFT)
    post = PostFactory(workshops=[public, draft])
    assert list(Post.objects.for_detail_page().get(pk=post.pk).workshops.all()) == [public]


def test_search_finds_public_posts_by_title_excerpt_and_body():
    by_title = PostFactory(title="Synthetic inspection campaign")
    by_excerpt = PostFactory(excerpt="A synthetic note on inspection.")
    by_body = PostFactory(body="Officers shared inspection results (synthetic).")
    PostFactory(title="Synthetic inspection draft", status=Post.Status.DRAFT, published_at=None)
    PostFactory(title="Synthetic unrelated post")
    assert set(Post.objects.search("inspection")) == {by_title, by_excerpt, by_body}


def test_search_needs_every_word_and_ignores_an_empty_query():
    both = PostFactory(title="Synthetic hazardous waste seizure")
    PostFactory(title="Synthetic hazardous materials")
    assert list(Post.objects.search("hazardous seizure")) == [both]
    assert list(Post.objects.search("   ")) == []


def test_search_finds_the_seed_post(seed_post):
    assert list(Post.objects.search("Siem Reap")) == [seed_post]
    assert list(Post.objects.search("enforcement cooperation")) == [seed_post]


def test_category_and_post_urls():
    category = CategoryFactory(slug="synthetic-asia")
    post = PostFactory(slug="synthetic-news")
    assert category.get_absolute_url() == "/news/category/synthetic-asia/"
    assert post.get_absolute_url() == "/news/synthetic-news/"


@pytest.mark.parametrize(
    "query", ['"unclosed quote', "a & | ! ( ) : * <->", "-", "%_\\", "'; drop"]
)
def test_search_takes_any_text_without_error(query):
    PostFactory(title="Synthetic post")
    assert isinstance(list(Post.objects.search(query)), list)
