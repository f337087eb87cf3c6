"""Template tags the portal's layout and pages share."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.template.defaulttags import querystring
from django.utils.html import conditional_escape, format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django_countries import countries

from core.models import DatePrecision

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
    if page.isdecimal() and int(page) > 1:  # not isdigit: "²" is a digit, yet no number
        url += "?" + urlencode({"page": int(page)})
    return url


@register.simple_tag(takes_context=True)
def page_querystring(context, param, number):
    """This page's query string with `param` set to `number`, its other parameters kept:
    Django's {% querystring %} for a parameter whose name is a variable (the pager's)."""
    return querystring(context, **{param: number})


@register.filter
def date_range(start, end=None, precision=DatePrecision.DAY):
    """Dates said once, and only as far as they are known: the one function that writes a
    date span on every page, list, feed and report.

    To the day: "29 November 2010", "1–3 March 2012", "30 March – 2 April 2012",
    "30 December 2011 – 2 January 2012". To the month: "June 2009", "June – July 2009",
    "December 2009 – January 2010". To the year: "2009", "2009–2010".
    """
    if start is None:
        return ""
    if precision == DatePrecision.YEAR:
        if end is None or end.year == start.year:
            return f"{start.year}"
        return f"{start.year}–{end.year}"
    if precision == DatePrecision.MONTH:
        if end is None or (start.year, start.month) == (end.year, end.month):
            return f"{start:%B %Y}"
        if start.year == end.year:
            return f"{start:%B} – {end:%B %Y}"
        return f"{start:%B %Y} – {end:%B %Y}"
    if end is None or end == start:
        return f"{start.day} {start:%B %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%B %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%B} – {end.day} {end:%B %Y}"
    return f"{start.day} {start:%B %Y} – {end.day} {end:%B %Y}"


@register.filter
def dates(record):
    """A workshop's or an event's dates as far as they are known: `{{ workshop|dates }}`."""
    return date_range(record.start_date, record.end_date, record.date_precision)


@register.filter
def country_name(code):
    """The English name of an ISO 3166-1 country code."""
    return countries.name(code)


# The language a letter's script is written in, where the script says it: (first, last, tag).
# Han characters are shared by Chinese, Japanese and Korean ("cjk" below).
_SCRIPT_LANGUAGES = (
    (0x0E00, 0x0E7F, "th"),
    (0x0E80, 0x0EFF, "lo"),
    (0x1000, 0x109F, "my"),
    (0x1100, 0x11FF, "ko"),
    (0x1780, 0x17FF, "km"),
    (0x19E0, 0x19FF, "km"),
    (0x3040, 0x30FF, "cjk-kana"),
    (0x3130, 0x318F, "ko"),
    (0x31F0, 0x31FF, "cjk-kana"),
    (0x3400, 0x4DBF, "cjk"),
    (0x4E00, 0x9FFF, "cjk"),
    (0xAC00, 0xD7AF, "ko"),
    (0xF900, 0xFAFF, "cjk"),
)


def _script_language(character):
    code = ord(character)
    for first, last, language in _SCRIPT_LANGUAGES:
        if first <= code <= last:
            return language.removesuffix("-kana")
    return None


def _language_runs(text):
    """[(language or None, text)]: runs of one script's letters, with the spaces and marks
    between two words of the same script inside the run ("สมชาย ใจดี" is one run)."""
    runs = []  # [language or None, text]
    pending = ""  # spaces and punctuation after a run, until the next letter says whose
    for character in text:
        language = _script_language(character)
        if language is None and not character.isalpha():
            pending += character
            continue
        if runs and runs[-1][0] == language:
            runs[-1][1] += pending + character
        else:
            if pending:
                if runs and runs[-1][0] is None:
                    runs[-1][1] += pending
                else:
                    runs.append([None, pending])
            runs.append([language, character])
        pending = ""
    if pending:
        runs.append([None, pending])
    return [(language, part) for language, part in runs]


@register.filter(needs_autoescape=True)
def lang_marked(text, han_language="", autoescape=True):
    """`text` with each run of Khmer, Thai, Lao, Burmese, Korean, Japanese or Chinese letters
    in a <span lang="...">, so that screen readers (and the tagged PDF) read it in its own
    language and the fonts give its characters their shapes. Han characters are marked
    `han_language` ("ja", "zh-Hant"; default "zh"), or "ja" beside kana."""
    escape = conditional_escape if autoescape else (lambda value: value)
    pieces = []
    for language, part in _language_runs(str(text or "")):
        if language is None:
            pieces.append(escape(part))
            continue
        if language == "cjk":
            has_kana = any(0x3040 <= ord(c) <= 0x30FF or 0x31F0 <= ord(c) <= 0x31FF for c in part)
            language = "ja" if has_kana else (han_language or "zh")
        pieces.append(f'<span lang="{language}">{escape(part)}</span>')
    return mark_safe("".join(str(piece) for piece in pieces))


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
