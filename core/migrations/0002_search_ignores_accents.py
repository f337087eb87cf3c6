"""Search ignores accents on PostgreSQL: the `unaccent` extension, and a full-text configuration
(core.search.FULL_TEXT_CONFIG) that takes accents off each word before the English stemmer.

Nothing happens on SQLite, where core.search compares text through Python's `fold()`.
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

CONFIG = "sesn_english_unaccent"


def create_configuration(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")
    schema_editor.execute(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = english)")
    # Words with letters outside ASCII ("Tổng", "Hải") are `word` and `hword_part`; ASCII ones
    # need no unaccenting.
    schema_editor.execute(
        f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} "
        "ALTER MAPPING FOR word, hword, hword_part WITH unaccent, english_stem"
    )


def drop_configuration(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        UnaccentExtension(),
        migrations.RunPython(create_configuration, drop_configuration),
    ]
