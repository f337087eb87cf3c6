"""The read-only API: what each endpoint shows (published records only, no contact details,
no names), its filters, ETag/304, throttling and query counts."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.throttling import AnonRateThrottle

from news.models import Post
from news.tests.factories import PostFactory
from participants.tests.factories import OrganizationFactory, ParticipationFactory, PersonFactory
from recommendations.models import FollowUp
from recommendations.tests.factories import FollowUpFactory, RecommendationFactory, ThemeFactory
from workshops.models import Workshop
from workshops.tests.factories import WorkshopFactory, WorkshopSeriesFactory
from workshops.tests.portal_records import many_workshops, published_workshop_with_everything

pytestmark = pytest.mark.django_db

WORKSHOPS = reverse("api:workshop-list")
RECOMMENDATIONS = reverse("api:recommendation-list")


def workshop_url(workshop):
    return reverse("api:workshop-detail", kwargs={"slug": workshop.slug})


def slugs(response):
    return [row["slug"] for row in response.json()["results"]]


def test_workshop_list_shows_published_workshops_only(client):
    published = WorkshopFactory(title="Synthetic Published Workshop")
    draft = WorkshopFactory(title="Synthetic Draft Workshop", status=Workshop.Status.DRAFT)
    response = client.get(WORKSHOPS)
    assert slugs(response) == [published.slug]
    assert client.get(workshop_url(draft)).status_code == 404


def test_workshop_answer_has_its_statements_recommendations_and_counts(client):
    workshop = published_workshop_with_everything(items=2)
    answer = client.get(workshop_url(workshop)).json()
    assert answer["objectives"] == [objective.text for objective in workshop.objectives.all()]
    assert answer["conclusions"] == [conclusion.text for conclusion in workshop.conclusions.all()]
    assert [row["number"] for row in answer["recommendations"]] == [1, 2]
    follow_ups = answer["recommendations"][0]["follow_ups"]
    assert [row["status"] for row in follow_ups] == [FollowUp.Status.DONE, "in_progress"]
    # Each recommendation has one consenting participant from Viet Nam and one from Thailand.
    assert answer["participation"]["by_country"] == [
        {"country": "TH", "country_name": "Thailand", "participations": 2},
        {"country": "VN", "country_name": "Vietnam", "participations": 2},
    ]
    assert sum(row["participations"] for row in answer["participation"]["by_organization"]) == 4


def test_no_answer_names_a_person_or_gives_contact_details(client):
    workshop = WorkshopFactory()
    consenting = PersonFactory(
        name="Synthetic Consenting Person",
        email="consenting@example.invalid",
        phone="+00 1111 1111",
        publish_name_consent=True,
    )
    private = PersonFactory(
        name="Synthetic Private Person", email="private@example.invalid", phone="+00 2222 2222"
    )
    ParticipationFactory(workshop=workshop, person=consenting)
    ParticipationFactory(workshop=workshop, person=private)
    content = client.get(workshop_url(workshop)).content.decode()
    assert '"participations":2' in content.replace(" ", "")
    for private_detail in [
        "Synthetic Private Person",
        "consenting@example.invalid",
        "private@example.invalid",
        "+00 1111 1111",
        "+00 2222 2222",
        "Synthetic Consenting Person",  # not even with consent: the API counts, never names
    ]:
        assert private_detail not in content


def test_a_draft_workshop_leaves_no_trace_in_any_endpoint(client):
    draft = WorkshopFactory(
        title="Synthetic Draft Workshop", status=Workshop.Status.DRAFT, country="BT"
    )
    RecommendationFactory(workshop=draft, short_title="Synthetic draft recommendation")
    ParticipationFactory(
        workshop=draft, person__organization__name="Synthetic Draft-only Agency", country="BT"
    )
    WorkshopFactory()  # something published, so that the lists are not empty anyway
    PostFactory(title="Synthetic draft post", status=Post.Status.DRAFT, published_at=None)
    PostFactory(
        title="Synthetic scheduled post",
        status=Post.Status.SCHEDULED,
        published_at=datetime.datetime(2999, 1, 1, tzinfo=datetime.UTC),
    )
    for endpoint in ["workshop", "series", "country", "organization", "recommendation", "post"]:
        content = client.get(reverse(f"api:{endpoint}-list")).content.decode()
        for hidden in [
            draft.title,
            "Synthetic draft recommendation",
            "Synthetic Draft-only Agency",
            '"BT"',
            "Synthetic draft post",
            "Synthetic scheduled post",
        ]:
            assert hidden not in content, endpoint


def test_workshops_filter_by_year_country_and_series(client):
    series = WorkshopSeriesFactory(slug="synthetic-filter-series")
    in_2010 = WorkshopFactory(start_date=datetime.date(2010, 5, 1), country="KH")
    in_2012 = WorkshopFactory(start_date=datetime.date(2012, 5, 1), country="TH", series=series)
    assert slugs(client.get(WORKSHOPS, {"year": "2010"})) == [in_2010.slug]
    assert slugs(client.get(WORKSHOPS, {"country": "TH"})) == [in_2012.slug]
    assert slugs(client.get(WORKSHOPS, {"series": series.slug})) == [in_2012.slug]
    assert slugs(client.get(WORKSHOPS, {"sort": "date"})) == [in_2010.slug, in_2012.slug]


def test_recommendations_filter_by_status_and_theme(client):
    theme = ThemeFactory(slug="synthetic-filter-theme")
    followed = RecommendationFactory(short_title="Synthetic followed")
    followed.themes.add(theme)
    FollowUpFactory(recommendation=followed, status=FollowUp.Status.DONE)
    RecommendationFactory(short_title="Synthetic not followed")

    def titles(params):
        response = client.get(RECOMMENDATIONS, params)
        return [row["short_title"] for row in response.json()["results"]]

    assert titles({"status": "done"}) == ["Synthetic followed"]
    assert titles({"status": "none"}) == ["Synthetic not followed"]
    assert titles({"theme": theme.slug}) == ["Synthetic followed"]


@pytest.mark.parametrize(
    ("address", "parameter"),
    [
        (WORKSHOPS, {"year": "abc"}),
        (WORKSHOPS, {"country": "ZZ"}),
        (RECOMMENDATIONS, {"status": "finished"}),
    ],
)
def test_a_filter_value_that_does_not_fit_is_refused_with_a_message(client, address, parameter):
    WorkshopFactory()
    response = client.get(address, parameter)
    assert response.status_code == 400
    (name,) = parameter
    assert "valid choice" in response.json()[name][0]


def test_an_unknown_page_is_a_clear_404(client):
    response = client.get(WORKSHOPS, {"page": "99"})
    assert response.status_code == 404
    assert "Invalid page" in response.json()["detail"]


def test_an_unchanged_answer_is_not_sent_again(client):
    workshop = WorkshopFactory(title="Synthetic Cached Workshop")
    first = client.get(workshop_url(workshop))
    etag = first.headers["ETag"]
    again = client.get(workshop_url(workshop), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    workshop.title = "Synthetic Renamed Workshop"
    workshop.save()
    changed = client.get(workshop_url(workshop), HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert "Synthetic Renamed Workshop" in changed.json()["title"]


def test_anonymous_clients_are_throttled(client, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    # Different answers each: the page cache keeps answers it has seen (see below).
    assert client.get(WORKSHOPS).status_code == 200
    assert client.get(WORKSHOPS, {"q": "port"}).status_code == 200
    refused = client.get(WORKSHOPS, {"q": "customs"})
    assert refused.status_code == 429
    assert "Retry-After" in refused.headers
    # Another address has its own count.
    assert client.get(WORKSHOPS, {"q": "customs"}, REMOTE_ADDR="192.0.2.7").status_code == 200


def test_an_answer_kept_by_the_page_cache_costs_no_query_and_counts_for_no_throttle(
    client, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "1/minute"})
    workshop = WorkshopFactory(title="Synthetic Kept Workshop")
    first = client.get(workshop_url(workshop))
    with django_assert_num_queries(0):
        again = client.get(workshop_url(workshop))
    assert again.status_code == 200
    assert again.json() == first.json()
    # A change to the records is answered afresh (and counted).
    workshop.title = "Synthetic Renamed Kept Workshop"
    workshop.save()
    assert client.get(workshop_url(workshop)).status_code == 429


def test_the_throttle_counts_the_address_not_what_a_client_writes_in_x_forwarded_for(
    client, monkeypatch
):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "1/minute"})
    assert client.get(WORKSHOPS, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 200
    refused = client.get(WORKSHOPS, {"q": "port"}, HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert refused.status_code == 429


def test_countries_and_organizations_are_those_on_public_record(client):
    workshop = WorkshopFactory(country="KH")
    organization = OrganizationFactory(name="Synthetic Organizer Agency", country="JP")
    ParticipationFactory(workshop=workshop, person__organization=organization, country="JP")
    countries = client.get(reverse("api:country-list")).json()["results"]
    assert [(row["code"], row["workshops_hosted"]) for row in countries] == [
        ("KH", 1),
        ("JP", 0),
    ]
    assert client.get(reverse("api:country-detail", kwargs={"code": "ZZ"})).status_code == 404
    organizations = client.get(reverse("api:organization-list"), {"country": "JP"}).json()
    assert [row["name"] for row in organizations["results"]] == ["Synthetic Organizer Agency"]


LIST_ENDPOINTS = ["workshop", "series", "organization", "recommendation", "post", "country"]


@pytest.mark.parametrize(
    ("endpoint", "queries"),
    [
        # count, page
        ("workshop", 2),
        # count, page
        ("series", 2),
        # count, page (public(): subqueries in one query)
        ("organization", 3),  # and which are hidden, once per records version
        # count, page, themes, addressees, follow-ups
        ("recommendation", 7),  # and the themes in use, once per records version
        # count, page, categories, workshops
        ("post", 4),
        # hosted, attended, organizations (country_summaries), which organizations are hidden
        ("country", 4),
    ],
)
def test_list_endpoint_query_count_is_pinned_at_two_sizes(
    client, assert_page_queries, endpoint, queries
):
    def more_records(count):
        for workshop in many_workshops(count):
            PostFactory().workshops.add(workshop)

    more_records(3)
    assert_page_queries(client, reverse(f"api:{endpoint}-list"), queries)
    more_records(30)
    assert_page_queries(client, reverse(f"api:{endpoint}-list"), queries)


def test_workshop_answer_query_count_is_pinned_at_two_sizes(client, assert_page_queries):
    small = published_workshop_with_everything(items=1)
    large = published_workshop_with_everything(items=12)
    # workshop, objectives, conclusions, agenda, materials, organizers, related events (and
    # their organizations), recommendations, themes, addressees, follow-ups, counts by
    # country and by organization
    assert_page_queries(client, workshop_url(small), 17)
    assert_page_queries(client, workshop_url(large), 17)
