"""Synthetic test records: made up for tests, never real network data."""

import datetime

import factory

from recommendations.models import FollowUp, Recommendation, Theme


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    name = factory.Sequence(lambda n: f"Synthetic theme {n}")
    slug = factory.Sequence(lambda n: f"synthetic-theme-{n}")


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    workshop = factory.SubFactory("workshops.tests.factories.WorkshopFactory")
    number = factory.Sequence(lambda n: n + 1)
    short_title = factory.Sequence(lambda n: f"Synthetic recommendation {n}")
    text = "Synthetic text of a recommendation, made up for tests."


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    recommendation = factory.SubFactory(RecommendationFactory)
    date = datetime.date(2012, 6, 1)
    status = FollowUp.Status.IN_PROGRESS
    action = "Synthetic follow-up action, made up for tests."
