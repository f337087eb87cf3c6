"""A stored search document for each recommendation, on PostgreSQL only.

Searching recommendations used to compute the full-text document of every recommendation (and
every one of its themes) on each search. The column `search_document` now holds each one's
document, its title, text and theme names together, under a GIN index, and
`RecommendationQuerySet.search` looks it up there. Triggers keep it current whatever writes the
rows (core.search.stored_document_sql); existing recommendations get theirs here.

The column is not a field of the model: Django never reads or writes it, so it is in no list,
export, backup or history. Nothing happens on SQLite, which searches by substrings.
"""

from django.db import migrations

from core.search import Linked, Own, run_on_postgresql, stored_document_sql

# The fields of RecommendationQuerySet.search, in their order.
CREATE, DROP = stored_document_sql(
    "recommendations_recommendation",
    [
        Own("short_title"),
        Own("text"),
        Linked(
            through="recommendations_recommendation_themes",
            own_key="recommendation_id",
            other_key="theme_id",
            table="recommendations_theme",
            column="name",
        ),
    ],
)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_search_ignores_accents"),
        ("recommendations", "0004_slug_filled_in"),
    ]

    operations = [migrations.RunPython(run_on_postgresql(CREATE), run_on_postgresql(DROP))]
