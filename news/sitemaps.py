from django.contrib.sitemaps import Sitemap

from .models import Post


class PostSitemap(Sitemap):
    def items(self):
        return Post.objects.published().order_by("pk")

    def lastmod(self, post):
        return post.updated
