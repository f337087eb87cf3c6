import datetime

import pytest
from django.core.exceptions import ValidationError

from recommendations.models import FollowUp, Recommendation
from recommendations.tests.factories import FollowUpFactory, RecommendationFactory


@pytest.mark.django_db
def test_recommendation_without_follow_up_says_none_is_recorded():
    recommendation = RecommendationFactory()
    assert recommendation.status == "none"
    assert not recommendation.has_follow_up
    # The label says what is known: nothing is recorded, not that nothing was done.
    assert recommendation.status_label == "No follow-up recorded"
    annotated = Recommendation.objects.with_latest_follow_up().get()
    assert annotated.status_label == "No follow-up recorded"


@pytest.mark.django_db
def test_recommendation_status_is_the_latest_follow_up():
    recommendation = RecommendationFactory()
    FollowUpFactory(
        recommendation=recommendation, date=datetime.date(2011, 1, 1), status="in_progress"
    )
    FollowUpFactory(recommendation=recommendation, date=datetime.date(2012, 1, 1), status="done")
    annotated = Recommendation.objects.with_latest_follow_up().get()
    assert annotated.status == FollowUp.Status.DONE
    assert annotated.status_label == "Done"
    assert annotated.latest_follow_up_date == datetime.date(2012, 1, 1)
    assert recommendation.status == FollowUp.Status.DONE


@pytest.mark.django_db
def test_recommendation_number_is_unique_within_a_workshop():
    first = RecommendationFactory(number=1)
    second = RecommendationFactory.build(workshop=first.workshop, number=1)
    with pytest.raises(ValidationError) as excinfo:
        second.full_clean()
    assert "This workshop already has a recommendation with that number." in excinfo.value.messages


@pytest.mark.django_db
def test_recommendation_published_follows_its_workshop():
    RecommendationFactory(workshop__status="draft")
    public = RecommendationFactory(workshop__status="published")
    assert list(Recommendation.objects.published()) == [public]
