from django.core.management.base import BaseCommand

from core.models import SeedLoad
from news.seed_records import seed_records_load as news_seed_records_load
from portal.seed_records import seed_records_load


class Command(BaseCommand):
    help = (
        "Load the network's real records from the source document (the 2nd SESN workshop, "
        "Siem Reap, 2010), once per database. Later runs change nothing: the records then "
        "belong to the staff."
    )

    def handle(self, *args, **options):
        # The news post links to the workshop, so it comes after the workshop's records.
        for load in (seed_records_load, news_seed_records_load):
            self.report(load())

    def report(self, outcome):
        marker = outcome.marker
        records = f"Seed records ({marker.get_part_display()}) of {marker.source}"
        day = f"{marker.loaded_at:%Y-%m-%d}"
        if outcome.already_loaded:
            if marker.outcome == SeedLoad.Outcome.LOADED:
                self.stdout.write(f"{records} were loaded on {day}: nothing to do.")
            else:
                self.stdout.write(
                    f"{records} were {marker.get_outcome_display()} on {day}: nothing to do."
                )
        elif marker.outcome == SeedLoad.Outcome.LOADED:
            for record in outcome.created:
                self.stdout.write(f"created {record._meta.verbose_name}: {record}")
            self.stdout.write(
                self.style.SUCCESS(f"{records}: {len(outcome.created)} created, loaded once.")
            )
        elif marker.outcome == SeedLoad.Outcome.FOUND:
            self.stdout.write(
                f"{records} were already in the database: nothing changed; "
                "recorded as loaded, so later runs do nothing."
            )
        else:
            self.stdout.write(
                self.style.WARNING(
                    f"{records} were already in the database and staff have edited them: "
                    "nothing changed, nothing created; recorded as loaded, so later runs do "
                    f"nothing. {marker.note}"
                )
            )
