"""Text search over the portal's records: full-text on PostgreSQL, `icontains` elsewhere.

`matching()` is the one place that knows which database does what. Each app's QuerySet has a
`search(text)` method built on it; the site-wide search page lists those in
`workshops/search_sections.py`.
"""

import unicodedata
from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Q

# Long enough for any sensible phrase; a 10,000-character search is cut, not refused.
SEARCH_TEXT_MAX_LENGTH = 200
FULL_TEXT_CONFIG = "english"


def clean_search_text(text):
    """What a visitor typed, made safe to search for: no control characters, one space
    between words, at most SEARCH_TEXT_MAX_LENGTH characters. May return ""."""
    printable = "".join(
        " " if unicodedata.category(character).startswith("C") else character
        for character in str(text or "")
    )
    text = " ".join(printable.split())
    if len(text) > SEARCH_TEXT_MAX_LENGTH:
        # Cut between words where there is a space: half a word matches nothing in a
        # full-text search, so a pasted long title would find nothing on PostgreSQL.
        cut = text[: SEARCH_TEXT_MAX_LENGTH + 1]
        text = cut.rsplit(" ", 1)[0] if " " in cut else cut[:SEARCH_TEXT_MAX_LENGTH]
    return text.strip()


def matching(queryset, text, fields):
    """Narrow `queryset` to the rows whose `fields` (lookups, related ones allowed) match `text`.

    On PostgreSQL a row matches when the English full-text query built from `text` (web-search
    syntax: words, "quoted phrases", -excluded) matches the row's fields; elsewhere when every
    word appears in one of the fields. The match runs in a subquery so that fields on related
    rows never duplicate a result.
    """
    text = clean_search_text(text)
    if not text:
        return queryset.none()
    model = queryset.model
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        matches = (
            model._base_manager.annotate(
                search_document=SearchVector(*fields, config=FULL_TEXT_CONFIG)
            )
            .filter(
                search_document=SearchQuery(text, config=FULL_TEXT_CONFIG, search_type="websearch")
            )
            .values("pk")
        )
    else:
        matches = model._base_manager.all()
        for word in text.split():
            matches = matches.filter(reduce(or_, (Q(**{f"{f}__icontains": word}) for f in fields)))
        matches = matches.values("pk")
    return queryset.filter(pk__in=matches)
