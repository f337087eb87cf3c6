"""The recommendation tracker as CSV and Excel, filtered as the page."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from recommendations.models import FollowUp
from recommendations.tests.factories import FollowUpFactory, RecommendationFactory, ThemeFactory
from workshops.models import Workshop
from workshops.tests.factories import WorkshopFactory

pytestmark = pytest.mark.django_db


def download_url(file_format):
    return reverse(
        "recommendations:recommendation-list-download", kwargs={"file_format": file_format}
    )


def tracker(theme=None):
    """A SYNTHETIC tracker: one recommendation followed up, one not, one of a draft."""
    theme = theme or ThemeFactory(name="Synthetic Capacity", slug="synthetic-capacity")
    followed = RecommendationFactory(short_title="-Synthetic followed", number=1)
    followed.themes.add(theme)
    FollowUpFactory(
        recommendation=followed, status=FollowUp.Status.DONE, date=datetime.date(2013, 2, 1)
    )
    RecommendationFactory(short_title="Synthetic not followed", number=2)
    RecommendationFactory(
        short_title="Synthetic draft one", workshop=WorkshopFactory(status=Workshop.Status.DRAFT)
    )


def test_tracker_csv_has_the_filtered_recommendations_with_their_status(client):
    tracker()
    response = client.get(download_url("csv"), {"status": "done"})
    source, header, *rows = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
    assert "Filters: Follow-up status “Done”." in source[0]
    (row,) = rows
    columns = dict(zip(header, row, strict=True))
    assert columns["Recommendation"] == "'-Synthetic followed"
    assert columns["Themes"] == "Synthetic Capacity"
    assert columns["Follow-up status"] == "Done"
    assert columns["Status as of"] == "2013-02-01"


def test_tracker_excel_leaves_out_drafts_and_says_its_source(client):
    tracker()
    response = client.get(download_url("xlsx"))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    titles = [row[3] for row in workbook["Recommendations"].values][1:]
    assert sorted(titles) == ["'-Synthetic followed", "Synthetic not followed"]
    assert "recommendation tracker" in workbook["Source"]["A1"].value


def test_tracker_links_its_downloads_with_its_filters(client):
    tracker()
    page = client.get(
        reverse("recommendations:recommendation-list"), {"theme": "synthetic-capacity"}
    )
    content = page.content.decode()
    assert f'href="{download_url("csv")}?theme=synthetic-capacity" download>CSV</a>' in content


def test_tracker_download_query_count_is_flat(client, assert_page_queries):
    tracker()
    # recommendations, their themes
    assert_page_queries(client, download_url("csv"), 2)
    theme = ThemeFactory()
    for _ in range(10):
        tracker(theme)
    assert_page_queries(client, download_url("csv"), 2)
