"""`manage.py generate_reports`."""

import pytest
from django.core.management import CommandError, call_command

from reports.models import StoredReport
from workshops.tests.factories import WorkshopFactory


def test_generate_reports_for_one_workshop(stand_in_renderer, seed_records, capsys):
    call_command("generate_reports", workshop=seed_records.slug)
    stored = StoredReport.objects.get(workshop=seed_records)
    assert f"{seed_records.slug}: {stored.file.name} ({stored.page_count} pages" in (
        capsys.readouterr().out
    )


def test_generate_reports_for_all_workshops_drafts_too(stand_in_renderer, seed_records):
    draft = WorkshopFactory(status="draft")
    call_command("generate_reports", "--all")
    assert set(StoredReport.objects.values_list("workshop", flat=True)) == {
        seed_records.pk,
        draft.pk,
    }
    assert StoredReport.objects.get(workshop=draft).is_draft


def test_generate_reports_skips_a_current_report_unless_forced(stand_in_renderer, seed_records):
    call_command("generate_reports", "--all")
    first = StoredReport.objects.get().generated_at
    call_command("generate_reports", "--all")
    assert StoredReport.objects.get().generated_at == first
    call_command("generate_reports", "--all", "--force")
    assert StoredReport.objects.get().generated_at > first


def test_generate_reports_refuses_an_unknown_slug(db):
    with pytest.raises(CommandError, match="No workshop has the slug 'no-such'"):
        call_command("generate_reports", workshop="no-such")


def test_generate_reports_needs_a_choice(db):
    with pytest.raises(CommandError):
        call_command("generate_reports")
