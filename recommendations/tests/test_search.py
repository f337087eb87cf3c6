"""Searching recommendations finds each by its title, text and themes however it was written:
on PostgreSQL the database keeps each one's search document (migration 0005)."""

import pytest
from django.core import serializers
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.search import FULL_TEXT_CONFIG
from portal.restore import workshop_restore
from recommendations.models import Recommendation, Theme
from recommendations.tests.factories import RecommendationFactory, ThemeFactory
from workshops.tests.factories import WorkshopFactory

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the stored document is PostgreSQL's"
)


def found(text):
    return list(Recommendation.objects.search(text))


@pytest.mark.django_db
def test_search_finds_a_recommendation_by_a_word_of_its_theme():
    recommendation = RecommendationFactory()
    recommendation.themes.add(ThemeFactory(name="Synthetic mangroves"))
    RecommendationFactory()
    assert found("mangroves") == [recommendation]


@pytest.mark.django_db
def test_search_after_a_theme_is_renamed_finds_the_new_name_not_the_old():
    recommendation = RecommendationFactory()
    theme = ThemeFactory(name="Synthetic mangroves")
    recommendation.themes.add(theme)
    theme.name = "Synthetic seagrass"
    theme.save()
    assert found("seagrass") == [recommendation]
    assert found("mangroves") == []


@pytest.mark.django_db
def test_search_after_the_text_is_edited_finds_the_new_words_not_the_old():
    recommendation = RecommendationFactory(text="Synthetic text about harbours.")
    recommendation.text = "Synthetic text about lighthouses."
    recommendation.save()
    assert found("lighthouses") == [recommendation]
    assert found("harbours") == []


@pytest.mark.django_db
def test_search_after_a_bulk_update_of_titles_finds_the_new_words():
    recommendation = RecommendationFactory()
    Recommendation.objects.update(short_title="Synthetic lighthouses")
    assert found("lighthouses") == [recommendation]


@pytest.mark.django_db
def test_search_after_themes_are_added_from_the_theme_and_removed_follows_them():
    recommendation = RecommendationFactory()
    theme = ThemeFactory(name="Synthetic mangroves")
    theme.recommendations.add(recommendation)
    assert found("mangroves") == [recommendation]
    recommendation.themes.remove(theme)
    assert found("mangroves") == []
    recommendation.themes.set([theme])
    recommendation.themes.clear()
    assert found("mangroves") == []


@pytest.mark.django_db
def test_search_finds_words_of_two_themes_together():
    """The whole recommendation is one document: its title, its text and all its themes."""
    recommendation = RecommendationFactory(short_title="Synthetic lighthouses")
    recommendation.themes.add(
        ThemeFactory(name="Synthetic mangroves"), ThemeFactory(name="Synthetic seagrass")
    )
    assert found("lighthouses mangroves seagrass") == [recommendation]
    assert found("lighthouses -seagrass") == []


@pytest.mark.django_db
def test_search_finds_recommendations_bulk_created_with_their_theme_links():
    """As bench/large_records.py writes them: rows and theme links in bulk."""
    workshop = WorkshopFactory()
    theme = Theme.objects.create(name="Synthetic mangroves", slug="synthetic-mangroves")
    made = Recommendation.objects.bulk_create(
        Recommendation(workshop=workshop, number=n, short_title=f"Lighthouse {n}", text="Text")
        for n in (1, 2)
    )
    Recommendation.themes.through.objects.bulk_create(
        [Recommendation.themes.through(recommendation=made[0], theme=theme)]
    )
    assert found("lighthouse mangroves") == [made[0]]
    assert len(found("lighthouse")) == 2


@pytest.mark.django_db
def test_search_finds_a_recommendation_loaded_from_a_backup_before_its_theme():
    """Loading a backup saves rows raw, its theme links possibly before the theme itself."""
    recommendation = RecommendationFactory(short_title="Synthetic lighthouses")
    recommendation.themes.add(ThemeFactory(name="Synthetic mangroves"))
    records = serializers.serialize("python", [recommendation, *recommendation.themes.all()])
    Theme.objects.all().delete()
    Recommendation.objects.all().delete()
    with connection.constraint_checks_disabled():
        for loaded in serializers.deserialize("python", records):
            loaded.save()
    assert found("lighthouses mangroves") == [recommendation]


@pytest.mark.django_db
def test_search_finds_a_recommendation_of_a_restored_workshop():
    recommendation = RecommendationFactory(short_title="Synthetic lighthouses")
    recommendation.themes.add(ThemeFactory(name="Synthetic mangroves"))
    workshop_id = recommendation.workshop_id
    recommendation.workshop.delete()
    assert found("lighthouses") == []
    workshop_restore(workshop_id=workshop_id)
    assert found("lighthouses mangroves") == [recommendation]


@postgresql_only
@pytest.mark.django_db
def test_stored_document_is_the_document_of_the_searched_fields():
    from django.contrib.postgres.search import SearchVector

    recommendation = RecommendationFactory(short_title="Tổng cục lighthouses")
    recommendation.themes.add(ThemeFactory(name="Synthetic mangroves"))
    computed = (
        Recommendation.objects.annotate(
            document=SearchVector("short_title", "text", "themes__name", config=FULL_TEXT_CONFIG)
        )
        .values_list("document", flat=True)
        .get()
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_document::text FROM recommendations_recommendation WHERE id = %s",
            [recommendation.pk],
        )
        assert cursor.fetchone()[0] == computed


@postgresql_only
@pytest.mark.django_db
def test_search_looks_up_the_stored_document_instead_of_computing_each_one():
    RecommendationFactory(short_title="Synthetic lighthouses")
    with CaptureQueriesContext(connection) as queries:
        assert len(found("lighthouses")) == 1
    (query,) = queries.captured_queries
    assert "search_document" in query["sql"]
    assert "to_tsvector" not in query["sql"]
