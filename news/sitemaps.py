from django.contrib.sitemaps import Sitemap

from .models import Category, Post


class PostSitemap(Sitemap):
    def items(self):
        return Post.objects.published().order_by("pk")

    def lastmod(self, post):
        return post.updated


class CategorySitemap(Sitemap):
    def items(self):
        return Category.objects.order_by("pk")
