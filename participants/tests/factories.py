"""Synthetic test records: made up for tests, never real network data."""

import factory

from participants.models import Organization, Participation, Person


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Synthetic Agency {n}")
    slug = factory.Sequence(lambda n: f"synthetic-agency-{n}")
    kind = Organization.Kind.CUSTOMS
    country = "TH"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Synthetic Person {n}")
    position = "Inspector"
    organization = factory.SubFactory(OrganizationFactory)
    country = factory.SelfAttribute("organization.country")
    email = factory.Sequence(lambda n: f"person{n}@example.invalid")
    phone = "+00 0000 0000"
    publish_name_consent = False


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    workshop = factory.SubFactory("workshops.tests.factories.WorkshopFactory")
    person = factory.SubFactory(PersonFactory)
    organization = factory.SelfAttribute("person.organization")
    country = factory.SelfAttribute("person.country")
    role = Participation.Role.PARTICIPANT
