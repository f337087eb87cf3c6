from django.db import models

from workshops.models import Workshop


class StoredReport(models.Model):
    """The last good rendering of a workshop's outcome report, kept in the media storage.

    `fingerprint` is the SHA-256 of everything the report shows (see `reports/content.py`)
    and of its layout; a download whose fingerprint differs renders afresh.
    """

    shown_on_public_pages = False  # core/records_version.py: a file, not a page

    workshop = models.OneToOneField(
        Workshop, on_delete=models.CASCADE, related_name="stored_report"
    )
    fingerprint = models.CharField(max_length=64)
    stamp = models.CharField(
        max_length=64, help_text="reports.content.report_stamp when last checked."
    )
    # reports/<workshop slug (up to 160)>-<fingerprint>.pdf, with room for a longer suffix.
    file = models.FileField(upload_to="reports/", max_length=255)
    is_draft = models.BooleanField(help_text="Rendered while the workshop was a draft.")
    page_count = models.PositiveIntegerField()
    size = models.PositiveIntegerField(help_text="Bytes.")
    render_seconds = models.FloatField()
    generated_at = models.DateTimeField()
    last_failure = models.TextField(
        blank=True, help_text="Why the latest attempt to render a newer version failed."
    )
    last_failure_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-generated_at"]

    def __str__(self):
        return f"Report of {self.workshop} ({self.generated_at:%Y-%m-%d %H:%M})"


class WorkshopReport(Workshop):
    """Workshops as the admin's "Outcome reports" list sees them: with their report's state."""

    class Meta:
        proxy = True
        verbose_name = "outcome report"
        verbose_name_plural = "outcome reports"
