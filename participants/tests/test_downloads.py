"""A workshop's participation, counted by country and organization, as CSV and Excel."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from participants.tests.factories import OrganizationFactory, ParticipationFactory, PersonFactory
from workshops.models import Workshop
from workshops.tests.factories import WorkshopFactory

pytestmark = pytest.mark.django_db


def download_url(workshop, file_format):
    return reverse(
        "participants:workshop-participation-download",
        kwargs={"slug": workshop.slug, "file_format": file_format},
    )


def workshop_with_participants():
    workshop = WorkshopFactory(
        recorded_participants=47, recorded_countries=14, recorded_region="Asia"
    )
    agency = OrganizationFactory(name="=Synthetic Formula Agency", acronym="SFA", country="KH")
    for person in PersonFactory.create_batch(2, organization=agency, country="KH"):
        ParticipationFactory(workshop=workshop, person=person)
    ParticipationFactory(
        workshop=workshop,
        person=PersonFactory(name="Synthetic Private Person", email="p@example.invalid"),
        country="TH",
    )
    return workshop


def test_participation_csv_counts_by_country_and_organization_and_names_no_one(client):
    workshop = workshop_with_participants()
    response = client.get(download_url(workshop, "csv"))
    assert response["Content-Disposition"] == (
        f'attachment; filename="{workshop.slug}-participation.csv"'
    )
    content = response.content.decode("utf-8-sig")
    source, header, *rows = csv.reader(io.StringIO(content))
    assert (
        "As recorded by the source: 47 participants from 14 countries in the Asia region."
        in (source[0])
    )
    assert header == ["Counted by", "Name", "Code", "Participations (counted)"]
    assert rows[:2] == [["Country", "Cambodia", "KH", "2"], ["Country", "Thailand", "TH", "1"]]
    assert rows[2][:2] == ["Organization", "'=Synthetic Formula Agency (SFA)"]
    assert rows[2][3] == "2"
    assert "Synthetic Private Person" not in content
    assert "p@example.invalid" not in content


def test_participation_excel_has_the_counts_and_a_source_sheet(client):
    workshop = workshop_with_participants()
    response = client.get(download_url(workshop, "xlsx"))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Participation", "Source"]
    rows = list(workbook["Participation"].values)
    assert rows[1] == ("Country", "Cambodia", "KH", 2)
    assert workbook["Source"]["A2"].value.startswith("Counted from the participation records")


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_participation_download_writes_a_control_character_as_a_space(client, file_format):
    """A word processor's line break (\x0b) pasted into an organization's name made openpyxl
    refuse the Excel file: a 500."""
    workshop = WorkshopFactory(recorded_region="Asia\x0cPacific")
    agency = OrganizationFactory(name="Synthetic\x0bLine Agency", acronym="", country="KH")
    ParticipationFactory(workshop=workshop, person=PersonFactory(organization=agency))
    response = client.get(download_url(workshop, file_format))
    assert response.status_code == 200
    if file_format == "csv":
        content = response.content.decode("utf-8-sig")
    else:
        workbook = openpyxl.load_workbook(io.BytesIO(response.content))
        content = str([*workbook["Participation"].values, *workbook["Source"].values])
    assert "Synthetic Line Agency" in content
    assert "Asia Pacific" in content


def test_a_draft_workshops_participation_is_not_for_the_public(client):
    draft = WorkshopFactory(status=Workshop.Status.DRAFT)
    assert client.get(download_url(draft, "csv")).status_code == 404


def test_workshop_page_links_its_participation_downloads(client):
    workshop = workshop_with_participants()
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert f'href="{download_url(workshop, "csv")}" download>CSV</a>' in page
    assert f'href="{download_url(workshop, "xlsx")}" download>Excel</a>' in page
