"""Text search over the portal's records: full-text on PostgreSQL, substrings elsewhere.

Accents never matter: "tong cuc hai quan" finds "Tổng cục Hải quan". On PostgreSQL the full-text
configuration FULL_TEXT_CONFIG runs `unaccent` before the English stemmer (core migration
0002); on SQLite both sides go through `fold()`, registered as the SQL function `sesn_fold`.
Scripts written without spaces between words (Chinese, Japanese, Korean, Thai, Khmer, ...)
have no words for a full-text search to find: a part of such a name ("海关" of "海关总署") is
looked for as a substring on every database.

On PostgreSQL the large kinds (workshops, recommendations, organizations) keep each row's
full-text document in a column under a GIN index, filled by database triggers
(`stored_document_sql`, run by each app's migration), so that a search costs an index lookup
rather than a document computed for every row; `matching(..., stored_document=...)` reads it.

`matching()` is the one place that knows which database does what. Each app's QuerySet has a
`search(text)` method built on it; the site-wide search page lists those in
`portal/search_sections.py`.

A search looks for at most SEARCH_WORDS_MAX different words: each word costs the database
work (on SQLite one subquery per related field), and a page that searched for forty words
would be slow for everyone. Words beyond the bound are dropped, and the pages say which
(`search_words_notice`).
"""

import unicodedata
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import F, Func, Q, TextField
from django.db.models.constants import LOOKUP_SEP
from django.db.models.expressions import RawSQL
from django.db.models.lookups import Contains

# Long enough for any sensible phrase; a 10,000-character search is cut, not refused.
SEARCH_TEXT_MAX_LENGTH = 200
SEARCH_WORDS_MAX = 8
# English stemming with accents removed first: created by core's migration 0002.
FULL_TEXT_CONFIG = "sesn_english_unaccent"

# Letters that carry no combining mark to take off but that people type without one.
_UNACCENTED = str.maketrans(
    {"đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ı": "i", "ħ": "h", "Ħ": "H"}
)
# Scripts whose writers put no spaces between words (Unicode blocks, first and last).
_SCRIPTS_WITHOUT_SPACES = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x19E0, 0x19FF),  # Khmer symbols
    (0x2E80, 0x9FFF),  # CJK radicals, kana, Hangul compatibility jamo, CJK ideographs
    (0xA960, 0xA97F),  # Hangul jamo extended
    (0xAC00, 0xD7FF),  # Hangul syllables
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF00, 0xFFEF),  # full- and half-width forms
    (0x20000, 0x3FFFF),  # CJK extensions
)


def fold(text):
    """`text` as the search compares it: case and Latin accents taken off ("Tổng" -> "tong").

    Only the Latin combining diacritics go (U+0300-U+036F): Thai and Khmer vowel signs are
    combining marks too, and a word without them is another word.
    """
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", str(text).translate(_UNACCENTED))
    bare = "".join(c for c in decomposed if not 0x0300 <= ord(c) <= 0x036F)
    return unicodedata.normalize("NFC", bare).casefold()


def written_without_spaces(word):
    """Whether `word` holds a letter of a script written without spaces between words."""
    return any(
        first <= ord(character) <= last
        for character in word
        for first, last in _SCRIPTS_WITHOUT_SPACES
    )


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


class Folded(Func):
    """A text column as `fold()` leaves it (SQLite only: the function is registered on each
    SQLite connection, core/apps.py)."""

    function = "sesn_fold"
    output_field = TextField()


def _holds(field, word, *, folded):
    if folded:
        return Contains(Folded(F(field)), fold(word))
    return Q(**{f"{field}__icontains": word})


def _word_matches(model, word, fields, *, folded):
    """A row whose `fields` hold `word`. A field on a related row is matched in a subquery of
    its own, so that words never multiply joins (and rows) in one query."""
    return reduce(
        or_,
        (
            Q(pk__in=model._base_manager.filter(_holds(field, word, folded=folded)).values("pk"))
            if LOOKUP_SEP in field
            else Q(_holds(field, word, folded=folded))
            for field in fields
        ),
    )


def _different_words(words):
    different = {}
    for word in words:
        different.setdefault(word.casefold(), word)  # "Port port" is one word
    return list(different.values())


def matching(queryset, text, fields, *, stored_document=None):
    """Narrow `queryset` to the rows whose `fields` (lookups, related ones allowed) match `text`.

    `text` is cleaned first (`clean_search_text`): at most SEARCH_WORDS_MAX different words.
    On PostgreSQL a row matches when the English full-text query built from `text` (web-search
    syntax: words, "quoted phrases", -excluded; accents ignored) matches the row's fields;
    elsewhere when every word, accents and case ignored, appears in one of the fields. A word
    in a script written without spaces (`written_without_spaces`) is looked for as a substring
    on both. Fields on related rows are matched in subqueries, so they never duplicate a
    result, and the query grows linearly with the words.

    `stored_document` names a column of the model's table in which PostgreSQL keeps each row's
    document (the `fields` together, as `to_tsvector(FULL_TEXT_CONFIG, ...)`) under a GIN
    index: the full-text query then looks rows up there instead of computing every row's
    document (recommendations migration 0005). The column is not a model field; SQLite has none.
    """
    text = clean_search_text(text)
    if not text:
        return queryset.none()
    model = queryset.model
    if connection.vendor != "postgresql":
        return queryset.filter(
            *(
                _word_matches(model, word, fields, folded=connection.vendor == "sqlite")
                for word in _different_words(text.split())
            )
        )
    # Full-text search cannot find part of a word, and a Chinese or Thai name is one "word".
    unspaced = [word for word in text.split() if written_without_spaces(word)]
    spaced = " ".join(word for word in text.split() if not written_without_spaces(word))
    for word in _different_words(w.strip('"') for w in unspaced):
        if word.startswith("-"):  # excluded, as in the web-search syntax
            queryset = queryset.exclude(_word_matches(model, word[1:], fields, folded=False))
        else:
            queryset = queryset.filter(_word_matches(model, word, fields, folded=False))
    if not spaced.strip('"- '):
        return queryset
    if stored_document:
        quote = connection.ops.quote_name
        return queryset.filter(
            pk__in=RawSQL(
                f"SELECT {quote(model._meta.pk.column)} FROM {quote(model._meta.db_table)} "
                f"WHERE {quote(stored_document)} @@ websearch_to_tsquery(%s::regconfig, %s)",
                [FULL_TEXT_CONFIG, spaced],
            )
        )
    # PostgreSQL only: this module loads the PostgreSQL driver, which SQLite does not need.
    from django.contrib.postgres.search import SearchQuery, SearchVector  # noqa: PLC0415

    matches = (
        model._base_manager.annotate(search_document=SearchVector(*fields, config=FULL_TEXT_CONFIG))
        .filter(
            search_document=SearchQuery(spaced, config=FULL_TEXT_CONFIG, search_type="websearch")
        )
        .values("pk")
    )
    return queryset.filter(pk__in=matches)


# Stored search documents (PostgreSQL only) ------------------------------------------------------
#
# A searched table with many rows keeps each row's document in a `tsvector` column under a GIN
# index, so that a search looks rows up instead of computing every row's document
# (`matching(..., stored_document=...)`). The database keeps the column current with triggers,
# whatever writes the rows: forms, the admin, bulk_create, update(), a backup being loaded, a
# restore. `stored_document_sql` writes those triggers for a table; each app's migration runs
# what it returns, on PostgreSQL only. The column is no model field: Django never reads it.


@dataclass(frozen=True)
class Own:
    """A column of the searched row itself ("title")."""

    column: str


@dataclass(frozen=True)
class Parent:
    """A column of the row a foreign key points at ("series__name")."""

    foreign_key: str  # column of the searched table
    table: str
    column: str


@dataclass(frozen=True)
class Children:
    """A column of the rows pointing at the searched row ("objectives__text")."""

    table: str
    foreign_key: str  # column of `table`
    column: str


@dataclass(frozen=True)
class Linked:
    """A column of the rows linked by a many-to-many table ("themes__name")."""

    through: str
    own_key: str  # column of `through` pointing at the searched row
    other_key: str  # column of `through` pointing at `table`
    table: str
    column: str


def _part_text(part):
    if isinstance(part, Own):
        return f"NEW.{part.column}::text"
    if isinstance(part, Parent):
        return (
            f"(SELECT p.{part.column}::text FROM {part.table} p "
            f"WHERE p.id = NEW.{part.foreign_key})"
        )
    if isinstance(part, Children):
        return (
            f"(SELECT string_agg(c.{part.column}::text, ' ' ORDER BY c.id) FROM {part.table} c "
            f"WHERE c.{part.foreign_key} = NEW.id)"
        )
    return (
        f"(SELECT string_agg(o.{part.column}::text, ' ' ORDER BY o.id) FROM {part.through} l "
        f"JOIN {part.table} o ON o.id = l.{part.other_key} WHERE l.{part.own_key} = NEW.id)"
    )


def _function(name, body):
    return (
        f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        f"BEGIN\n{body}\nEND\n$$;\n"
    )


def stored_document_sql(table, parts, column="search_document"):
    """(create, drop): the SQL that adds to `table` the column `column` holding each row's
    document, `to_tsvector(FULL_TEXT_CONFIG, part || ' ' || part ...)` over `parts` (Own,
    Parent, Children, Linked, in the order of the search's fields, several related rows'
    texts joined by spaces), its GIN index, and the triggers that keep it current; and the SQL
    that takes them away. Run without parameters: it holds several statements."""
    document = " || ' ' || ".join(f"COALESCE({_part_text(part)}, '')" for part in parts)
    refresh = f"UPDATE {table} SET {column} = NULL WHERE id IN"  # the BEFORE trigger refills it
    functions = [f"{table}_doc"]
    create = [
        f"ALTER TABLE {table} ADD COLUMN {column} tsvector;",
        _function(
            f"{table}_doc",
            f"NEW.{column} := to_tsvector('{FULL_TEXT_CONFIG}'::regconfig, {document});\n"
            "RETURN NEW;",
        ),
        f"CREATE TRIGGER {table}_doc BEFORE INSERT OR UPDATE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_doc();",
    ]
    for number, part in enumerate(parts):
        name = f"{table}_doc_{number}"
        if isinstance(part, Parent):
            # A parent renamed, or added after the rows pointing at it (a backup loaded).
            functions.append(name)
            create += [
                _function(
                    name,
                    f"{refresh} (SELECT id FROM {table} WHERE {part.foreign_key} = NEW.id);\n"
                    "RETURN NULL;",
                ),
                f"CREATE TRIGGER {name}_ins AFTER INSERT ON {part.table} "
                f"FOR EACH ROW EXECUTE FUNCTION {name}();",
                f"CREATE TRIGGER {name}_upd AFTER UPDATE OF {part.column} ON {part.table} "
                f"FOR EACH ROW WHEN (OLD.{part.column} IS DISTINCT FROM NEW.{part.column}) "
                f"EXECUTE FUNCTION {name}();",
            ]
        elif isinstance(part, Children | Linked):
            # Rows added, changed or removed, a whole bulk_create in one statement.
            rows, key = (
                (part.table, part.foreign_key)
                if isinstance(part, Children)
                else (part.through, part.own_key)
            )
            functions += [name, f"{name}_moved"]
            create += [
                _function(name, f"{refresh} (SELECT {key} FROM changed);\nRETURN NULL;"),
                _function(
                    f"{name}_moved",
                    f"{refresh} (SELECT {key} FROM old_rows UNION SELECT {key} FROM new_rows);\n"
                    "RETURN NULL;",
                ),
                f"CREATE TRIGGER {name}_ins AFTER INSERT ON {rows} REFERENCING NEW TABLE AS "
                f"changed FOR EACH STATEMENT EXECUTE FUNCTION {name}();",
                f"CREATE TRIGGER {name}_del AFTER DELETE ON {rows} REFERENCING OLD TABLE AS "
                f"changed FOR EACH STATEMENT EXECUTE FUNCTION {name}();",
                f"CREATE TRIGGER {name}_upd AFTER UPDATE ON {rows} REFERENCING OLD TABLE AS "
                f"old_rows NEW TABLE AS new_rows FOR EACH STATEMENT "
                f"EXECUTE FUNCTION {name}_moved();",
            ]
            if isinstance(part, Linked):
                # A linked row renamed, or added after its links (a backup loaded).
                functions.append(f"{name}_named")
                create += [
                    _function(
                        f"{name}_named",
                        f"{refresh} (SELECT {part.own_key} FROM {part.through} "
                        f"WHERE {part.other_key} = NEW.id);\nRETURN NULL;",
                    ),
                    f"CREATE TRIGGER {name}_named_ins AFTER INSERT ON {part.table} "
                    f"FOR EACH ROW EXECUTE FUNCTION {name}_named();",
                    f"CREATE TRIGGER {name}_named_upd AFTER UPDATE OF {part.column} "
                    f"ON {part.table} FOR EACH ROW "
                    f"WHEN (OLD.{part.column} IS DISTINCT FROM NEW.{part.column}) "
                    f"EXECUTE FUNCTION {name}_named();",
                ]
    create += [
        f"UPDATE {table} SET {column} = NULL;",
        # Written into the index at once (no pending list): a bulk load's pending list would
        # keep the planner off the index until the next vacuum.
        f"CREATE INDEX {table}_doc ON {table} USING gin ({column}) WITH (fastupdate = off);",
        # Statistics of the new column at once: without them the planner takes every search
        # for a rare word, until autovacuum gets round to the table.
        f"ANALYZE {table};",
    ]
    drop = [f"DROP FUNCTION IF EXISTS {name}() CASCADE;" for name in functions]
    drop.append(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {column};")
    return "\n".join(create), "\n".join(drop)


def run_on_postgresql(sql):
    """A migration operation that runs `sql` (several statements) forwards on PostgreSQL only."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(sql)  # no parameters: several statements at once

    return forwards
