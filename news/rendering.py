"""The one place where a post's Markdown becomes HTML.

Staff write Markdown; it is converted with Python-Markdown and then sanitised with nh3 against
an allow-list, so whatever the Markdown contains (raw HTML included) the page only ever gets
headings, paragraphs, lists, links, emphasis, quotes, code and images from the portal's own
media. Scripts, styles, event handlers, `javascript:` links and images from other sites are
removed.
"""

import posixpath
from urllib.parse import urlsplit

import markdown
import nh3
from django.conf import settings

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "b",
    "i",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "img",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}}
# Dropped together with everything inside them, not just unwrapped.
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript"}
URL_SCHEMES = {"http", "https", "mailto"}


def is_portal_media_url(url):
    """True if `url` points inside the portal's media (MEDIA_URL), after resolving any `..`."""
    media = urlsplit(settings.MEDIA_URL)
    target = urlsplit(url)
    if (target.scheme, target.netloc) != (media.scheme, media.netloc):
        return False
    media_path = media.path if media.path.endswith("/") else media.path + "/"
    path = posixpath.normpath(target.path)
    return (path + "/").startswith(media_path) and path + "/" != media_path


def _keep_attribute(tag, attribute, value):
    if tag == "img" and attribute == "src" and not is_portal_media_url(value):
        return None
    return value


def markdown_to_safe_html(text):
    """Render staff-written Markdown to sanitised HTML (a `str`, safe to mark safe)."""
    html = markdown.markdown(
        text,
        extensions=["sane_lists", "toc"],
        # The page title is the only <h1>: "# Heading" in a body becomes <h2>.
        extension_configs={"toc": {"baselevel": 2}},
        output_format="html",
    )
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes=URL_SCHEMES,
    )
