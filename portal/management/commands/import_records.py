"""python manage.py import_records FILE: load an export_records backup into an empty database."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from core.storage import media_storage_said
from portal.backups import records_import


class Command(BaseCommand):
    help = (
        "Load a backup written by export_records into a freshly migrated, empty database "
        "(do not load the seed records first). Copy the media files into MEDIA_ROOT as well."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup file written by export_records")

    def handle(self, *args, file, **options):
        try:
            backup = json.loads(Path(file).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        try:
            count = records_import(backup=backup)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"Loaded {count} records from {file}.")
        for name in backup.get("media_files", []):
            if not default_storage.exists(name):
                self.stderr.write(
                    f"Warning: media file {name} is not in {media_storage_said()}: copy it."
                )
