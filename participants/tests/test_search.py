"""Searching organizations finds each by its names however they were written: on PostgreSQL
the database keeps each one's search document (migration 0006)."""

import pytest

from participants.models import Organization, OrganizationName
from participants.services import participant_import_apply
from participants.tests.factories import OrganizationFactory, OrganizationNameFactory
from participants.tests.test_services import csv_bytes, read, row
from workshops.tests.factories import WorkshopFactory


def found(text):
    return list(Organization.objects.search(text))


@pytest.mark.django_db
def test_search_follows_names_in_other_languages_added_renamed_and_removed():
    organization = OrganizationFactory()
    other_name = OrganizationNameFactory(organization=organization, name="Tổng cục Hải quan")
    assert found("tong cuc hai quan") == [organization]
    other_name.name = "Synthetic Douanes"
    other_name.save()
    assert found("douanes") == [organization]
    assert found("quan") == []
    other_name.delete()
    assert found("douanes") == []


@pytest.mark.django_db
def test_search_finds_organizations_and_names_bulk_created():
    (organization,) = Organization.objects.bulk_create(
        [Organization(name="Synthetic Lighthouse Board", slug="synthetic-lighthouse-board")]
    )
    OrganizationName.objects.bulk_create(
        [OrganizationName(organization=organization, name="Synthetic Douanes", language="fr")]
    )
    assert found("lighthouse douanes") == [organization]


@pytest.mark.django_db
def test_search_finds_organizations_made_by_a_participant_import():
    rows = [row("Synthetic Person A", "Synthetic Lighthouse Board", "VN")]
    participant_import_apply(workshop=WorkshopFactory(), rows=read(csv_bytes(rows)))
    assert [o.name for o in found("lighthouse")] == ["Synthetic Lighthouse Board"]
