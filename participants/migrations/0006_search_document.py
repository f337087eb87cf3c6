"""A stored search document for each organization, on PostgreSQL only.

As recommendations 0005: the column `search_document` holds each organization's document (its
name, acronym, description and names in other languages together) under a GIN index, kept
current by triggers (core.search.stored_document_sql), and `OrganizationQuerySet.search` looks
it up there. Not a model field; nothing happens on SQLite.
"""

from django.db import migrations

from core.search import Children, Own, run_on_postgresql, stored_document_sql

# The fields of OrganizationQuerySet.search, in their order.
CREATE, DROP = stored_document_sql(
    "participants_organization",
    [
        Own("name"),
        Own("acronym"),
        Own("description"),
        Children(
            table="participants_organizationname", foreign_key="organization_id", column="name"
        ),
    ],
)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_search_ignores_accents"),
        ("participants", "0005_delegations_and_names_in_other_languages"),
    ]

    operations = [migrations.RunPython(run_on_postgresql(CREATE), run_on_postgresql(DROP))]
