from django.core.management.base import BaseCommand

from news.seed_records import seed_records_load as news_seed_records_load
from workshops.seed_records import seed_records_load


class Command(BaseCommand):
    help = (
        "Load the network's real records from the source document (the 2nd SESN workshop, "
        "Siem Reap, 2010). Safe to run again: existing records are never changed."
    )

    def handle(self, *args, **options):
        result = seed_records_load()
        # The news post links to the workshop, so it comes after the workshop's records.
        result.created += news_seed_records_load().created
        if result:
            for record in result.created:
                self.stdout.write(f"created {record._meta.verbose_name}: {record}")
            self.stdout.write(self.style.SUCCESS(f"Seed records: {len(result.created)} created."))
        else:
            self.stdout.write("Seed records: all present, nothing changed.")
