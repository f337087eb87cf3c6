"""The recommendation tracker and recommendation pages."""

import datetime

import pytest
from django.urls import reverse

from recommendations.filters import RecommendationFilter
from recommendations.tests.factories import FollowUpFactory, RecommendationFactory, ThemeFactory
from workshops.models import Workshop
from workshops.tests.factories import WorkshopFactory
from workshops.tests.portal_records import many_workshops, published_workshop_with_everything

TRACKER = reverse("recommendations:recommendation-list")
pytestmark = pytest.mark.django_db


def listed(response):
    return list(response.context["recommendation_list"])


def test_tracker_lists_published_recommendations_with_their_status(client):
    started = RecommendationFactory(short_title="Synthetic started")
    FollowUpFactory(recommendation=started, status="in_progress")
    waiting = RecommendationFactory(short_title="Synthetic waiting")
    RecommendationFactory(
        short_title="Synthetic hidden", workshop=WorkshopFactory(status=Workshop.Status.DRAFT)
    )
    response = client.get(TRACKER)
    assert set(listed(response)) == {started, waiting}
    content = response.content.decode()
    assert "Synthetic hidden" not in content
    assert "In progress" in content
    assert "No follow-up recorded" in content


def test_tracker_counts_recommendations_by_status(client):
    FollowUpFactory(status="done")
    FollowUpFactory(status="done")
    FollowUpFactory(status="not_started")
    RecommendationFactory()
    response = client.get(TRACKER)
    counts = {status: n for status, _, n in response.context["status_counts"]}
    assert counts == {"none": 1, "not_started": 1, "in_progress": 0, "done": 2, "dropped": 0}
    # Without a follow-up, nothing is claimed: not even that it has not started.
    assert "No follow-up recorded: 1" in response.content.decode()
    assert "Not started: 1" in response.content.decode()


def test_tracker_counts_a_follow_up_recorded_since_the_last_visit(client):
    # The network's counts are kept once per records version: a new follow-up moves it on.
    recommendation = RecommendationFactory()
    client.get(TRACKER)

    FollowUpFactory(recommendation=recommendation, status="done")

    counts = {status: n for status, _, n in client.get(TRACKER).context["status_counts"]}
    assert counts["done"] == 1
    assert counts["none"] == 0


def test_tracker_never_says_a_recommendation_without_follow_up_has_not_started(client):
    RecommendationFactory()
    response = client.get(TRACKER)
    assert "Not started: 0" in response.content.decode()
    assert listed(client.get(TRACKER, {"status": "not_started"})) == []


@pytest.mark.parametrize("status", ["none", "not_started", "in_progress", "done", "dropped"])
def test_tracker_filters_by_latest_follow_up_status(client, status):
    never = RecommendationFactory()
    records = {"none": never}
    for other in ("not_started", "in_progress", "done", "dropped"):
        recommendation = RecommendationFactory()
        # An older follow-up with another status must not count.
        FollowUpFactory(
            recommendation=recommendation, status="not_started", date=datetime.date(2011, 1, 1)
        )
        FollowUpFactory(recommendation=recommendation, status=other)
        records[other] = recommendation
    response = client.get(TRACKER, {"status": status})
    assert listed(response) == [records[status]]


def test_tracker_theme_menu_offers_a_theme_linked_since_the_last_visit(client):
    recommendation = RecommendationFactory()
    theme = ThemeFactory(name="Synthetic Linked Later", slug="synthetic-linked-later")
    assert 'value="synthetic-linked-later"' not in client.get(TRACKER).content.decode()
    recommendation.themes.add(theme)
    assert 'value="synthetic-linked-later"' in client.get(TRACKER).content.decode()
    assert listed(client.get(TRACKER, {"theme": "synthetic-linked-later"})) == [recommendation]


def test_tracker_filters_by_theme_and_workshop(client):
    theme = ThemeFactory(slug="synthetic-ports")
    themed = RecommendationFactory()
    themed.themes.add(theme)
    RecommendationFactory()
    assert listed(client.get(TRACKER, {"theme": "synthetic-ports"})) == [themed]
    workshop = WorkshopFactory(slug="synthetic-chosen")
    chosen = RecommendationFactory(workshop=workshop)
    assert listed(client.get(TRACKER, {"workshop": "synthetic-chosen"})) == [chosen]


@pytest.mark.parametrize(
    "params",
    [{"status": "finished"}, {"theme": "nope"}, {"workshop": "no-such"}, {"q": "\x00" * 50}],
)
def test_tracker_bad_filters_answer_200(client, params):
    RecommendationFactory()
    response = client.get(TRACKER, params)
    assert response.status_code == 200


def test_tracker_cannot_show_a_draft_workshops_recommendations_by_filter(client):
    draft = WorkshopFactory(slug="synthetic-draft", status=Workshop.Status.DRAFT)
    RecommendationFactory(workshop=draft)
    response = client.get(TRACKER, {"workshop": "synthetic-draft"})
    assert listed(response) == []
    assert "could not be used and were ignored" in response.content.decode()


def test_recommendation_page_shows_text_status_and_follow_up_history(client):
    recommendation = RecommendationFactory(text="Synthetic full text of the recommendation.")
    later = WorkshopFactory(title="Synthetic Later Workshop")
    FollowUpFactory(
        recommendation=recommendation,
        date=datetime.date(2011, 5, 1),
        action="Synthetic first step.",
        status="in_progress",
    )
    FollowUpFactory(
        recommendation=recommendation,
        date=datetime.date(2012, 5, 1),
        action="Synthetic final step.",
        status="done",
        led_to_workshop=later,
    )
    content = client.get(recommendation.get_absolute_url()).content.decode()
    assert "Synthetic full text of the recommendation." in content
    assert "as of 1 May 2012" in content
    assert content.index("Synthetic final step.") < content.index("Synthetic first step.")
    assert later.get_absolute_url() in content


def test_recommendation_of_a_draft_workshop_is_404_for_the_public(client):
    recommendation = RecommendationFactory(workshop=WorkshopFactory(status=Workshop.Status.DRAFT))
    assert client.get(recommendation.get_absolute_url()).status_code == 404


def test_recommendation_of_a_draft_workshop_is_shown_to_staff_with_a_banner(viewer_client):
    recommendation = RecommendationFactory(workshop=WorkshopFactory(status=Workshop.Status.DRAFT))
    content = viewer_client.get(recommendation.get_absolute_url()).content.decode()
    assert recommendation.short_title in content
    assert "<strong>Draft</strong>" in content


def test_unknown_recommendation_is_404(client):
    assert client.get("/recommendations/999999/").status_code == 404
    assert client.get("/recommendations/abc/").status_code == 404


def test_tracker_query_count_is_pinned_at_two_sizes(client, assert_page_queries):
    # With an empty cache: one of the 7 is the themes in use, once per records version.
    many_workshops(3)
    assert_page_queries(client, TRACKER, 7)
    assert_page_queries(client, TRACKER + "?status=done&q=synthetic", 7)
    many_workshops(60)
    assert_page_queries(client, TRACKER, 7)
    assert_page_queries(client, TRACKER + "?page=2", 7)
    assert_page_queries(client, TRACKER + "?status=done&q=synthetic", 7)


def test_recommendation_page_query_count_is_pinned_at_two_sizes(client, assert_page_queries):
    small = published_workshop_with_everything(items=1).recommendations.get()
    large = RecommendationFactory()
    for day in range(1, 15):
        FollowUpFactory(
            recommendation=large,
            date=datetime.date(2014, 1, day),
            led_to_workshop=WorkshopFactory(),
        )
        large.themes.add(ThemeFactory())
    assert_page_queries(client, small.get_absolute_url(), 4)
    assert_page_queries(client, large.get_absolute_url(), 4)


def older_workshops_with_recommendations(count):
    """`count` published workshops held before any of `many_workshops`, one recommendation
    each."""
    workshops = [WorkshopFactory(start_date=datetime.date(1960 + n, 1, 1)) for n in range(count)]
    for workshop in workshops:
        RecommendationFactory(workshop=workshop)
    return workshops


def workshops_offered(response):
    return [slug for slug, _ in response.context["filter"].form.fields["workshop"].widget.choices]


def test_tracker_page_keeps_its_size_as_older_records_accumulate(client, assert_page_queries):
    many_workshops(60)
    before = assert_page_queries(client, TRACKER, 7)
    older_workshops_with_recommendations(40)

    after = assert_page_queries(client, TRACKER, 7)

    assert len(after.context["recommendation_list"]) == 50
    assert after.context["paginator"].count == 100
    # Only figures change: the counts in the status badges, the heading and the pager, and
    # the follow-up chart's bar lengths and labels (a fixed number of bars) and its table.
    assert abs(len(after.content) - len(before.content)) < 1000
    assert len(workshops_offered(after)) == 1 + RecommendationFilter.workshops_offered


def test_tracker_filters_by_a_workshop_older_than_its_menu_offers(client):
    many_workshops(35)
    (oldest,) = older_workshops_with_recommendations(1)

    response = client.get(TRACKER, {"workshop": oldest.slug})

    assert [r.workshop for r in listed(response)] == [oldest]
    assert oldest.slug in workshops_offered(response)
    assert f'<option value="{oldest.slug}" selected>' in response.content.decode()


def test_tracker_pages_keep_the_filters(client):
    theme = ThemeFactory(slug="synthetic-kept")
    for workshop in older_workshops_with_recommendations(55):
        workshop.recommendations.get().themes.add(theme)

    first = client.get(TRACKER, {"theme": "synthetic-kept"})
    second = client.get(TRACKER, {"theme": "synthetic-kept", "page": 2})

    assert 'href="?theme=synthetic-kept&amp;page=2" rel="next"' in first.content.decode()
    assert len(listed(first)) + len(listed(second)) == 55


def test_tracker_draws_the_networks_follow_up_status_as_its_counts_say(client):
    from core.tests.svg import bar_values, pictures_in, text_alternative

    for status in ("done", "done", "in_progress"):
        FollowUpFactory(status=status)
    RecommendationFactory()
    FollowUpFactory(
        status="dropped",
        recommendation__workshop=WorkshopFactory(status=Workshop.Status.DRAFT),
    )

    picture = pictures_in(client.get(TRACKER).content.decode())["follow-up-chart"]

    counts = {status: bars[status] for status, bars in bar_values(picture).items()}
    assert counts == {"none": 1, "in_progress": 1, "done": 2}
    assert text_alternative(picture).startswith(
        "Follow-up status of the network's recommendations Of 4 recommendations:"
    )
