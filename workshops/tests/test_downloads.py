"""The workshop list as CSV and Excel, for the public: filtered as the page, formulas
neutralised, the source of the figures said."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from participants.tests.factories import ParticipationFactory
from workshops.models import Workshop
from workshops.tests.factories import WorkshopFactory

pytestmark = pytest.mark.django_db


def download_url(file_format):
    return reverse("workshops:workshop-list-download", kwargs={"file_format": file_format})


def csv_rows(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_sheets(response):
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return {sheet.title: [list(row) for row in sheet.values] for sheet in workbook.worksheets}


def test_workshop_list_csv_has_the_source_then_a_row_per_filtered_workshop(client):
    workshop = WorkshopFactory(
        edition=2,
        title="Synthetic Workshop on Ports",
        start_date=datetime.date(2010, 11, 29),
        country="KH",
        recorded_participants=47,
    )
    ParticipationFactory.create_batch(3, workshop=workshop)
    WorkshopFactory(title="Synthetic Other Year", start_date=datetime.date(2012, 1, 1))
    WorkshopFactory(title="Synthetic Draft", status=Workshop.Status.DRAFT)
    response = client.get(download_url("csv"), {"year": "2010"})
    assert response["Content-Disposition"] == 'attachment; filename="sesn-workshops.csv"'
    source, header, *rows = csv_rows(response)
    assert source[0].startswith("Source: SESN Portal of the INECE Seaport")
    assert "http://testserver/workshops/?year=2010" in source[0]
    assert "Filters: Year “2010”." in source[0]
    assert "“As recorded”: the figures the source documents state." in source[0]
    assert header[:2] == ["Edition", "Title"]
    (row,) = rows
    columns = dict(zip(header, row, strict=True))
    assert columns["Title"] == "2nd Synthetic Workshop on Ports"
    assert columns["Start date"] == "2010-11-29"
    assert columns["Participants (as recorded)"] == "47"
    assert columns["Participation records (counted)"] == "3"


def test_workshop_list_excel_has_a_data_sheet_and_a_source_sheet(client):
    WorkshopFactory(title="ស្ទីមរាប Synthetic Khmer Workshop", start_date=datetime.date(2010, 11, 29))
    response = client.get(download_url("xlsx"))
    sheets = xlsx_sheets(response)
    assert list(sheets) == ["Workshops", "Source"]
    header, row = sheets["Workshops"]
    columns = dict(zip(header, row, strict=True))
    assert columns["Title"].endswith("ស្ទីមរាប Synthetic Khmer Workshop")
    assert columns["Start date"] == datetime.datetime(2010, 11, 29)
    assert sheets["Source"][0][0].startswith("SESN Portal of the INECE")
    assert sheets["Source"][1] == ["Filters: none."]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_text_that_a_spreadsheet_would_run_is_written_as_text(client, file_format):
    WorkshopFactory(
        edition=None, title='=HYPERLINK("http://example.invalid")', city="+Synthetic", venue="@x"
    )
    response = client.get(download_url(file_format))
    if file_format == "csv":
        header, row = csv_rows(response)[1:]
    else:
        header, row = xlsx_sheets(response)["Workshops"]
    columns = dict(zip(header, row, strict=True))
    assert columns["Title"] == '\'=HYPERLINK("http://example.invalid")'
    assert columns["City"] == "'+Synthetic"
    assert columns["Venue"] == "'@x"


def test_a_filter_value_that_does_not_fit_is_ignored_as_on_the_page(client):
    WorkshopFactory()
    response = client.get(download_url("csv"), {"year": "abc"})
    source, _header, *rows = csv_rows(response)
    assert len(rows) == 1
    assert "Filters: none." in source[0]


def test_workshop_list_links_its_downloads_with_its_filters(client):
    WorkshopFactory(start_date=datetime.date(2010, 1, 1))
    page = client.get(reverse("workshops:workshop-list"), {"year": "2010"}).content.decode()
    assert f'href="{download_url("csv")}?year=2010" download>CSV</a>' in page
    assert f'href="{download_url("xlsx")}?year=2010" download>Excel</a>' in page
    assert f'href="{reverse("workshops:calendar-feed")}"' in page


def test_workshop_list_download_query_count_is_flat(client, assert_page_queries):
    WorkshopFactory.create_batch(2)
    assert_page_queries(client, download_url("csv"), 1)
    WorkshopFactory.create_batch(20)
    assert_page_queries(client, download_url("csv"), 1)
