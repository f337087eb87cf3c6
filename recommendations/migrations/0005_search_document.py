"""A stored search document for each recommendation, on PostgreSQL only.

Searching recommendations used to compute the full-text document of every recommendation (and
every one of its themes) on each search. The column `search_document` now holds that document,
`to_tsvector(core.search.FULL_TEXT_CONFIG, short_title || ' ' || text || ' ' || theme names)`,
under a GIN index, and `RecommendationQuerySet.search` looks it up there.

The database keeps the document current, whatever writes the rows (a form, an admin action,
bulk_create, a backup being loaded, a restore): a trigger rebuilds it whenever a recommendation
is inserted or updated, and whenever one of its theme links is added or removed or one of its
themes is added or renamed. Existing recommendations get theirs here.

The column is not a field of the model: Django never reads or writes it, so it is neither in
lists, exports, backups nor history. Nothing happens on SQLite, which searches by substrings.
"""

from django.db import migrations

CONFIG = "sesn_english_unaccent"  # core.search.FULL_TEXT_CONFIG, made by core 0002

CREATE = f"""
ALTER TABLE recommendations_recommendation ADD COLUMN search_document tsvector;

-- The one definition of a recommendation's document: the fields of RecommendationQuerySet.search.
CREATE FUNCTION recommendations_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_document := to_tsvector(
        '{CONFIG}'::regconfig,
        COALESCE(NEW.short_title, '') || ' ' || COALESCE(NEW.text, '') || ' ' || COALESCE(
            (SELECT string_agg(theme.name, ' ' ORDER BY theme.name)
               FROM recommendations_recommendation_themes link
               JOIN recommendations_theme theme ON theme.id = link.theme_id
              WHERE link.recommendation_id = NEW.id),
            ''
        )
    );
    RETURN NEW;
END
$$;
CREATE TRIGGER recommendations_search_document
    BEFORE INSERT OR UPDATE ON recommendations_recommendation
    FOR EACH ROW EXECUTE FUNCTION recommendations_search_document();

-- Theme links added or removed (one statement for a whole bulk_create): rebuild their documents.
CREATE FUNCTION recommendations_theme_links_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE recommendations_recommendation SET search_document = NULL
     WHERE id IN (SELECT recommendation_id FROM changed_links);
    RETURN NULL;
END
$$;
CREATE TRIGGER recommendations_theme_links_added
    AFTER INSERT ON recommendations_recommendation_themes
    REFERENCING NEW TABLE AS changed_links
    FOR EACH STATEMENT EXECUTE FUNCTION recommendations_theme_links_changed();
CREATE TRIGGER recommendations_theme_links_removed
    AFTER DELETE ON recommendations_recommendation_themes
    REFERENCING OLD TABLE AS changed_links
    FOR EACH STATEMENT EXECUTE FUNCTION recommendations_theme_links_changed();

-- A theme renamed, or added after its links (a backup loaded with forward references).
CREATE FUNCTION recommendations_theme_named() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE recommendations_recommendation SET search_document = NULL
     WHERE id IN (SELECT recommendation_id FROM recommendations_recommendation_themes
                   WHERE theme_id = NEW.id);
    RETURN NULL;
END
$$;
CREATE TRIGGER recommendations_theme_added
    AFTER INSERT ON recommendations_theme
    FOR EACH ROW EXECUTE FUNCTION recommendations_theme_named();
CREATE TRIGGER recommendations_theme_renamed
    AFTER UPDATE OF name ON recommendations_theme
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION recommendations_theme_named();

UPDATE recommendations_recommendation SET search_document = NULL;
-- Written into the index at once (no pending list): recommendations are written seldom, and a bulk
-- load's pending list would keep the planner off the index until the next vacuum.
CREATE INDEX recommendations_search_document
    ON recommendations_recommendation USING gin (search_document) WITH (fastupdate = off);
"""

DROP = """
DROP TRIGGER IF EXISTS recommendations_theme_renamed ON recommendations_theme;
DROP TRIGGER IF EXISTS recommendations_theme_added ON recommendations_theme;
DROP FUNCTION IF EXISTS recommendations_theme_named();
DROP TRIGGER IF EXISTS recommendations_theme_links_removed ON recommendations_recommendation_themes;
DROP TRIGGER IF EXISTS recommendations_theme_links_added ON recommendations_recommendation_themes;
DROP FUNCTION IF EXISTS recommendations_theme_links_changed();
DROP TRIGGER IF EXISTS recommendations_search_document ON recommendations_recommendation;
DROP FUNCTION IF EXISTS recommendations_search_document();
ALTER TABLE recommendations_recommendation DROP COLUMN IF EXISTS search_document;
"""


def _run(sql, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(sql)  # no parameters: several statements in one


def create_search_document(apps, schema_editor):
    _run(CREATE, schema_editor)


def drop_search_document(apps, schema_editor):
    _run(DROP, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_search_ignores_accents"),
        ("recommendations", "0004_slug_filled_in"),
    ]

    operations = [migrations.RunPython(create_search_document, drop_search_document)]
