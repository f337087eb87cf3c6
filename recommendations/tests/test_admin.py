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


def test_theme_list_narrows_by_the_date_it_was_added(editor_client):
    theme = ThemeFactory()
    url = reverse("admin:recommendations_theme_changelist")
    response = editor_client.get(url, {"created__year": theme.created.year})
    page = response.content.decode()
    assert '<nav class="toplinks">' in page  # the date hierarchy
    assert reverse("admin:recommendations_theme_change", args=[theme.pk]) in page
    year_before = editor_client.get(url, {"created__year": theme.created.year - 1})
    assert year_before.context["cl"].result_count == 0
