"""A workshop's participations on its admin form: a few are edited inline, many on their list."""

import pytest
from django.urls import reverse

from participants.admin import PARTICIPATIONS_EDITED_INLINE
from participants.models import Participation
from participants.tests.factories import OrganizationFactory, ParticipationFactory, PersonFactory
from workshops.tests.admin_forms import form_values
from workshops.tests.factories import WorkshopFactory


def change_url(workshop):
    return reverse("admin:workshops_workshop_change", args=[workshop.pk])


def participation_list_url(workshop):
    return reverse("admin:participants_participation_changelist") + (
        f"?workshop__id__exact={workshop.pk}"
    )


@pytest.fixture
def crowded_workshop(db):
    workshop = WorkshopFactory()
    ParticipationFactory.create_batch(PARTICIPATIONS_EDITED_INLINE + 10, workshop=workshop)
    return workshop


def test_admin_workshop_with_many_participations_links_to_their_list_instead_of_rows(
    editor_client, crowded_workshop
):
    response = editor_client.get(change_url(crowded_workshop))
    page = response.content.decode()
    assert response.status_code == 200
    assert "This workshop has 60 participations, too many to edit in this form" in page
    assert f'href="{participation_list_url(crowded_workshop)}"' in page
    form = form_values(page, "workshop_form")
    assert form["participations-INITIAL_FORMS"] == "0"
    assert "participations-0-person" not in form


def test_admin_workshop_with_many_participations_saves_and_keeps_them_all(
    editor_client, crowded_workshop
):
    form = form_values(
        editor_client.get(change_url(crowded_workshop)).content.decode(), "workshop_form"
    )
    form["city"] = "Synthetic City Renamed"
    newcomer = PersonFactory()
    form.update(
        {
            "participations-TOTAL_FORMS": "1",
            "participations-0-person": str(newcomer.pk),
            "participations-0-role": Participation.Role.SPEAKER,
        }
    )
    response = editor_client.post(change_url(crowded_workshop), form)
    assert response.status_code == 302
    crowded_workshop.refresh_from_db()
    assert crowded_workshop.city == "Synthetic City Renamed"
    assert crowded_workshop.participations.count() == 61
    assert crowded_workshop.participations.get(person=newcomer).role == "speaker"


def test_admin_workshop_with_few_participations_shows_them_as_rows(editor_client, db):
    workshop = WorkshopFactory()
    participations = ParticipationFactory.create_batch(3, workshop=workshop)
    page = editor_client.get(change_url(workshop)).content.decode()
    form = form_values(page, "workshop_form")
    assert form["participations-INITIAL_FORMS"] == "3"
    assert {form[f"participations-{i}-id"] for i in range(3)} == {
        str(participation.pk) for participation in participations
    }
    assert "too many to edit in this form" not in page


def with_new_rows(form, *rows):
    form["participations-TOTAL_FORMS"] = str(int(form["participations-INITIAL_FORMS"]) + len(rows))
    first = int(form["participations-INITIAL_FORMS"])
    for index, row in enumerate(rows, start=first):
        form.update({f"participations-{index}-{name}": value for name, value in row.items()})
        form.setdefault(f"participations-{index}-role", Participation.Role.PARTICIPANT)
    return form


def test_admin_workshop_refuses_the_same_person_in_two_new_rows(editor_client, db):
    workshop = WorkshopFactory()
    person = PersonFactory()
    form = form_values(editor_client.get(change_url(workshop)).content.decode(), "workshop_form")
    with_new_rows(form, {"person": str(person.pk)}, {"person": str(person.pk)})
    response = editor_client.post(change_url(workshop), form)
    assert response.status_code == 200
    assert "This person is in another row too." in response.content.decode()
    assert not workshop.participations.exists()


def test_admin_workshop_refuses_the_same_organization_without_a_person_in_two_new_rows(
    editor_client, db
):
    workshop = WorkshopFactory()
    organization = OrganizationFactory()
    form = form_values(editor_client.get(change_url(workshop)).content.decode(), "workshop_form")
    row = {"organization": str(organization.pk), "country": "TH"}
    with_new_rows(form, row, row)
    response = editor_client.post(change_url(workshop), form)
    assert response.status_code == 200
    assert "This organization, without a person, is in another row too." in (
        response.content.decode()
    )
    assert not workshop.participations.exists()


def test_admin_workshop_accepts_an_organization_twice_with_different_people(editor_client, db):
    workshop = WorkshopFactory()
    organization = OrganizationFactory()
    form = form_values(editor_client.get(change_url(workshop)).content.decode(), "workshop_form")
    with_new_rows(
        form,
        {"person": str(PersonFactory().pk), "organization": str(organization.pk)},
        {"person": str(PersonFactory().pk), "organization": str(organization.pk)},
        {"organization": str(organization.pk)},
    )
    assert editor_client.post(change_url(workshop), form).status_code == 302
    assert workshop.participations.count() == 3


def test_admin_workshop_refuses_a_new_row_for_someone_recorded_but_not_shown(
    editor_client, crowded_workshop
):
    already = crowded_workshop.participations.first()
    form = form_values(
        editor_client.get(change_url(crowded_workshop)).content.decode(), "workshop_form"
    )
    with_new_rows(form, {"person": str(already.person_id)})
    response = editor_client.post(change_url(crowded_workshop), form)
    assert response.status_code == 200
    assert "This person is already recorded at this workshop." in response.content.decode()
    assert crowded_workshop.participations.count() == PARTICIPATIONS_EDITED_INLINE + 10


def test_admin_workshop_row_may_take_over_a_person_from_a_row_deleted_in_the_same_save(
    editor_client, db
):
    workshop = WorkshopFactory()
    leaving = ParticipationFactory(workshop=workshop, role=Participation.Role.PARTICIPANT)
    form = form_values(editor_client.get(change_url(workshop)).content.decode(), "workshop_form")
    form["participations-0-DELETE"] = "on"
    with_new_rows(form, {"person": str(leaving.person_id), "role": Participation.Role.SPEAKER})
    assert editor_client.post(change_url(workshop), form).status_code == 302
    assert workshop.participations.get().role == Participation.Role.SPEAKER


def test_admin_workshop_records_a_countrys_delegation_with_its_headcount(editor_client, db):
    workshop = WorkshopFactory()
    form = form_values(editor_client.get(change_url(workshop)).content.decode(), "workshop_form")
    with_new_rows(form, {"country": "KH", "delegation_size": "5"}, {"country": "LA"})
    response = editor_client.post(change_url(workshop), form)
    assert response.status_code == 302
    delegations = {p.country.code: p.delegation_size for p in workshop.participations.all()}
    assert delegations == {"KH": 5, "LA": None}
    assert all(p.is_delegation for p in workshop.participations.all())


def test_admin_workshop_refuses_a_row_with_neither_person_organization_nor_country(
    editor_client, db
):
    workshop = WorkshopFactory()
    form = form_values(editor_client.get(change_url(workshop)).content.decode(), "workshop_form")
    with_new_rows(form, {"role": Participation.Role.OBSERVER})
    response = editor_client.post(change_url(workshop), form)
    assert response.status_code == 200
    assert "(for a country&#x27;s delegation) a country" in response.content.decode()
    assert not workshop.participations.exists()


def test_admin_workshop_refuses_a_headcount_on_a_persons_row_and_a_delegation_twice(
    editor_client, db
):
    workshop = WorkshopFactory()
    person = PersonFactory()
    form = form_values(editor_client.get(change_url(workshop)).content.decode(), "workshop_form")
    with_new_rows(
        form,
        {"person": str(person.pk), "country": "TH", "delegation_size": "3"},
        {"country": "KH"},
        {"country": "KH"},
    )
    page = editor_client.post(change_url(workshop), form).content.decode()
    assert "Only a country&#x27;s delegation" in page
    assert "This country&#x27;s delegation is in another row too." in page
    assert not workshop.participations.exists()
