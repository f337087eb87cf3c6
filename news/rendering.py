"""The one place where a post's Markdown becomes HTML.

Staff write Markdown; it is converted with Python-Markdown and then sanitised with nh3 against
an allow-list, so whatever the Markdown contains (raw HTML included) the page only ever gets
headings, paragraphs, lists, links, emphasis, quotes, code and images from the portal's own
media. Scripts, styles, event handlers, `javascript:` links and images from other sites are
removed.
"""

import re
from urllib.parse import unquote, urlsplit

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
URL_ATTRIBUTES = {("a", "href"), ("img", "src")}
# Browsers remove tabs and newlines anywhere in a URL and spaces or control characters around
# it ("java\tscript:" is "javascript:"), so the scheme is checked on the URL as a browser reads it.
URL_IGNORED_INSIDE = re.compile(r"[\t\n\r]")
URL_IGNORED_AROUND = "".join(chr(code) for code in range(0x21))  # C0 controls and space
URL_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
H1_TAG = re.compile(r"<(/?)h1\b", re.IGNORECASE)


def is_portal_media_url(url):
    """True if `url` is a file under the portal's media (MEDIA_URL).

    A path that could climb out of it (`..`, also percent-encoded, or a backslash, which browsers
    read as `/`) is refused outright.
    """
    media = urlsplit(settings.MEDIA_URL)
    target = urlsplit(url)
    if (target.scheme, target.netloc) != (media.scheme, media.netloc):
        return False
    path = unquote(target.path)
    if ".." in path or "\\" in path:
        return False
    media_path = media.path if media.path.endswith("/") else media.path + "/"
    return path.startswith(media_path) and len(path) > len(media_path)


def _keep_attribute(tag, attribute, value):
    if (tag, attribute) not in URL_ATTRIBUTES:
        return value
    url = URL_IGNORED_INSIDE.sub("", value).strip(URL_IGNORED_AROUND)
    scheme = URL_SCHEME.match(url)
    if scheme and scheme.group(1).lower() not in URL_SCHEMES:
        return None
    if tag == "img" and not is_portal_media_url(url):
        return None
    return url


def markdown_to_safe_html(text):
    """Render staff-written Markdown to sanitised HTML (a `str`, safe to mark safe)."""
    html = markdown.markdown(text, extensions=["sane_lists"], output_format="html")
    return nh3.clean(
        # The page title is the only <h1>: "# Heading" in a body becomes <h2>.
        H1_TAG.sub(r"<\1h2", html),
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes=URL_SCHEMES,
    )
