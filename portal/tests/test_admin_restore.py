"""Deleting a workshop lists what goes with it; restoring it brings all of it back."""

import datetime

import pytest
from django.urls import reverse

from participants.models import Participation
from participants.tests.factories import OrganizationFactory, ParticipationFactory
from portal.restore import workshop_restore
from recommendations.models import FollowUp, Recommendation
from recommendations.tests.factories import FollowUpFactory, RecommendationFactory, ThemeFactory
from workshops.history import workshop_child_models
from workshops.models import Objective, RelatedEvent, Workshop
from workshops.tests.factories import (
    AgendaItemFactory,
    ConclusionFactory,
    MaterialFactory,
    ObjectiveFactory,
    RelatedEventFactory,
    WorkshopFactory,
    WorkshopOrganizerFactory,
)

CHILDREN = workshop_child_models()


@pytest.fixture
def full_workshop(db):
    workshop = WorkshopFactory(title="Synthetic Workshop To Delete")
    ObjectiveFactory(workshop=workshop, text="Synthetic objective to come back.")
    ConclusionFactory(workshop=workshop)
    AgendaItemFactory(workshop=workshop)
    MaterialFactory(workshop=workshop)
    WorkshopOrganizerFactory(workshop=workshop)
    event = RelatedEventFactory(workshop=workshop)
    event.organizations.set([OrganizationFactory(), OrganizationFactory()])
    ParticipationFactory(workshop=workshop)
    ParticipationFactory(workshop=workshop)
    recommendation = RecommendationFactory(workshop=workshop, short_title="Synthetic rec back")
    recommendation.themes.set([ThemeFactory()])
    recommendation.addressed_to.set([OrganizationFactory()])
    FollowUpFactory(recommendation=recommendation)
    FollowUpFactory(recommendation=recommendation, date=datetime.date(2013, 1, 1))
    return workshop


def snapshot(workshop_id):
    """Every record that belongs to the workshop, as (model, pk, field values)."""
    rows = set()
    for model in [Workshop, *CHILDREN, FollowUp]:
        lookup = (
            {"recommendation__workshop_id": workshop_id}
            if model is FollowUp
            else {"pk": workshop_id}
            if model is Workshop
            else {"workshop_id": workshop_id}
        )
        for values in model.objects.filter(**lookup).values():
            values.pop("version", None)
            values.pop("updated", None)
            rows.add((model.__name__, tuple(sorted((k, str(v)) for k, v in values.items()))))
    event = RelatedEvent.objects.filter(workshop_id=workshop_id).first()
    recommendation = Recommendation.objects.filter(workshop_id=workshop_id).first()
    links = (
        sorted(event.organizations.values_list("pk", flat=True)) if event else None,
        sorted(recommendation.themes.values_list("pk", flat=True)) if recommendation else None,
        sorted(recommendation.addressed_to.values_list("pk", flat=True))
        if recommendation
        else None,
    )
    return rows, links


def test_delete_confirmation_lists_what_goes_with_the_workshop(editor_client, full_workshop):
    url = reverse("admin:workshops_workshop_delete", args=[full_workshop.pk])
    page = editor_client.get(url).content.decode()
    assert "Are you sure" in page
    for text in (
        "Synthetic objective to come back.",
        "Synthetic rec back",
        "In progress on 01 Jun 2012",
        "Synthetic session",
        "Synthetic presentation",
        "Synthetic Related Event",
        "Synthetic Person",
        "Synthetic conclusion",
    ):
        assert text in page, text
    assert Workshop.objects.filter(pk=full_workshop.pk).exists()


def test_restore_brings_back_a_deleted_workshop_whole(editor, editor_client, full_workshop):
    pk = full_workshop.pk
    other = WorkshopFactory()
    pointing_event = RelatedEventFactory(workshop=other, portal_workshop=full_workshop)
    before = snapshot(pk)
    assert len(before[0]) == 12

    delete_url = reverse("admin:workshops_workshop_delete", args=[pk])
    assert editor_client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not Workshop.objects.filter(pk=pk).exists()
    assert not Participation.objects.filter(workshop_id=pk).exists()
    pointing_event.refresh_from_db()
    assert pointing_event.portal_workshop is None

    deleted_page = editor_client.get(reverse("admin:workshops_workshop_deleted")).content.decode()
    assert "Synthetic Workshop To Delete" in deleted_page
    response = editor_client.post(reverse("admin:workshops_workshop_restore", args=[pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:workshops_workshop_change", args=[pk])

    assert snapshot(pk) == before
    pointing_event.refresh_from_db()
    assert pointing_event.portal_workshop_id == pk
    restored = Workshop.history.filter(id=pk).latest()
    assert restored.history_type == "+"
    assert restored.history_user == editor
    assert Objective.history.filter(workshop_id=pk).latest().history_user == editor
    deleted_page = editor_client.get(reverse("admin:workshops_workshop_deleted")).content.decode()
    assert "Synthetic Workshop To Delete" not in deleted_page


def test_restore_leaves_out_a_record_deleted_on_its_own_before(full_workshop):
    pk = full_workshop.pk
    lone = ObjectiveFactory(workshop=full_workshop, text="Synthetic objective deleted long ago.")
    lone_pk = lone.pk
    lone.delete()
    record = Objective.history.filter(id=lone_pk, history_type="-").get()
    record.history_date -= datetime.timedelta(days=3)
    record.save()
    full_workshop.delete()

    workshop_restore(workshop_id=pk)
    texts = list(Objective.objects.filter(workshop_id=pk).values_list("text", flat=True))
    assert texts == ["Synthetic objective to come back."]


def test_restore_refuses_a_workshop_that_is_not_deleted(full_workshop):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="not deleted"):
        workshop_restore(workshop_id=full_workshop.pk)
    with pytest.raises(ValidationError, match="no deleted workshop"):
        workshop_restore(workshop_id=full_workshop.pk + 1000)


def test_restore_with_its_slug_taken_meanwhile_restores_nothing(editor_client, full_workshop):
    pk, slug = full_workshop.pk, full_workshop.slug
    full_workshop.delete()
    WorkshopFactory(slug=slug)
    response = editor_client.post(reverse("admin:workshops_workshop_restore", args=[pk]))
    assert response.status_code == 302
    follow = editor_client.get(response["Location"]).content.decode()
    assert "Not restored" in follow and "slug" in follow.lower()
    assert not Objective.objects.filter(workshop_id=pk).exists()


def test_restore_is_refused_to_a_viewer(viewer_client, full_workshop):
    pk = full_workshop.pk
    full_workshop.delete()
    response = viewer_client.post(reverse("admin:workshops_workshop_restore", args=[pk]))
    assert response.status_code == 403
    assert not Workshop.objects.filter(pk=pk).exists()
    assert viewer_client.get(reverse("admin:workshops_workshop_deleted")).status_code == 200


def test_deleted_workshop_history_stays_readable(editor_client, full_workshop):
    pk = full_workshop.pk
    full_workshop.delete()
    page = editor_client.get(reverse("admin:workshops_workshop_deleted")).content.decode()
    history_url = reverse("admin:workshops_workshop_history", args=[pk])
    assert history_url in page
    history = editor_client.get(history_url).content.decode()
    assert "Deleted" in history and "Synthetic Workshop To Delete" in history


def test_restore_links_the_workshops_news_posts_again(editor, full_workshop):
    from news.tests.factories import PostFactory

    pk = full_workshop.pk
    about = PostFactory(workshops=[full_workshop, WorkshopFactory()])
    unlinked_since = PostFactory(workshops=[full_workshop])
    full_workshop.delete()
    assert not about.workshops.filter(pk=pk).exists()
    # Edited after the deletion: its latest version no longer lists the workshop.
    unlinked_since.title = "Synthetic post edited after the deletion"
    unlinked_since.save()

    restored = workshop_restore(workshop_id=pk, user=editor)

    assert about.workshops.filter(pk=pk).exists()
    assert about.workshops.count() == 2
    assert not unlinked_since.workshops.exists()
    assert restored["links from posts"] == 1
    latest = about.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (
        editor,
        "Link restored with the workshop",
    )


def test_restore_keeps_the_reason_whole_for_a_workshop_with_a_long_title(full_workshop):
    # The reason names the workshop: beyond simple-history's default of 100 characters,
    # PostgreSQL refused the restore.
    pk = full_workshop.pk
    Workshop.objects.filter(pk=pk).update(title="Synthetic Workshop " + "ស" * 230)
    Workshop.objects.get(pk=pk).delete()

    workshop_restore(workshop_id=pk)

    title = Workshop.objects.get(pk=pk).full_title
    reason = Objective.history.filter(workshop_id=pk).latest().history_change_reason
    assert reason == f"Restored with the workshop “{title}”"
