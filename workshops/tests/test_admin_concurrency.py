"""Two editors at once: the second save of a workshop is refused, their input kept."""

import pytest
from django.urls import reverse

from workshops.models import Objective, Workshop
from workshops.tests.admin_forms import change_form_values, form_values
from workshops.tests.factories import ObjectiveFactory, WorkshopFactory


@pytest.fixture
def workshop(db):
    workshop = WorkshopFactory(title="Synthetic Workshop Before")
    ObjectiveFactory(workshop=workshop, position=1, text="Synthetic objective as first written.")
    return workshop


def change_url(workshop):
    return reverse("admin:workshops_workshop_change", args=[workshop.pk])


def test_concurrent_edit_second_save_of_the_main_form_is_refused_with_what_changed(
    two_editors, workshop
):
    first, second = two_editors
    first_form = change_form_values(first, change_url(workshop))
    second_form = change_form_values(second, change_url(workshop))

    first_form["title"] = "Synthetic Workshop By The First Editor"
    assert first.post(change_url(workshop), first_form).status_code == 302

    second_form["city"] = "Synthetic City Of The Second Editor"
    response = second.post(change_url(workshop), second_form)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Not saved: someone else saved this workshop after you opened it." in page
    assert "Title: “Synthetic Workshop Before” → “Synthetic Workshop By The First Editor”" in page
    assert "(editor," in page  # who changed it
    # The second editor's input is still in the form.
    assert 'value="Synthetic City Of The Second Editor"' in page
    workshop.refresh_from_db()
    assert workshop.title == "Synthetic Workshop By The First Editor"
    assert workshop.city == "Synthetic City"


def test_concurrent_edit_of_an_inline_is_refused_too(two_editors, workshop):
    first, second = two_editors
    first_form = change_form_values(first, change_url(workshop))
    second_form = change_form_values(second, change_url(workshop))

    first_form["objectives-0-text"] = "Synthetic objective as the first editor wrote it."
    assert first.post(change_url(workshop), first_form).status_code == 302

    second_form["objectives-0-text"] = "Synthetic objective as the second editor wrote it."
    response = second.post(change_url(workshop), second_form)
    page = response.content.decode()
    assert "Not saved" in page
    assert "Changed objective" in page
    assert "Synthetic objective as the first editor wrote it." in page
    assert "Synthetic objective as the second editor wrote it." in page  # kept in the form
    objective = Objective.objects.get(workshop=workshop)
    assert objective.text == "Synthetic objective as the first editor wrote it."


def test_concurrent_edit_saving_again_after_the_refusal_keeps_the_second_editors_input(
    two_editors, workshop
):
    first, second = two_editors
    first_form = change_form_values(first, change_url(workshop))
    second_form = change_form_values(second, change_url(workshop))
    first_form["title"] = "Synthetic Workshop By The First Editor"
    first.post(change_url(workshop), first_form)
    second_form["objectives-0-text"] = "Synthetic objective as the second editor wrote it."
    refused = second.post(change_url(workshop), second_form).content.decode()

    again = form_values(refused, "workshop_form")
    again["title"] = "Synthetic Workshop By The First Editor"  # the second editor takes it in
    assert second.post(change_url(workshop), again).status_code == 302
    workshop.refresh_from_db()
    assert workshop.title == "Synthetic Workshop By The First Editor"
    assert workshop.objectives.get().text == "Synthetic objective as the second editor wrote it."


def test_concurrent_edit_a_single_editor_saves_twice_in_a_row(editor_client, workshop):
    form = change_form_values(editor_client, change_url(workshop))
    form["title"] = "Synthetic Title One"
    assert editor_client.post(change_url(workshop), form).status_code == 302
    form = change_form_values(editor_client, change_url(workshop))
    form["title"] = "Synthetic Title Two"
    assert editor_client.post(change_url(workshop), form).status_code == 302
    assert Workshop.objects.get(pk=workshop.pk).title == "Synthetic Title Two"


def test_concurrent_edit_a_publish_in_between_refuses_the_stale_form(editor_client, workshop):
    workshop.status = Workshop.Status.DRAFT
    workshop.save()
    form = change_form_values(editor_client, change_url(workshop))
    editor_client.post(
        reverse("admin:workshops_workshop_changelist"),
        {"action": "publish", "_selected_action": [workshop.pk]},
    )
    response = editor_client.post(change_url(workshop), form)
    assert "Not saved" in response.content.decode()
    assert "Status: “Draft” → “Published”" in response.content.decode()
    assert Workshop.objects.get(pk=workshop.pk).is_published


def test_concurrent_edit_an_objective_saved_on_its_own_page_refuses_the_stale_workshop_form(
    two_editors, workshop
):
    first, second = two_editors
    second_form = change_form_values(second, change_url(workshop))
    objective = Objective.objects.get(workshop=workshop)
    objective_url = reverse("admin:workshops_objective_change", args=[objective.pk])
    objective_form = change_form_values(first, objective_url, form_id="objective_form")
    objective_form["text"] = "Synthetic objective fixed on its own page."
    assert first.post(objective_url, objective_form).status_code == 302

    second_form["objectives-0-text"] = "Synthetic objective as the second editor wrote it."
    page = second.post(change_url(workshop), second_form).content.decode()
    assert "Not saved" in page
    assert "Synthetic objective fixed on its own page." in page
    objective.refresh_from_db()
    assert objective.text == "Synthetic objective fixed on its own page."


def test_concurrent_edit_a_revert_in_between_refuses_the_stale_form(two_editors, workshop):
    first, second = two_editors
    past = workshop.history.earliest()
    workshop.title = "Synthetic Workshop Changed Later"
    workshop.save()
    first_form = change_form_values(first, change_url(workshop))

    revert_url = reverse("admin:workshops_workshop_simple_history", args=[workshop.pk, past.pk])
    revert = form_values(second.get(revert_url).content.decode(), "historicalworkshop_form")
    assert second.post(revert_url, revert).status_code == 302
    first_form["city"] = "Synthetic City Of The First Editor"
    response = first.post(change_url(workshop), first_form)

    assert "Not saved: someone else saved this workshop after you opened it." in (
        response.content.decode()
    )
    workshop.refresh_from_db()
    assert workshop.title == "Synthetic Workshop Before"
    assert workshop.city == "Synthetic City"
    versions = list(workshop.history.order_by("history_date").values_list("version", flat=True))
    assert versions == sorted(set(versions))  # never a number twice
