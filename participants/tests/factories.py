"""Synthetic test records: made up for tests, never real network data."""

import factory

from participants.models import Organization, OrganizationName, Participation, Person


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Synthetic Agency {n}")
    slug = factory.Sequence(lambda n: f"synthetic-agency-{n}")
    kind = Organization.Kind.CUSTOMS
    country = "TH"


class OrganizationNameFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganizationName

    organization = factory.SubFactory(OrganizationFactory)
    name = "環境省"
    language = "ja"


class DelegationFactory(factory.django.DjangoModelFactory):
    """A country's delegation: a country alone, with no person or organization."""

    class Meta:
        model = Participation

    workshop = factory.SubFactory("workshops.tests.factories.WorkshopFactory")
    person = None
    organization = None
    country = "KH"


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


def participations_in_bulk(*, workshop, count, organizations=10, consenting=True):
    """`count` SYNTHETIC participations at `workshop`, spread over `organizations` agencies,
    bulk-created in a handful of queries: for tests of very large workshops."""
    agencies = Organization.objects.bulk_create(
        Organization(
            name=f"Synthetic Bulk Agency {workshop.pk}-{n:04d}",
            slug=f"synthetic-bulk-agency-{workshop.pk}-{n}",
            kind=Organization.Kind.CUSTOMS,
            country="TH",
        )
        for n in range(organizations)
    )
    people = Person.objects.bulk_create(
        Person(
            name=f"Synthetic Bulk Person {workshop.pk}-{n:06d}",
            organization=agencies[n % organizations],
            country="TH",
            publish_name_consent=consenting,
        )
        for n in range(count)
    )
    return Participation.objects.bulk_create(
        Participation(
            workshop=workshop,
            person=person,
            organization=person.organization,
            country="TH",
            role=Participation.Role.PARTICIPANT,
        )
        for person in people
    )
