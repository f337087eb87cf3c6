"""What every portal record shares, and the marker of the seed records loaded once."""

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .slugs import slug_from, unique_slug


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


class DatePrecision(models.TextChoices):
    """How much of a date the sources state. A date known to the month is stored as the
    month's first day (to the year: 1 January), so that sorting and filtering by date work as
    for any other; it is shown only as far as it is known ("June 2009", "2009")."""

    DAY = "day", "Day"
    MONTH = "month", "Month only"
    YEAR = "year", "Year only"


def as_known(day, precision):
    """`day` as stored for a date known to `precision`: the month's or the year's first day."""
    if day is None or precision == DatePrecision.DAY:
        return day
    if precision == DatePrecision.MONTH:
        return day.replace(day=1)
    return day.replace(month=1, day=1)


class SluggedModel(models.Model):
    """A record with a `slug` in its address.

    Saving fills an empty slug from `slug_sources()` (transliterated, so a name in any script
    gets one; see `core.slugs.slug_from`), and a changed slug keeps the old one in `OldSlug`,
    so the old address answers with a permanent redirect (`core.views.redirect_old_slug`).
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "slug" not in update_fields:
            return super().save(*args, **kwargs)  # the slug is not being saved
        manager = type(self)._default_manager
        if not self.slug:
            max_length = self._meta.get_field("slug").max_length
            base = slug_from(
                *self.slug_sources(), max_length=max_length, default=self._meta.model_name
            )
            others = manager.exclude(pk=self.pk) if self.pk else manager.all()
            self.slug = unique_slug(base, lambda slug: others.filter(slug=slug).exists())
        stored = None
        if self.pk is not None:
            stored = manager.filter(pk=self.pk).values_list("slug", flat=True).first()
        super().save(*args, **kwargs)
        if stored == self.slug:
            return None
        kind = ContentType.objects.get_for_model(type(self))
        # The current address is live again: it is no one's old address any more.
        OldSlug.objects.filter(content_type=kind, slug=self.slug).delete()
        if stored:
            OldSlug.objects.update_or_create(
                content_type=kind, slug=stored, defaults={"object_id": self.pk}
            )

    def slug_sources(self):
        """The names to make a slug from, best first."""
        return [str(self)]


class OldSlug(models.Model):
    """A slug a record had before: its old addresses redirect to the record's current ones."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    slug = models.SlugField(max_length=200)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["content_type", "slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "slug"], name="old_slug_unique_per_kind"
            )
        ]

    def __str__(self):
        return f"{self.content_type.model} {self.slug} (now #{self.object_id})"


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
