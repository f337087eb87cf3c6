import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from participants.models import Organization, Participation
from participants.tests.factories import (
    OrganizationFactory,
    OrganizationNameFactory,
    ParticipationFactory,
    PersonFactory,
)
from workshops.tests.factories import WorkshopFactory


@pytest.mark.django_db
def test_participation_duplicate_person_at_a_workshop_is_rejected_with_a_clear_message():
    first = ParticipationFactory()
    duplicate = Participation(
        workshop=first.workshop, person=first.person, organization=first.organization
    )
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert "This person is already recorded at this workshop." in excinfo.value.messages
    assert Participation.objects.count() == 1


@pytest.mark.django_db
def test_participation_duplicate_is_refused_by_the_database_too():
    first = ParticipationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(workshop=first.workshop, person=first.person)


@pytest.mark.django_db
def test_participation_of_an_organization_as_a_whole_once_per_workshop():
    workshop = WorkshopFactory()
    organization = OrganizationFactory()
    Participation.objects.create(workshop=workshop, organization=organization)
    duplicate = Participation(workshop=workshop, organization=organization)
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert "This organization is already recorded at this workshop." in excinfo.value.messages


@pytest.mark.django_db
def test_participation_needs_a_person_an_organization_or_a_country():
    participation = Participation(workshop=WorkshopFactory())
    with pytest.raises(ValidationError) as excinfo:
        participation.full_clean()
    assert (
        "A participation needs a person, an organization, or (for a country's delegation) "
        "a country." in excinfo.value.messages
    )


@pytest.mark.django_db
def test_a_countrys_delegation_is_a_country_alone_once_per_workshop():
    workshop = WorkshopFactory()
    delegation = Participation(workshop=workshop, country="KH", delegation_size=5)
    delegation.full_clean()
    delegation.save()
    assert delegation.is_delegation
    assert str(delegation).startswith("Delegation of Cambodia at ")
    with pytest.raises(ValidationError) as excinfo:
        Participation(workshop=workshop, country="KH").full_clean()
    assert "This country's delegation is already recorded at this workshop." in (
        excinfo.value.messages
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(workshop=workshop, country="KH")


@pytest.mark.django_db
def test_only_a_delegation_has_a_headcount():
    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipationFactory(delegation_size=3)


@pytest.mark.django_db
def test_a_delegation_numbers_at_least_one_person_where_its_headcount_is_given():
    workshop = WorkshopFactory()
    with pytest.raises(ValidationError) as excinfo:
        Participation(workshop=workshop, country="KH", delegation_size=0).full_clean()
    assert excinfo.value.message_dict == {
        "delegation_size": ["A delegation numbers at least one person."]
    }
    Participation(workshop=workshop, country="KH", delegation_size=1).full_clean()


@pytest.mark.django_db
def test_organization_saved_without_a_slug_gets_one_from_its_name_or_acronym():
    assert OrganizationFactory(name="관세청", slug="").slug == "gwansecheong"
    assert OrganizationFactory(name="관세청", slug="", country="KR").slug == "gwansecheong-2"
    assert OrganizationFactory(name="…", acronym="SCA", slug="").slug == "sca"


@pytest.mark.django_db
def test_organization_is_found_by_its_name_in_any_of_its_languages():
    ministry = OrganizationFactory(name="Synthetic Ministry of the Environment", country="JP")
    OrganizationNameFactory(organization=ministry, name="環境省", language="ja")
    OrganizationNameFactory(organization=ministry, name="Tổng cục Hải quan", language="vi")
    OrganizationFactory(name="Synthetic Other Ministry")
    assert list(Organization.objects.search("環境省")) == [ministry]
    assert list(Organization.objects.search("Hải quan")) == [ministry]
    assert list(Organization.objects.search("Synthetic Ministry Environment")) == [ministry]


@pytest.mark.django_db
def test_participation_unknown_country_code_is_rejected():
    participation = ParticipationFactory.build(
        workshop=WorkshopFactory(), person=PersonFactory(), organization=None, country="ZZ"
    )
    with pytest.raises(ValidationError) as excinfo:
        participation.full_clean()
    assert "country" in excinfo.value.message_dict


@pytest.mark.django_db
def test_organization_name_is_unique_within_a_country_only():
    OrganizationFactory(name="Ministry of Environment", country="KH")
    OrganizationFactory(name="Ministry of Environment", country="TH").full_clean()
    same = OrganizationFactory.build(name="Ministry of Environment", country="KH")
    with pytest.raises(ValidationError) as excinfo:
        same.full_clean()
    assert (
        "An organization with this name already exists in this country." in excinfo.value.messages
    )


@pytest.mark.django_db
def test_organization_str_tells_same_named_ministries_apart():
    organization = OrganizationFactory(name="Ministry of Environment", country="KH")
    assert str(organization) == "Ministry of Environment, Cambodia"


@pytest.mark.django_db
def test_organization_cannot_be_its_own_parent():
    organization = OrganizationFactory()
    organization.parent = organization
    with pytest.raises(ValidationError) as excinfo:
        organization.full_clean()
    assert "An organization cannot be its own parent." in excinfo.value.messages


@pytest.mark.django_db
def test_person_public_name_only_with_consent():
    assert PersonFactory(name="Synthetic A", publish_name_consent=True).public_name == "Synthetic A"
    assert PersonFactory(name="Synthetic B", publish_name_consent=False).public_name == ""


@pytest.mark.django_db
def test_international_organizations_are_the_network_and_regional_kinds():
    network = OrganizationFactory(kind=Organization.Kind.ENFORCEMENT_NETWORK, country="")
    OrganizationFactory(kind=Organization.Kind.CUSTOMS)
    assert list(Organization.objects.international()) == [network]
    assert network.is_international


@pytest.mark.parametrize(
    ("acronym", "label"),
    [("SMA", "Synthetic Maritime Authority (SMA)"), ("", "Synthetic Maritime Authority")],
)
def test_organization_label_adds_the_acronym_where_there_is_one(acronym, label):
    organization = Organization(name="Synthetic Maritime Authority", acronym=acronym)

    assert organization.label == label
