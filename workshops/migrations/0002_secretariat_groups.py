from django.contrib.auth.management import create_permissions
from django.db import migrations

from core.permissions import SECRETARIAT_EDITORS, SECRETARIAT_VIEWERS, sync_secretariat_groups


def create_secretariat_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; make them exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_secretariat_groups(apps)


def remove_secretariat_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=[SECRETARIAT_EDITORS, SECRETARIAT_VIEWERS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("workshops", "0001_initial"),
        ("participants", "0002_initial"),
        ("recommendations", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_secretariat_groups, remove_secretariat_groups)]
