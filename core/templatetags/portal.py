"""Template tags the portal's layout and pages share."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.template.defaulttags import querystring
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django_countries import countries

register = template.Library()


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This page's address without its filters; a list page past the first keeps `page`.

    Empty where there is no request (the 500 page).
    """
    request = context.get("request")
    if request is None:
        return ""
    url = request.build_absolute_uri(request.path)
    page = request.GET.get("page", "")
    if page.isdigit() and int(page) > 1:
        url += "?" + urlencode({"page": int(page)})
    return url


@register.simple_tag(takes_context=True)
def page_querystring(context, param, number):
    """This page's query string with `param` set to `number`, its other parameters kept:
    Django's {% querystring %} for a parameter whose name is a variable (the pager's)."""
    return querystring(context, **{param: number})


@register.filter
def date_range(start, end=None):
    """A workshop's dates, said once: "29 November 2010", "1–3 March 2012",
    "30 March – 2 April 2012", "30 December 2011 – 2 January 2012"."""
    if start is None:
        return ""
    if end is None or end == start:
        return f"{start.day} {start:%B %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%B %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%B} – {end.day} {end:%B %Y}"
    return f"{start.day} {start:%B %Y} – {end.day} {end:%B %Y}"


@register.filter
def country_name(code):
    """The English name of an ISO 3166-1 country code."""
    return countries.name(code)


# What must not appear as such inside a <script> element: "</script>" or "<!--" in a value
# would end or change it (as Django's json_script escapes).
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """`data` as a JSON-LD data block: <script type="application/ld+json">. A data block is
    not run, so the Content-Security-Policy's script-src does not apply to it."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
        _JSON_SCRIPT_ESCAPES
    )
    # Safe: the characters that could end or change the element are escaped above.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
