"""A workshop's participations on its admin form: a few are edited inline, many on their list."""

import pytest
from django.urls import reverse

from participants.models import Participation
from participants.tests.factories import ParticipationFactory, PersonFactory
from workshops.admin import PARTICIPATIONS_EDITED_INLINE
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
