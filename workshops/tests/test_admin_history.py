"""History in the admin: inline edits kept with the user, compare two versions, revert."""

import pytest
from django.urls import reverse

from workshops.models import Objective, Workshop
from workshops.tests.admin_forms import change_form_values, form_values
from workshops.tests.factories import ObjectiveFactory, WorkshopFactory


@pytest.fixture
def workshop(db):
    workshop = WorkshopFactory(title="Synthetic Workshop First Title")
    ObjectiveFactory(workshop=workshop, position=1, text="Synthetic objective, first wording.")
    return workshop


def change_url(workshop):
    return reverse("admin:workshops_workshop_change", args=[workshop.pk])


def test_history_records_an_inline_edit_with_the_editor(editor, editor_client, workshop):
    form = change_form_values(editor_client, change_url(workshop))
    form["objectives-0-text"] = "Synthetic objective, second wording."
    assert editor_client.post(change_url(workshop), form).status_code == 302

    objective = Objective.objects.get(workshop=workshop)
    latest = objective.history.latest()
    assert latest.history_type == "~"
    assert latest.history_user == editor
    assert latest.text == "Synthetic objective, second wording."
    assert latest.prev_record.text == "Synthetic objective, first wording."
    page = editor_client.get(
        reverse("admin:workshops_objective_history", args=[objective.pk])
    ).content.decode()
    assert "editor" in page and "second wording" in page


def test_history_revert_an_inline_record_to_an_older_version(editor, editor_client, workshop):
    objective = Objective.objects.get(workshop=workshop)
    first = objective.history.earliest()
    objective.text = "Synthetic objective, wrong wording."
    objective.save()

    url = reverse("admin:workshops_objective_simple_history", args=[objective.pk, first.pk])
    form = change_form_values(editor_client, url, form_id="historicalobjective_form")
    assert form["text"] == "Synthetic objective, first wording."
    assert editor_client.post(url, form).status_code == 302
    objective.refresh_from_db()
    assert objective.text == "Synthetic objective, first wording."
    assert objective.history.latest().history_user == editor


@pytest.mark.django_db(transaction=True)
def test_history_revert_a_workshop_passes_the_concurrency_check(editor_client, workshop):
    # Outside a test transaction, as in production: the form's row lock needs its own.
    first = workshop.history.earliest()
    form = change_form_values(editor_client, change_url(workshop))
    form["title"] = "Synthetic Workshop Wrong Title"
    editor_client.post(change_url(workshop), form)

    url = reverse("admin:workshops_workshop_simple_history", args=[workshop.pk, first.pk])
    response = editor_client.get(url)
    values = form_values(response.content.decode(), "historicalworkshop_form")
    assert values["title"] == "Synthetic Workshop First Title"
    assert editor_client.post(url, values).status_code == 302
    assert Workshop.objects.get(pk=workshop.pk).title == "Synthetic Workshop First Title"


def test_history_compare_two_versions_shows_what_differs(editor_client, workshop):
    first = workshop.history.earliest()
    workshop.title = "Synthetic Workshop Second Title"
    workshop.city = "Synthetic Second City"
    workshop.save()
    latest = workshop.history.latest()

    history_page = editor_client.get(
        reverse("admin:workshops_workshop_history", args=[workshop.pk])
    ).content.decode()
    assert 'id="history-compare"' in history_page
    response = editor_client.get(
        reverse("admin:workshops_workshop_history_compare", args=[workshop.pk]),
        {"older": first.pk, "newer": latest.pk},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Synthetic Workshop First Title" in page
    assert "Synthetic Workshop Second Title" in page
    assert "Synthetic Second City" in page
    assert "Version" not in page  # bookkeeping fields are left out
    revert = reverse("admin:workshops_workshop_simple_history", args=[workshop.pk, first.pk])
    assert revert in page


def test_history_compare_without_two_versions_is_a_404(editor_client, workshop):
    url = reverse("admin:workshops_workshop_history_compare", args=[workshop.pk])
    assert editor_client.get(url).status_code == 404
    assert editor_client.get(url, {"older": "x", "newer": "1"}).status_code == 404
    other = WorkshopFactory().history.latest()
    response = editor_client.get(url, {"older": other.pk, "newer": other.pk})
    assert response.status_code == 404


def test_history_compare_is_refused_to_a_user_without_permission(
    client, django_user_model, workshop
):
    user = django_user_model.objects.create_user("plain-staff", password="x", is_staff=True)
    client.force_login(user)
    record = workshop.history.latest()
    url = reverse("admin:workshops_workshop_history_compare", args=[workshop.pk])
    assert client.get(url, {"older": record.pk, "newer": record.pk}).status_code == 403


def test_history_of_a_workshop_lists_changes_to_its_parts(editor, editor_client, workshop):
    form = change_form_values(editor_client, change_url(workshop))
    form["objectives-0-text"] = "Synthetic objective, second wording."
    editor_client.post(change_url(workshop), form)
    objective = Objective.objects.get(workshop=workshop)

    page = editor_client.get(
        reverse("admin:workshops_workshop_history", args=[workshop.pk])
    ).content.decode()
    part_changes = page[page.index('id="part-changes"') :]
    assert "Objective 1: Synthetic objective, second wording." in part_changes
    assert reverse("admin:workshops_objective_history", args=[objective.pk]) in part_changes
    assert "<td>Changed</td>" in part_changes
    assert "<td>editor</td>" in part_changes


# Admin history addresses with an id that is not a number, or a version that is not there.
BAD_HISTORY_URLS = [
    *(
        f"/admin/{model}/abc/history/"
        for model in (
            "workshops/workshop",
            "workshops/objective",
            "participants/person",
            "participants/participation",
            "recommendations/recommendation",
            "news/post",
            "news/category",
            "news/comment",
        )
    ),
    "/admin/workshops/workshop/abc/history/compare/?older=1&newer=2",
    "/admin/workshops/workshop/1/history/compare/?older=abc&newer=2",
    "/admin/workshops/workshop/1/history/abc/",
    "/admin/workshops/workshop/abc/history/1/",
    "/admin/participants/person/1/history/abc/",
    "/admin/news/post/1/history/compare/?older=1&newer=1",
    "/admin/news/post/abc/history/compare/?older=1&newer=2",
    "/admin/news/post/1/history/abc/",
]


@pytest.mark.parametrize("url", BAD_HISTORY_URLS)
def test_history_page_for_a_bad_id_is_not_found(editor_client, url):
    editor_client.raise_request_exception = False
    response = editor_client.get(url)
    assert response.status_code == 404
