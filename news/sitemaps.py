from django.contrib.sitemaps import Sitemap

from core.sitemaps import RecordSitemap

from .models import Category, Post


class PostSitemap(RecordSitemap):
    def items(self):
        return Post.objects.published().order_by("pk")


class CategorySitemap(Sitemap):
    def items(self):
        return Category.objects.order_by("pk")
