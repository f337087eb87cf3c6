"""Which organizations the public sees: all, except one that the records tie only to workshops
not yet published. Such an organization is published with its workshop."""

import pytest
from django.urls import reverse

from participants.models import Organization
from participants.tests.factories import OrganizationFactory, ParticipationFactory, PersonFactory
from recommendations.tests.factories import RecommendationFactory
from workshops.models import Workshop
from workshops.services import workshop_publish
from workshops.tests.factories import (
    RelatedEventFactory,
    WorkshopFactory,
    WorkshopOrganizerFactory,
    WorkshopSeriesFactory,
)

pytestmark = pytest.mark.django_db

HIDDEN_NAME = "Synthetic Customs Bureau Of The Draft"


def tie_as_participant(organization, workshop):
    ParticipationFactory(
        workshop=workshop, person=None, organization=organization, country=organization.country
    )


def tie_as_organizer(organization, workshop):
    WorkshopOrganizerFactory(workshop=workshop, organization=organization)


def tie_as_addressee(organization, workshop):
    RecommendationFactory(workshop=workshop).addressed_to.add(organization)


def tie_as_related_event_organizer(organization, workshop):
    RelatedEventFactory(workshop=workshop).organizations.add(organization)


def tie_as_series_runner(organization, workshop):
    Workshop.objects.filter(pk=workshop.pk).update(
        series=WorkshopSeriesFactory(organization=organization)
    )


TIES = [
    tie_as_participant,
    tie_as_organizer,
    tie_as_addressee,
    tie_as_related_event_organizer,
    tie_as_series_runner,
]


@pytest.fixture
def draft():
    return WorkshopFactory(status=Workshop.Status.DRAFT, country="KH")


@pytest.fixture
def hidden(draft):
    """An agency added with the draft's participant list: in Laos, which nothing else names."""
    organization = OrganizationFactory(name=HIDDEN_NAME, acronym="SCBD", country="LA")
    tie_as_participant(organization, draft)
    return organization


@pytest.mark.parametrize("tie", TIES, ids=lambda tie: tie.__name__)
def test_an_organization_tied_only_to_a_draft_is_not_public_whatever_the_tie(draft, tie):
    organization = OrganizationFactory()
    tie(organization, draft)
    assert organization not in Organization.objects.public()

    tie(organization, WorkshopFactory())
    assert organization in Organization.objects.public()


def test_organizations_tied_to_no_workshop_and_to_published_ones_are_public(draft):
    network = OrganizationFactory(name="Synthetic Network Added By Hand")
    published_only = OrganizationFactory()
    tie_as_participant(published_only, WorkshopFactory())
    # A person at the draft without an organization hides no one.
    person = PersonFactory(organization=None, country="KH")
    ParticipationFactory(workshop=draft, person=person, organization=None)
    assert set(Organization.objects.public()) >= {network, published_only}


def test_the_public_does_not_find_a_drafts_organization_anywhere(client, hidden):
    assert client.get(hidden.get_absolute_url()).status_code == 404
    pages = {
        "list": client.get(reverse("participants:organization-list")),
        "search": client.get(reverse("search"), {"q": "Synthetic Customs Bureau"}),
        "countries": client.get(reverse("participants:country-list")),
        "sitemap of organizations": client.get("/sitemap-organizations.xml"),
        "sitemap of countries": client.get("/sitemap-countries.xml"),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        text = response.content.decode()
        assert HIDDEN_NAME not in text and hidden.slug not in text, name
        assert "/countries/LA/" not in text, name
    assert client.get(reverse("participants:country-detail", args=["LA"])).status_code == 404


def test_staff_see_a_drafts_organization_marked_as_not_published(editor_client, hidden):
    response = editor_client.get(hidden.get_absolute_url())
    assert response.status_code == 200
    assert "this record is not published" in response.content.decode()


def test_publishing_the_workshop_publishes_its_organizations(client, draft, hidden):
    workshop_publish(workshop=draft)
    response = client.get(hidden.get_absolute_url())
    assert response.status_code == 200
    assert "this record is not published" not in response.content.decode()
    assert HIDDEN_NAME in client.get(reverse("participants:organization-list")).content.decode()
    assert client.get(reverse("participants:country-detail", args=["LA"])).status_code == 200


def test_a_public_organization_does_not_name_a_parent_the_public_cannot_see(client, hidden):
    office = OrganizationFactory(name="Synthetic Port Office", parent=hidden)
    tie_as_participant(office, WorkshopFactory())
    text = client.get(office.get_absolute_url()).content.decode()
    assert "Synthetic Port Office" in text
    assert HIDDEN_NAME not in text and "Part of" not in text
    # A parent the public can see is named and linked; a hidden part is not listed under it.
    parent = OrganizationFactory(name="Synthetic Ministry")
    Organization.objects.filter(pk=office.pk).update(parent=parent)
    Organization.objects.filter(pk=hidden.pk).update(parent=parent)
    text = client.get(parent.get_absolute_url()).content.decode()
    assert "Synthetic Port Office" in text and HIDDEN_NAME not in text
    assert parent.get_absolute_url() in client.get(office.get_absolute_url()).content.decode()


def test_an_organization_hidden_a_moment_ago_is_public_once_its_workshop_is_published(
    draft, hidden
):
    # The hidden set is counted once per records version: publishing moves the version on, so
    # the set read a moment ago is never shown again.
    assert hidden not in Organization.objects.public()
    assert not hidden.is_public

    workshop_publish(workshop=draft)

    assert hidden in Organization.objects.public()
    assert Organization.objects.get(pk=hidden.pk).is_public
