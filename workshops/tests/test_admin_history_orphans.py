"""A past version of a record whose parent is gone (a workshop's organizer, participation or
a recommendation's follow-up, after the workshop was deleted with its parts)."""

import pytest
from django.urls import reverse

from participants.tests.factories import ParticipationFactory
from recommendations.tests.factories import FollowUpFactory
from workshops.tests.factories import WorkshopOrganizerFactory


def _workshop_of(record):
    return record.recommendation.workshop if hasattr(record, "recommendation") else record.workshop


@pytest.mark.parametrize(
    "factory", [WorkshopOrganizerFactory, ParticipationFactory, FollowUpFactory]
)
def test_history_version_whose_workshop_was_deleted_says_so(editor_client, factory):
    record = factory()
    version = record.history.latest()
    _workshop_of(record).delete()
    opts = record._meta
    url = reverse(
        f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[version.id, version.pk]
    )

    response = editor_client.get(url, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[0][0] == reverse(
        f"admin:{opts.app_label}_{opts.model_name}_changelist"
    )
    assert "has been deleted since: it can only come back with it" in response.content.decode()


def test_history_version_whose_workshop_was_deleted_cannot_be_saved(editor_client):
    organizer = WorkshopOrganizerFactory()
    version = organizer.history.latest()
    organizer.workshop.delete()
    url = reverse("admin:workshops_workshoporganizer_simple_history", args=[version.id, version.pk])

    response = editor_client.post(url, {"_change_history": "1"})

    assert response.status_code == 302
    assert not type(organizer).objects.exists()
