"""A stored search document for each workshop, on PostgreSQL only.

As recommendations 0005: the column `search_document` holds each workshop's document (its
titles, place, summary, figures note, series name, objectives and conclusions together) under a
GIN index, kept current by triggers (core.search.stored_document_sql), and
`WorkshopQuerySet.search` looks it up there. Not a model field; nothing happens on SQLite.
"""

from django.db import migrations

from core.search import Children, Own, Parent, run_on_postgresql, stored_document_sql

# The fields of WorkshopQuerySet.search, in their order.
CREATE, DROP = stored_document_sql(
    "workshops_workshop",
    [
        Own("title"),
        Own("short_title"),
        Own("summary"),
        Own("city"),
        Own("venue"),
        Own("recorded_figures_note"),
        Parent(foreign_key="series_id", table="workshops_workshopseries", column="name"),
        Children(table="workshops_objective", foreign_key="workshop_id", column="text"),
        Children(table="workshops_conclusion", foreign_key="workshop_id", column="text"),
    ],
)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_search_ignores_accents"),
        ("workshops", "0008_dates_known_to_month_or_year_other_roles_numberings_figures_explained"),
    ]

    operations = [migrations.RunPython(run_on_postgresql(CREATE), run_on_postgresql(DROP))]
