"""The records version (core/records_version.py): what moves it on, and what does not."""

import datetime

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache
from django.utils import timezone

from core.models import SeedLoad
from core.records_version import (
    counted_once_per_version,
    records_changed,
    records_version,
    scheduled_change_source,
)

pytestmark = pytest.mark.django_db


def test_records_version_stays_while_nothing_changes():
    assert records_version() == records_version()


def test_records_changed_moves_the_version_on():
    before = records_version()
    records_changed()
    assert records_version() != before


def test_a_change_in_a_transaction_moves_it_again_once_committed(
    django_capture_on_commit_callbacks,
):
    before = records_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        records_changed()
        during = records_version()
        records_changed()
    assert during != before
    # Once per transaction, however many records it changes.
    assert len(callbacks) == 1
    callbacks[0]()
    assert records_version() not in (before, during)


def test_an_emptied_cache_starts_a_new_version():
    before = records_version()
    cache.clear()
    assert records_version() != before


def test_a_scheduled_change_moves_it_on_once_its_time_has_passed(monkeypatch):
    now = timezone.now()
    moment = now + datetime.timedelta(minutes=5)
    monkeypatch.setattr("core.records_version._scheduled_sources", [])
    scheduled_change_source(lambda after: moment if moment > after else None)
    before = records_version()
    assert records_version() == before

    monkeypatch.setattr(timezone, "now", lambda: moment)
    after = records_version()
    assert after != before
    assert records_version() == after  # once: the next scheduled change is none


def test_what_no_public_page_shows_leaves_it_alone():
    from news.models import CommentRateWindow
    from workshops.tests.factories import WorkshopFactory

    workshop = WorkshopFactory()
    before = records_version()
    workshop.history.update(history_change_reason="Synthetic reason")  # history, no signal
    workshop.history.latest().save()  # a historical record saved
    SeedLoad.objects.create(
        part=SeedLoad.Part.NEWS,
        source="synthetic.txt",
        loaded_at=timezone.now(),
        outcome=SeedLoad.Outcome.LOADED,
    )
    CommentRateWindow.objects.create(address_hash="0" * 64, opened=timezone.now())
    session = SessionStore()
    session["synthetic"] = True
    session.save()
    assert records_version() == before


def test_renaming_a_user_moves_it_on_and_signing_in_does_not(client, editor):
    before = records_version()
    client.force_login(editor)
    assert records_version() == before
    editor.first_name = "Synthetic"
    editor.save()
    assert records_version() != before


def test_saving_a_public_record_moves_it_on():
    from workshops.tests.factories import WorkshopFactory

    before = records_version()
    WorkshopFactory()
    assert records_version() != before


def test_a_figure_counted_once_per_version_is_counted_again_after_a_change():
    counted = []

    def count():
        counted.append(len(counted) + 1)
        return len(counted)

    assert counted_once_per_version("synthetic-figure", count) == 1
    assert counted_once_per_version("synthetic-figure", count) == 1  # read from the cache
    records_changed()
    assert counted_once_per_version("synthetic-figure", count) == 2
    assert counted == [1, 2]
