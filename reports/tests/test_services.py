"""Storing reports: fingerprints in both directions, the time limit, and no partial files."""

import os
import time

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participants.tests.factories import ParticipationFactory
from recommendations.tests.factories import FollowUpFactory
from reports import services
from reports.content import report_content, report_fingerprint
from reports.models import StoredReport
from reports.services import ReportUnavailable, report_generate, report_state
from workshops.services import workshop_publish, workshop_unpublish
from workshops.tests.factories import WorkshopFactory


def _stored_files():
    if not default_storage.exists("reports"):
        return set()
    return {f"reports/{name}" for name in default_storage.listdir("reports")[1]}


def _fingerprint(workshop):
    return report_fingerprint(report_content(workshop=workshop))


@pytest.fixture
def fast_timeout(settings):
    settings.REPORT_RENDER_TIMEOUT_SECONDS = 2


def test_generate_renders_once_and_then_serves_the_stored_file(synthetic_workshop):
    first = report_generate(workshop=synthetic_workshop)
    assert first.page_count >= 4
    assert default_storage.open(first.file.name).read().startswith(b"%PDF-")
    again = report_generate(workshop=synthetic_workshop)
    assert again.pk == first.pk
    assert again.generated_at == first.generated_at
    assert again.file.name == first.file.name


@pytest.mark.parametrize(
    "change",
    [
        "recommendation_text",
        "follow_up",
        "participant",
        "participant_name",
        "objective",
        "unpublish",
    ],
)
def test_fingerprint_changes_with_a_record_the_report_shows(synthetic_workshop, change):
    before = _fingerprint(synthetic_workshop)
    recommendation = synthetic_workshop.recommendations.first()
    if change == "recommendation_text":
        recommendation.text = "Synthetic text, revised."
        recommendation.save()
    elif change == "follow_up":
        FollowUpFactory(recommendation=recommendation, action="Synthetic later action.")
    elif change == "participant":
        ParticipationFactory(workshop=synthetic_workshop)
    elif change == "participant_name":
        person = (
            synthetic_workshop.participations.filter(person__publish_name_consent=True)
            .first()
            .person
        )
        person.name = "Synthetic Renamed Person"
        person.save()
    elif change == "objective":
        objective = synthetic_workshop.objectives.first()
        objective.text = "Synthetic objective, revised."
        objective.save()
    elif change == "unpublish":
        workshop_unpublish(workshop=synthetic_workshop)
    assert _fingerprint(synthetic_workshop) != before


@pytest.mark.parametrize(
    "change", ["email_and_phone", "unconsented_name", "organization_website", "other_workshop"]
)
def test_fingerprint_ignores_a_record_the_report_does_not_show(synthetic_workshop, change):
    before = _fingerprint(synthetic_workshop)
    if change == "email_and_phone":
        for participation in synthetic_workshop.participations.select_related("person"):
            participation.person.email = "changed@example.invalid"
            participation.person.phone = "+00 9999 9999"
            participation.person.save()
    elif change == "unconsented_name":
        person = synthetic_workshop.participations.get(person__publish_name_consent=False).person
        person.name = "Synthetic Other Unconsenting Name"
        person.save()
    elif change == "organization_website":
        organization = synthetic_workshop.participations.first().organization
        organization.website = "https://example.invalid/"
        organization.save()
    elif change == "other_workshop":
        WorkshopFactory(title="Synthetic unrelated workshop")
    assert _fingerprint(synthetic_workshop) == before


def test_generate_renders_afresh_after_a_shown_change_and_deletes_the_old_file(
    synthetic_workshop, django_capture_on_commit_callbacks
):
    first = report_generate(workshop=synthetic_workshop)
    old_name = first.file.name
    recommendation = synthetic_workshop.recommendations.first()
    recommendation.text = "Synthetic text, revised after the workshop."
    recommendation.save()
    with django_capture_on_commit_callbacks(execute=True):
        second = report_generate(workshop=synthetic_workshop)
    assert second.fingerprint != first.fingerprint
    assert second.file.name != old_name
    assert not default_storage.exists(old_name)
    assert default_storage.open(second.file.name).read(5) == b"%PDF-"


def test_generate_does_not_render_after_a_change_the_report_does_not_show(
    synthetic_workshop, monkeypatch
):
    first = report_generate(workshop=synthetic_workshop)
    person = synthetic_workshop.participations.first().person
    person.email = "changed@example.invalid"
    person.save()
    monkeypatch.setattr(
        services, "render_with_time_limit", lambda *a, **k: pytest.fail("rendered again")
    )
    assert report_generate(workshop=synthetic_workshop).file.name == first.file.name


def _slow_render(html, characters=None):
    time.sleep(30)


def _failing_render(html, characters=None):
    raise RuntimeError("Synthetic rendering failure")


def _crashing_render(html, characters=None):
    os._exit(3)


def _incomplete_render(html, characters=None):
    return services.RenderedReport(pdf=b"%PDF-1.7\nsynthetic truncated", page_count=1)


@pytest.mark.parametrize(
    "broken", [_slow_render, _failing_render, _crashing_render, _incomplete_render]
)
def test_a_broken_render_keeps_and_serves_the_last_good_report(
    synthetic_workshop, monkeypatch, settings, broken
):
    good = report_generate(workshop=synthetic_workshop)
    settings.REPORT_RENDER_TIMEOUT_SECONDS = 2
    good_bytes = default_storage.open(good.file.name).read()
    recommendation = synthetic_workshop.recommendations.first()
    recommendation.text = "Synthetic text, changed so that a new rendering is due."
    recommendation.save()
    monkeypatch.setattr(services, "pdf_from_html", broken)

    started = time.monotonic()
    served = report_generate(workshop=synthetic_workshop)
    assert time.monotonic() - started < 10

    assert served.file.name == good.file.name
    assert default_storage.open(served.file.name).read() == good_bytes
    assert served.last_failure
    assert _stored_files() == {good.file.name}
    assert report_state(synthetic_workshop) == "Last rendering failed"


@pytest.mark.parametrize(
    "broken", [_slow_render, _failing_render, _crashing_render, _incomplete_render]
)
def test_a_broken_first_render_stores_nothing(
    synthetic_workshop, monkeypatch, fast_timeout, broken
):
    monkeypatch.setattr(services, "pdf_from_html", broken)
    with pytest.raises(ReportUnavailable):
        report_generate(workshop=synthetic_workshop)
    assert not StoredReport.objects.exists()
    assert _stored_files() == set()


def test_a_failed_render_never_serves_a_draft_report_once_published(
    synthetic_workshop, monkeypatch
):
    workshop_unpublish(workshop=synthetic_workshop)
    report_generate(workshop=synthetic_workshop)
    workshop_publish(workshop=synthetic_workshop)
    monkeypatch.setattr(services, "pdf_from_html", _failing_render)
    with pytest.raises(ReportUnavailable):
        report_generate(workshop=synthetic_workshop)


def test_force_renders_even_when_current(synthetic_workshop):
    first = report_generate(workshop=synthetic_workshop)
    second = report_generate(workshop=synthetic_workshop, force=True)
    assert second.generated_at > first.generated_at


def test_report_state_follows_the_records(synthetic_workshop):
    assert report_state(synthetic_workshop) == "Not generated"
    report_generate(workshop=synthetic_workshop)
    assert report_state(synthetic_workshop) == "Up to date"
    objective = synthetic_workshop.objectives.first()
    objective.text = "Synthetic objective, revised."
    objective.save()
    assert report_state(synthetic_workshop) == "Out of date"


def test_report_content_reads_in_a_flat_number_of_queries(synthetic_workshop):
    with CaptureQueriesContext(connection) as small:
        report_content(workshop=synthetic_workshop)
    for _ in range(20):
        ParticipationFactory(workshop=synthetic_workshop)
    recommendation = synthetic_workshop.recommendations.first()
    for _ in range(5):
        FollowUpFactory(recommendation=recommendation)
    with CaptureQueriesContext(connection) as large:
        report_content(workshop=synthetic_workshop)
    assert len(large) == len(small)
