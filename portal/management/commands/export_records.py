"""python manage.py export_records FILE: every record, with its history, in one JSON file."""

import datetime
import json
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.core.serializers.json import DjangoJSONEncoder

from core.storage import media_storage_said
from portal.backups import records_export


class BackupJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds: a backup loses nothing.

    DjangoJSONEncoder cuts times to milliseconds, so a reloaded record's `updated` and its
    history's `history_date` would differ from the originals.
    """

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class Command(BaseCommand):
    help = (
        "Write every record (users, workshops, participants, recommendations, news, reports "
        "and their history) to one JSON file. Uploaded files are named, not copied: back up "
        "MEDIA_ROOT beside it."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Where to write the backup, e.g. sesn-records.json")

    def handle(self, *args, file, **options):
        backup = records_export()
        Path(file).write_text(
            json.dumps(backup, cls=BackupJSONEncoder, ensure_ascii=False, indent=1),
            encoding="utf-8",
        )
        # The files' storage: MEDIA_ROOT, or the object store (STORAGE_URL).
        missing = [name for name in backup["media_files"] if not default_storage.exists(name)]
        self.stdout.write(
            f"Wrote {len(backup['records'])} records and {len(backup['media_files'])} media "
            f"file names to {file}."
        )
        for name in missing:
            self.stderr.write(
                f"Warning: media file {name} is named but missing from {media_storage_said()}"
            )
