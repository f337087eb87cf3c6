"""What news adds to other apps' pages: the posts about a workshop, on the workshop's page.

The workshops app does not know about news; its page template loads this library instead."""

from django import template

from ..models import Post

register = template.Library()


@register.inclusion_tag("news/includes/_workshop_posts.html")
def workshop_news_posts(workshop):
    """The public posts about `workshop`, newest first; nothing when there are none."""
    return {"posts": Post.objects.about_workshop(workshop)}
