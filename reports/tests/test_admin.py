"""The admin's "Outcome reports" list and its "Regenerate report" action."""

from django.urls import reverse

from reports.models import StoredReport

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


def test_regenerate_report_action_renders_and_stores(editor_client, seed_records):
    response = editor_client.post(
        reverse(CHANGELIST),
        {"action": "regenerate_report", "_selected_action": [seed_records.pk]},
        follow=True,
    )
    assert response.status_code == 200
    stored = StoredReport.objects.get(workshop=seed_records)
    assert f"report regenerated ({stored.page_count} pages)" in response.content.decode()
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
