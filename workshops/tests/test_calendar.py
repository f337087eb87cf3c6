"""The workshops as iCalendar: the feed of all, each series' feed, one workshop's entry."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from workshops.models import Workshop
from workshops.tests.factories import WorkshopFactory, WorkshopSeriesFactory

pytestmark = pytest.mark.django_db

FEED = reverse("workshops:calendar-feed")


def events(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return {
        str(event["summary"]): event
        for event in Calendar.from_ical(response.content).walk("VEVENT")
    }


def entry_url(workshop):
    return reverse("workshops:workshop-calendar", kwargs={"slug": workshop.slug})


def test_feed_has_each_published_workshop_as_an_all_day_event_with_exclusive_end(client):
    WorkshopFactory(
        edition=2,
        title="Synthetic Workshop on Ports",
        start_date=datetime.date(2010, 11, 29),
        end_date=datetime.date(2010, 12, 1),
        venue="Synthetic Hall",
        city="Synthetic City",
        country="KH",
    )
    WorkshopFactory(title="Synthetic Draft", status=Workshop.Status.DRAFT)
    found = events(client.get(FEED))
    assert list(found) == ["2nd Synthetic Workshop on Ports"]
    event = found["2nd Synthetic Workshop on Ports"]
    # All-day: dates, not date-times; DTEND is the day after the last day.
    assert event.decoded("dtstart") == datetime.date(2010, 11, 29)
    assert event.decoded("dtend") == datetime.date(2010, 12, 2)
    assert "DTSTART;VALUE=DATE:20101129" in client.get(FEED).content.decode()
    assert str(event["location"]) == "Synthetic Hall, Synthetic City, Cambodia"
    assert str(event["url"]).startswith("http://testserver/workshops/synthetic-workshop-")


def test_a_one_day_workshop_ends_the_next_day(client):
    workshop = WorkshopFactory(start_date=datetime.date(2010, 11, 29))
    (event,) = events(client.get(entry_url(workshop))).values()
    assert event.decoded("dtend") == datetime.date(2010, 11, 30)


def test_series_feed_has_only_that_series(client):
    series = WorkshopSeriesFactory(name="Synthetic Series Ports")
    WorkshopFactory(title="Synthetic In Series", series=series)
    WorkshopFactory(title="Synthetic Elsewhere")
    url = reverse("workshops:series-calendar-feed", kwargs={"slug": series.slug})
    response = client.get(url)
    assert [name.split(" ", 1)[1] for name in events(response)] == ["Synthetic In Series"]
    assert "X-WR-CALNAME:Synthetic Series Ports" in response.content.decode()
    missing = reverse("workshops:series-calendar-feed", kwargs={"slug": "no-such-series"})
    assert client.get(missing).status_code == 404


def test_workshop_page_links_its_calendar_entry_to_download(client):
    workshop = WorkshopFactory(title="ស្ទីមរាប Synthetic Khmer Workshop " + "ក" * 200)
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert f'href="{entry_url(workshop)}" download>Add to calendar' in page
    response = client.get(entry_url(workshop))
    assert response["Content-Disposition"] == f'attachment; filename="{workshop.slug}.ics"'
    assert list(events(response)) == [workshop.full_title]


def test_a_draft_has_no_calendar_entry_for_the_public(client):
    draft = WorkshopFactory(status=Workshop.Status.DRAFT)
    assert client.get(entry_url(draft)).status_code == 404


def test_a_draft_has_its_calendar_entry_for_who_may_see_its_page(viewer_client):
    draft = WorkshopFactory(status=Workshop.Status.DRAFT)
    assert viewer_client.get(entry_url(draft)).status_code == 200


def test_a_workshop_not_known_to_the_day_is_left_out_and_has_no_link(client):
    WorkshopFactory(title="Synthetic Known Days")
    month_only = WorkshopFactory(title="Synthetic Month Only", date_precision="month")
    assert [name.split(" ", 1)[1] for name in events(client.get(FEED))] == ["Synthetic Known Days"]
    response = client.get(entry_url(month_only))
    assert response.status_code == 404
    assert "Add to calendar" not in client.get(month_only.get_absolute_url()).content.decode()


def test_calendar_feed_query_count_is_flat(client, assert_page_queries):
    WorkshopFactory.create_batch(2)
    assert_page_queries(client, FEED, 1)
    WorkshopFactory.create_batch(20)
    assert_page_queries(client, FEED, 1)
