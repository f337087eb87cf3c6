"""Synthetic test records: made up for tests, never real network data."""

import datetime

import factory

from core.models import SeedLoad
from participants.tests.factories import OrganizationFactory
from workshops.models import (
    AgendaItem,
    Conclusion,
    Material,
    Objective,
    RelatedEvent,
    Workshop,
    WorkshopNumbering,
    WorkshopOrganizer,
    WorkshopSeries,
)


class WorkshopSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkshopSeries

    name = factory.Sequence(lambda n: f"Synthetic Workshop Series {n}")
    slug = factory.Sequence(lambda n: f"synthetic-series-{n}")
    organization = factory.SubFactory(OrganizationFactory, kind="enforcement_network", country="")


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop

    series = factory.SubFactory(WorkshopSeriesFactory)
    edition = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Synthetic Workshop {n}")
    slug = factory.Sequence(lambda n: f"synthetic-workshop-{n}")
    start_date = datetime.date(2012, 3, 5)
    end_date = factory.SelfAttribute("start_date")
    city = "Synthetic City"
    country = "TH"
    status = Workshop.Status.PUBLISHED


class WorkshopOrganizerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkshopOrganizer

    workshop = factory.SubFactory(WorkshopFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = WorkshopOrganizer.Role.HOST


class WorkshopNumberingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkshopNumbering

    workshop = factory.SubFactory(WorkshopFactory)
    source = "a synthetic network's own presentation"
    edition = 2


class RelatedEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RelatedEvent

    workshop = factory.SubFactory(WorkshopFactory)
    relation = RelatedEvent.Relation.HELD_ALONGSIDE
    title = factory.Sequence(lambda n: f"Synthetic Related Event {n}")


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    workshop = factory.SubFactory(WorkshopFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Synthetic objective {n}.")


class ConclusionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conclusion

    workshop = factory.SubFactory(WorkshopFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Synthetic conclusion {n}.")


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    workshop = factory.SubFactory(WorkshopFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Synthetic session {n}")


class MaterialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Material

    workshop = factory.SubFactory(WorkshopFactory)
    position = factory.Sequence(lambda n: n + 1)
    kind = Material.Kind.PRESENTATION
    title = factory.Sequence(lambda n: f"Synthetic presentation {n}")
    url = "https://example.invalid/synthetic.pdf"


class SeedLoadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SeedLoad

    part = SeedLoad.Part.WORKSHOPS
    source = "synthetic-source.txt"
    loaded_at = factory.LazyFunction(lambda: datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    outcome = SeedLoad.Outcome.LOADED
