"""What the report says, read from its HTML: the same words as the workshop's page."""

import pytest
from django.urls import reverse
from django.utils import timezone

from participants.tests.factories import OrganizationFactory, ParticipationFactory
from reports.content import report_content
from reports.services import report_html, report_sections
from workshops.tests.factories import ObjectiveFactory, RelatedEventFactory, WorkshopFactory


def _html(workshop):
    return report_html(content=report_content(workshop=workshop), generated_at=timezone.now())


def _attendance_table(html):
    return html[
        html.index('<table class="attendance">') : html.index(
            "</table>", html.index('<table class="attendance">')
        )
    ]


def test_report_lists_countries_by_name_with_the_total(synthetic_workshop):
    countries = [
        row["country"]
        for row in report_content(workshop=synthetic_workshop)["participation"]["countries"]
    ]
    assert countries == sorted(c for c in countries if c != "International organizations") + [
        c for c in countries if c == "International organizations"
    ]
    table = _attendance_table(_html(synthetic_workshop))
    # Six countries, seven participations (one person of no agency's country: Thailand's).
    assert "Total: 6 countries" in table
    assert '<td class="number">7</td></tr></tfoot>' in table


def test_report_and_page_call_the_attendance_column_participations(client, synthetic_workshop):
    report = _attendance_table(_html(synthetic_workshop))
    page = client.get(synthetic_workshop.get_absolute_url()).content.decode()
    assert '<th scope="col" class="number">Participations</th>' in report
    assert ">Participants<" not in report
    assert '<th scope="col" class="text-end">Participations</th>' in page
    # And both say what one is, in the same words.
    meaning = "Participations: one for each person, or agency without a named person"
    assert meaning in page
    assert meaning in _html(synthetic_workshop)


@pytest.mark.django_db
def test_report_names_a_related_events_organizers_with_their_countries(client):
    workshop = WorkshopFactory()
    ObjectiveFactory(workshop=workshop)
    event = RelatedEventFactory(workshop=workshop, organizer_role="Co-organized by")
    event.organizations.add(
        OrganizationFactory(name="Ministry of Environment (synthetic)", country="KH"),
        OrganizationFactory(name="Ministry of the Environment (synthetic)", country="JP"),
    )
    expected = (
        "Ministry of Environment (synthetic), Cambodia; "
        "Ministry of the Environment (synthetic), Japan"
    )
    assert expected in _html(workshop)
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert "Ministry of Environment (synthetic), Cambodia</a>;" in page
    assert "Ministry of the Environment (synthetic), Japan</a>" in page


@pytest.mark.django_db
def test_report_leaves_out_the_sections_nothing_is_recorded_for():
    workshop = WorkshopFactory(summary="")
    ObjectiveFactory(workshop=workshop, text="Synthetic objective only.")
    content = report_content(workshop=workshop)
    assert [s["title"] for s in report_sections(content)] == ["Objectives"]
    html = _html(workshop)
    assert "Synthetic objective only." in html
    assert "none-recorded" not in html
    for heading in (
        "Background",
        "Conclusions",
        "Recommendations",
        "Agenda",
        "List of participants",
    ):
        assert f". {heading}" not in html


@pytest.mark.django_db
def test_report_keeps_a_participation_section_for_participations_alone():
    workshop = WorkshopFactory(summary="Synthetic summary.")
    ObjectiveFactory(workshop=workshop)
    ParticipationFactory(workshop=workshop)
    titles = [s["title"] for s in report_sections(report_content(workshop=workshop))]
    assert titles == ["Background", "Objectives", "Participation", "List of participants"]


@pytest.mark.django_db
def test_workshop_without_outcomes_says_no_report_is_available_yet(client):
    workshop = WorkshopFactory()
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert "No outcome report is available yet" in page
    report_url = reverse("reports:workshop-report", kwargs={"slug": workshop.slug})
    assert report_url not in page

    response = client.get(report_url)

    assert response.status_code == 404
    assert "No outcome report is available yet" in response.content.decode()


@pytest.mark.django_db
def test_workshop_with_an_objective_links_to_its_report(client):
    workshop = WorkshopFactory()
    ObjectiveFactory(workshop=workshop)
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert reverse("reports:workshop-report", kwargs={"slug": workshop.slug}) in page
    assert "No outcome report is available yet" not in page
