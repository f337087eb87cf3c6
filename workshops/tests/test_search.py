"""Searching workshops finds each by its own words and those of its series, objectives and
conclusions however they were written: on PostgreSQL the database keeps each one's search
document (migration 0009)."""

import pytest

from workshops.models import Objective, Workshop
from workshops.tests.factories import (
    ConclusionFactory,
    ObjectiveFactory,
    WorkshopFactory,
    WorkshopSeriesFactory,
)


def found(text):
    return list(Workshop.objects.search(text))


@pytest.mark.django_db
def test_search_after_the_series_is_renamed_finds_the_new_name_not_the_old():
    series = WorkshopSeriesFactory(name="Synthetic Mangroves Series")
    workshop = WorkshopFactory(series=series)
    assert found("mangroves") == [workshop]
    series.name = "Synthetic Seagrass Series"
    series.save()
    assert found("seagrass") == [workshop]
    assert found("mangroves") == []


@pytest.mark.django_db
def test_search_follows_objectives_and_conclusions_added_edited_and_removed():
    workshop = WorkshopFactory()
    objective = ObjectiveFactory(workshop=workshop, text="Synthetic lighthouses")
    ConclusionFactory(workshop=workshop, text="Synthetic harbours")
    assert found("lighthouses harbours") == [workshop]
    Objective.objects.filter(pk=objective.pk).update(text="Synthetic seagrass")
    assert found("seagrass harbours") == [workshop]
    assert found("lighthouses") == []
    workshop.objectives.all().delete()
    assert found("seagrass") == []


@pytest.mark.django_db
def test_search_finds_objectives_bulk_created():
    workshop = WorkshopFactory()
    Objective.objects.bulk_create(
        [Objective(workshop=workshop, position=1, text="Synthetic lighthouses")]
    )
    assert found("lighthouses") == [workshop]


@pytest.mark.django_db
def test_search_after_the_title_is_edited_finds_the_new_words():
    workshop = WorkshopFactory(title="Synthetic harbours")
    workshop.title = "Synthetic lighthouses"
    workshop.save()
    assert found("lighthouses") == [workshop]
    assert found("harbours") == []
