"""The recommendation admin: compare two versions that differ in their themes."""

from django.urls import reverse

from recommendations.tests.factories import RecommendationFactory, ThemeFactory


def test_history_compare_shows_changed_themes_by_name(editor_client):
    recommendation = RecommendationFactory()
    first = recommendation.history.latest()
    recommendation.themes.set([ThemeFactory(name="Synthetic theme of ports")])
    latest = recommendation.history.latest()
    assert latest.pk != first.pk

    response = editor_client.get(
        reverse("admin:recommendations_recommendation_history_compare", args=[recommendation.pk]),
        {"older": first.pk, "newer": latest.pk},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Themes" in page
    assert "Synthetic theme of ports" in page
