"""What every portal record shares, and the marker of the seed records loaded once."""

from django.db import models


class TimestampedModel(models.Model):
    """Every record says when it was created and last changed."""

    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class SluggedQuerySet(models.QuerySet):
    """Records whose slug is their natural key, as `export_records` writes them."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class SeedLoad(models.Model):
    """One part of the seed records, loaded once into this database.

    `load_seed_records` skips a part that has its record here: after the first load the seed
    records belong to the staff, who may edit or delete them.
    """

    shown_on_public_pages = False  # core/records_version.py: the records loaded count

    class Part(models.TextChoices):
        WORKSHOPS = "workshops", "workshop records"
        NEWS = "news", "news post"

    class Outcome(models.TextChoices):
        LOADED = "loaded", "loaded"
        FOUND = "found", "found already loaded"
        FOUND_EDITED = "found-edited", "found already loaded and edited by staff"

    part = models.CharField(max_length=20, choices=Part.choices, unique=True)
    source = models.CharField(
        max_length=255, help_text="The source document in sources/ the records come from."
    )
    loaded_at = models.DateTimeField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    note = models.TextField(
        blank=True, help_text="What the loader found, when the records were already there."
    )

    class Meta:
        # Created by the workshops app, where this model lived before `core` (core 0001).
        db_table = "workshops_seedload"
        ordering = ["loaded_at", "part"]

    def __str__(self):
        return f"{self.get_part_display()} of {self.source}: {self.get_outcome_display()}"
