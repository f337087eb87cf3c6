"""Link previews: Open Graph and Twitter card tags on workshop, recommendation and news pages,
and a workshop's schema.org Event data (JSON-LD)."""

import datetime
import json
import re

import pytest

from news.tests.factories import PostFactory
from participants.tests.factories import OrganizationFactory
from recommendations.tests.factories import RecommendationFactory
from workshops.models import Workshop
from workshops.tests.factories import WorkshopFactory, WorkshopOrganizerFactory

pytestmark = pytest.mark.django_db


def head(client, url):
    return client.get(url).content.decode().split("</head>")[0]


def meta(head_html, key):
    """The content of <meta property|name="key">."""
    found = re.findall(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">', head_html)
    assert len(found) == 1, key
    return found[0]


def event_data(head_html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', head_html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_workshop_page_has_open_graph_and_twitter_tags(client):
    workshop = WorkshopFactory(
        edition=2, title="Synthetic Workshop", summary="A synthetic summary."
    )
    page = head(client, workshop.get_absolute_url())
    assert meta(page, "og:title") == "2nd Synthetic Workshop"
    assert meta(page, "og:description") == "A synthetic summary."
    assert meta(page, "og:type") == "website"
    assert meta(page, "og:url") == f"http://testserver{workshop.get_absolute_url()}"
    assert meta(page, "twitter:card") == "summary"
    assert meta(page, "twitter:title") == "2nd Synthetic Workshop"


def test_workshop_page_has_its_event_data_with_dates_place_and_organizers(client):
    workshop = WorkshopFactory(
        edition=2,
        title="Synthetic Workshop",
        start_date=datetime.date(2010, 11, 29),
        end_date=datetime.date(2010, 11, 30),
        city="Synthetic City",
        country="KH",
        summary='A summary that tries </script><script>alert("x")</script> to break out.',
    )
    WorkshopOrganizerFactory(
        workshop=workshop, organization=OrganizationFactory(name="Synthetic Host", acronym="SH")
    )
    page = head(client, workshop.get_absolute_url())
    assert "</script><script>alert" not in page
    event = event_data(page)
    assert event["@type"] == "Event"
    assert event["name"] == "2nd Synthetic Workshop"
    assert (event["startDate"], event["endDate"]) == ("2010-11-29", "2010-11-30")
    assert event["location"]["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Synthetic City",
        "addressCountry": "KH",
    }
    assert [organizer["name"] for organizer in event["organizer"]] == ["Synthetic Host (SH)"]
    assert event["description"].startswith("A summary that tries </script>")


def test_a_workshop_not_known_to_the_day_gets_its_month_not_a_day(client):
    workshop = WorkshopFactory(
        start_date=datetime.date(2010, 11, 1),
        end_date=datetime.date(2010, 11, 1),
        date_precision="month",
    )
    event = event_data(head(client, workshop.get_absolute_url()))
    assert (event["startDate"], event["endDate"]) == ("2010-11", "2010-11")


def test_a_workshop_known_to_the_year_gets_its_year_alone(client):
    workshop = WorkshopFactory(
        start_date=datetime.date(2010, 1, 1),
        end_date=datetime.date(2010, 1, 1),
        date_precision="year",
    )
    event = event_data(head(client, workshop.get_absolute_url()))
    assert (event["startDate"], event["endDate"]) == ("2010", "2010")


def test_a_draft_shown_to_staff_has_no_event_data(viewer_client):
    draft = WorkshopFactory(status=Workshop.Status.DRAFT)
    assert "application/ld+json" not in head(viewer_client, draft.get_absolute_url())


def test_recommendation_page_has_link_preview_tags(client):
    recommendation = RecommendationFactory(short_title="Synthetic ស្វាគមន៍ recommendation")
    page = head(client, recommendation.get_absolute_url())
    assert meta(page, "og:title") == "Synthetic ស្វាគមន៍ recommendation"
    assert meta(page, "og:description") == recommendation.text
    assert meta(page, "twitter:card") == "summary"


def test_news_post_page_has_article_preview_tags(client):
    post = PostFactory(
        title="Synthetic post",
        excerpt="A synthetic excerpt.",
        published_at=datetime.datetime(2010, 12, 14, 21, 30, tzinfo=datetime.UTC),
    )
    page = head(client, post.get_absolute_url())
    assert meta(page, "og:type") == "article"
    assert meta(page, "og:title") == "Synthetic post"
    assert meta(page, "og:description") == "A synthetic excerpt."
    assert meta(page, "article:published_time") == "2010-12-14T21:30:00+00:00"
