from django.core.management.base import BaseCommand, CommandError

from reports.services import ReportUnavailable, report_generate
from workshops.models import Workshop


class Command(BaseCommand):
    help = (
        "Render and store workshop outcome reports whose records changed since they were "
        "last rendered (all of them with --force)."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--workshop", metavar="SLUG", help="One workshop, by its slug.")
        which.add_argument("--all", action="store_true", help="Every workshop, drafts too.")
        parser.add_argument(
            "--force", action="store_true", help="Render even where the stored PDF is current."
        )

    def handle(self, *args, workshop=None, all=False, force=False, **options):
        if workshop:
            workshops = Workshop.objects.filter(slug=workshop)
            if not workshops.exists():
                raise CommandError(f"No workshop has the slug {workshop!r}.")
        else:
            workshops = Workshop.objects.order_by("start_date", "pk")
        failures = 0
        for each in workshops:
            try:
                stored = report_generate(workshop=each, force=force)
            except ReportUnavailable as error:
                failures += 1
                self.stderr.write(f"{each.slug}: no report: {error}")
                continue
            if stored.last_failure:
                failures += 1
                self.stderr.write(
                    f"{each.slug}: rendering failed, the earlier report is kept: "
                    f"{stored.last_failure}"
                )
            else:
                self.stdout.write(
                    f"{each.slug}: {stored.file.name} ({stored.page_count} pages, "
                    f"generated {stored.generated_at:%Y-%m-%d %H:%M} UTC)"
                )
        if failures:
            raise CommandError(f"{failures} report(s) could not be rendered.")
