"""Text search over the portal's records: full-text on PostgreSQL, `icontains` elsewhere.

`matching()` is the one place that knows which database does what. Each app's QuerySet has a
`search(text)` method built on it; the site-wide search page lists those in
`portal/search_sections.py`.

A search looks for at most SEARCH_WORDS_MAX different words: each word costs the database
work (on SQLite one subquery per related field), and a page that searched for forty words
would be slow for everyone. Words beyond the bound are dropped, and the pages say which
(`search_words_notice`).
"""

import unicodedata
from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Q
from django.db.models.constants import LOOKUP_SEP

# Long enough for any sensible phrase; a 10,000-character search is cut, not refused.
SEARCH_TEXT_MAX_LENGTH = 200
SEARCH_WORDS_MAX = 8
FULL_TEXT_CONFIG = "english"


def _kept_and_ignored_words(text):
    """The words of `text` (control characters dropped, cut to SEARCH_TEXT_MAX_LENGTH), split
    into those searched for and those beyond SEARCH_WORDS_MAX different words."""
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
    words = text.split()
    different = []
    for position, word in enumerate(words):
        if word.casefold() not in different:
            if len(different) == SEARCH_WORDS_MAX:
                return words[:position], words[position:]
            different.append(word.casefold())
    return words, []


def clean_search_text(text):
    """What a visitor typed, made safe to search for: no control characters, one space
    between words, at most SEARCH_TEXT_MAX_LENGTH characters and SEARCH_WORDS_MAX different
    words. May return ""."""
    return " ".join(_kept_and_ignored_words(text)[0])


def search_words_notice(text):
    """What a page says when `text` has words that the search leaves out; else ""."""
    ignored = _kept_and_ignored_words(text)[1]
    if not ignored:
        return ""
    return (
        f"Only the first {SEARCH_WORDS_MAX} different words were searched for; "
        f"these were left out: {' '.join(ignored)}"
    )


def _word_matches(model, word, fields):
    """A row whose `fields` hold `word`. A field on a related row is matched in a subquery of
    its own, so that words never multiply joins (and rows) in one query."""
    return reduce(
        or_,
        (
            Q(pk__in=model._base_manager.filter(**{f"{field}__icontains": word}).values("pk"))
            if LOOKUP_SEP in field
            else Q(**{f"{field}__icontains": word})
            for field in fields
        ),
    )


def matching(queryset, text, fields):
    """Narrow `queryset` to the rows whose `fields` (lookups, related ones allowed) match `text`.

    `text` is cleaned first (`clean_search_text`): at most SEARCH_WORDS_MAX different words.
    On PostgreSQL a row matches when the English full-text query built from `text` (web-search
    syntax: words, "quoted phrases", -excluded) matches the row's fields; elsewhere when every
    word appears in one of the fields. Fields on related rows are matched in subqueries, so
    they never duplicate a result, and the query grows linearly with the words.
    """
    text = clean_search_text(text)
    if not text:
        return queryset.none()
    model = queryset.model
    if connection.vendor == "postgresql":
        # PostgreSQL only: this module loads the PostgreSQL driver, which SQLite does not need.
        from django.contrib.postgres.search import SearchQuery, SearchVector  # noqa: PLC0415

        matches = (
            model._base_manager.annotate(
                search_document=SearchVector(*fields, config=FULL_TEXT_CONFIG)
            )
            .filter(
                search_document=SearchQuery(text, config=FULL_TEXT_CONFIG, search_type="websearch")
            )
            .values("pk")
        )
        return queryset.filter(pk__in=matches)
    words = {}
    for word in text.split():
        words.setdefault(word.casefold(), word)  # "Port port" is one word
    return queryset.filter(*(_word_matches(model, word, fields) for word in words.values()))
