"""Writes to workshops that have side effects or touch several records."""

from django.db import transaction
from django.utils import timezone

from .models import Workshop


@transaction.atomic
def workshop_publish(*, workshop: Workshop) -> Workshop:
    """Make a workshop public. Sets `published_at` the first time it is published."""
    workshop.status = Workshop.Status.PUBLISHED
    if workshop.published_at is None:
        workshop.published_at = timezone.now()
    workshop.full_clean()
    workshop.save()
    return workshop


@transaction.atomic
def workshop_unpublish(*, workshop: Workshop) -> Workshop:
    """Take a workshop back to draft: the public gets 404 for it until it is published again."""
    workshop.status = Workshop.Status.DRAFT
    workshop.full_clean()
    workshop.save()
    return workshop
