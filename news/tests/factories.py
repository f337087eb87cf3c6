"""Synthetic test records: made up for tests, never real network data."""

import datetime

import factory
from django.contrib.auth import get_user_model

from news.models import Category, Comment, Post


class StaffUserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"synthetic-staff-{n}")
    first_name = "Synthetic"
    last_name = factory.Sequence(lambda n: f"Author {n}")
    is_staff = True


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Synthetic category {n}")
    slug = factory.Sequence(lambda n: f"synthetic-category-{n}")


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Synthetic post {n}")
    slug = factory.Sequence(lambda n: f"synthetic-post-{n}")
    status = Post.Status.PUBLISHED
    published_at = factory.Sequence(
        lambda n: (
            datetime.datetime(2012, 1, 1, 9, 0, tzinfo=datetime.UTC) + datetime.timedelta(days=n)
        )
    )
    author = factory.SubFactory(StaffUserFactory)
    excerpt = "A synthetic excerpt."
    body = "A synthetic body with **emphasis**."

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create and extracted:
            self.categories.set(extracted)

    @factory.post_generation
    def workshops(self, create, extracted, **kwargs):
        if create and extracted:
            self.workshops.set(extracted)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    post = factory.SubFactory(PostFactory)
    name = factory.Sequence(lambda n: f"Synthetic visitor {n}")
    email = factory.Sequence(lambda n: f"visitor{n}@example.invalid")
    text = "A synthetic comment."
    status = Comment.Status.PENDING
