"""The records version: a value in the cache that moves on after every change to what the
public pages show.


A page can also change with no write at all: a scheduled news post appears at its time. Apps
register what tells the next such moment (`scheduled_change_source`); once it has passed, the
next `records_version()` moves the version on.

The user model counts too (a news post names its author), but not a sign-in's `last_login`.
Models whose rows no public page shows (their history, `SeedLoad`, the comment rate windows,
the stored reports) say so with `shown_on_public_pages = False`; a historical model (one of
django-simple-history's) never counts.
"""

import secrets
from functools import cache as remembered

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from .permissions import PORTAL_APPS

VERSION_KEY = "records-version"
# (the version it was worked out for, the next scheduled change after that or None)
SCHEDULED_KEY = "records-version:next-scheduled-change"

_scheduled_sources = []


def records_version() -> str:
    """The current records version: one cache read, and a query only after a change."""
    found = cache.get_many([VERSION_KEY, SCHEDULED_KEY])
    version = found.get(VERSION_KEY)
    if version is None:
        # A new cache (or one emptied): a version never handed out before.
        cache.add(VERSION_KEY, secrets.token_hex(8), timeout=None)
        version = cache.get(VERSION_KEY)
    scheduled = found.get(SCHEDULED_KEY)
    if scheduled is None or scheduled[0] != version:
        scheduled = (version, _next_scheduled_change())
        cache.set(SCHEDULED_KEY, scheduled, timeout=None)
    if scheduled[1] is not None and scheduled[1] <= timezone.now():
        # A scheduled post has reached its time: what the pages show changed without a write.
        _move_on()
        return records_version()
    return version


def kept_while_records_stand(key, compute):
    """`compute()`, worked out once per records version and read from the cache until the
    version moves on (kept no longer than the page cache keeps a page).

    For what follows from the records alone and is the same for every reader, never a
    reader's own data (the network's figures, the countries on record, which organizations
    are public, a page's record part): a page then costs one cache read however many records
    there are, and is never stale, since every change to the records moves the version on,
    so signed-in staff may be given it too."""
    return cache.get_or_set(
        f"{key}:{records_version()}", compute, timeout=settings.PAGE_CACHE_SECONDS
    )


def records_changed() -> None:
    """Move the records version on: now, and again once the current transaction commits, so
    that a page read meanwhile from the records as they were is not kept under the new one."""
    _move_on()
    connection = transaction.get_connection()
    if connection.in_atomic_block and not any(
        function is _move_on for _, function, _ in connection.run_on_commit
    ):
        transaction.on_commit(_move_on)


def scheduled_change_source(function):
    """Register `function(after)`, which returns the first moment later than `after` at which
    public pages change by themselves (a scheduled post's time), or None."""
    if function not in _scheduled_sources:
        _scheduled_sources.append(function)
    return function


def _next_scheduled_change():
    now = timezone.now()
    moments = [moment for source in _scheduled_sources if (moment := source(now)) is not None]
    return min(moments, default=None)


def _move_on():
    cache.set(VERSION_KEY, secrets.token_hex(8), timeout=None)


@remembered
def shown_on_public_pages(model) -> bool:
    """Whether saving or deleting a row of `model` may change a public page (a news post
    names its author: the user model counts too)."""
    if model._meta.label == settings.AUTH_USER_MODEL:
        return True
    return (
        model._meta.app_label in PORTAL_APPS
        and not hasattr(model, "instance_type")  # django-simple-history's historical models
        and getattr(model, "shown_on_public_pages", True)
    )


def connect_to_records(apps) -> None:
    """Have every save, deletion and many-to-many change of a model that public pages show
    move the records version on. Called once the app registry `apps` is ready; connected per
    model, so that other models (sessions, history) keep Django's fast bulk deletion."""
    from django.contrib.auth import get_user_model  # noqa: PLC0415 (needs the app registry)

    models = [
        model
        for app_config in apps.get_app_configs()
        if app_config.label in PORTAL_APPS
        for model in app_config.get_models()
    ]
    for model in [*models, get_user_model()]:
        if not shown_on_public_pages(model):
            continue
        for signal in (post_save, post_delete):
            signal.connect(record_saved_or_deleted, sender=model, dispatch_uid=__name__)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                records_linked, sender=field.remote_field.through, dispatch_uid=__name__
            )


def record_saved_or_deleted(sender, update_fields=None, **kwargs):
    # A sign-in saves the user's last_login alone, which no page shows.
    if shown_on_public_pages(sender) and set(update_fields or ()) != {"last_login"}:
        records_changed()


def records_linked(sender, action, **kwargs):
    if action.startswith("post_"):
        records_changed()
