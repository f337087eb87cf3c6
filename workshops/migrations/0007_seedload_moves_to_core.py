"""SeedLoad now belongs to `core` (core 0001): removed from this app's state, table kept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0006_material_file_in_random_folder"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="SeedLoad")],
            database_operations=[],
        ),
    ]
