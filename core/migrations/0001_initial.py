"""SeedLoad moves here from the workshops app; its table and rows stay where they are.

The model's state is created here and deleted from `workshops` (workshops 0007) without touching
the database; the table keeps its name (`Meta.db_table`). Its content type is renamed, so the
permissions granted on it, and the admin log that points at it, stay.
"""

from django.db import migrations, models


def content_type_to_core(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="core", model="seedload").exists():
        ContentType.objects.filter(app_label="workshops", model="seedload").update(app_label="core")


def content_type_to_workshops(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="workshops", model="seedload").exists():
        ContentType.objects.filter(app_label="core", model="seedload").update(app_label="workshops")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        # The table was created by the workshops app.
        ("workshops", "0006_material_file_in_random_folder"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SeedLoad",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "part",
                            models.CharField(
                                choices=[("workshops", "workshop records"), ("news", "news post")],
                                max_length=20,
                                unique=True,
                            ),
                        ),
                        (
                            "source",
                            models.CharField(
                                help_text="The source document in sources/ the records come from.",
                                max_length=255,
                            ),
                        ),
                        ("loaded_at", models.DateTimeField()),
                        (
                            "outcome",
                            models.CharField(
                                choices=[
                                    ("loaded", "loaded"),
                                    ("found", "found already loaded"),
                                    ("found-edited", "found already loaded and edited by staff"),
                                ],
                                max_length=20,
                            ),
                        ),
                        (
                            "note",
                            models.TextField(
                                blank=True,
                                help_text="What the loader found, when the records were already there.",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "workshops_seedload",
                        "ordering": ["loaded_at", "part"],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_to_core, content_type_to_workshops),
    ]
