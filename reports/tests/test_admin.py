"""The admin's "Outcome reports" list and its "Regenerate report" action."""

import re
import threading

import pytest
from django.urls import reverse

from reports import services
from reports.models import StoredReport
from workshops.tests.portal_records import published_workshop_with_everything

CHANGELIST = "admin:reports_workshopreport_changelist"


def test_outcome_reports_list_shows_each_workshop_with_its_report_state(
    viewer_client, seed_records
):
    response = viewer_client.get(reverse(CHANGELIST))
    assert response.status_code == 200
    content = response.content.decode()
    assert "2nd Seaports Workshop (2010)" in content
    assert "Not generated" in content
    assert reverse("reports:workshop-report-preview", kwargs={"slug": seed_records.slug}) in (
        content
    )
    assert "/workshops/2nd-workshop-2010-siem-reap/report.pdf" in content


@pytest.mark.django_db(transaction=True)
def test_regenerate_report_action_queues_the_rendering_and_returns_at_once(
    editor_client, stand_in_renderer, synthetic_workshop, monkeypatch
):
    # The rendering is held back until the admin's answer is in: the request cannot wait.
    release = threading.Event()
    generate = services.report_generate

    def held_generate(**kwargs):
        assert release.wait(timeout=30)
        return generate(**kwargs)

    monkeypatch.setattr(services, "report_generate", held_generate)
    response = editor_client.post(
        reverse(CHANGELIST),
        {"action": "regenerate_report", "_selected_action": [synthetic_workshop.pk]},
        follow=True,
    )
    assert "Regeneration queued for 1 report; refresh this page" in response.content.decode()
    assert not StoredReport.objects.exists()

    release.set()
    services._regeneration_queue.join()
    stored = StoredReport.objects.get(workshop=synthetic_workshop)
    assert stored.page_count == 1
    assert "Up to date" in editor_client.get(reverse(CHANGELIST)).content.decode()


def test_regenerate_report_action_is_not_offered_to_viewers(viewer_client, seed_records):
    content = viewer_client.get(reverse(CHANGELIST)).content.decode()
    assert "regenerate_report" not in content
    viewer_client.post(
        reverse(CHANGELIST),
        {"action": "regenerate_report", "_selected_action": [seed_records.pk]},
    )
    assert not StoredReport.objects.exists()


def test_outcome_reports_list_is_closed_to_the_public(client, seed_records):
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 302


def test_outcome_reports_list_says_each_reports_state_from_the_stamp(
    viewer_client, stand_in_renderer, assert_page_queries
):
    current, changed, failed, never = (
        published_workshop_with_everything(title=f"Synthetic {name}")
        for name in ("Current", "Changed", "Failed", "Never")
    )
    for workshop in (current, changed, failed):
        services.report_generate(workshop=workshop)
    for workshop in (changed, failed):
        objective = workshop.objectives.first()
        objective.text = "Synthetic objective, revised."
        objective.save()
    StoredReport.objects.filter(workshop=failed).update(last_failure="Synthetic failure.")

    response = assert_page_queries(viewer_client, reverse(CHANGELIST), 18)

    rows = re.findall(
        r'<th class="field-workshop"><a [^>]*>\w+ (Synthetic \w+) \(\d+\)</a></th>.*?'
        r'<td class="field-report_state">(.*?)</td>',
        response.content.decode(),
    )
    states = {title: state for title, state in rows if not title.endswith("Workshop")}
    assert states == {
        "Synthetic Current": "Up to date",
        "Synthetic Changed": "Out of date (records changed)",
        "Synthetic Failed": "Last rendering failed",
        "Synthetic Never": "Not generated",
    }
