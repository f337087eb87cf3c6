"""The staff-only data-quality page lists what needs attention, and only that."""

import datetime

import pytest
from django.urls import reverse

from participants.tests.factories import OrganizationFactory, ParticipationFactory, PersonFactory
from portal.data_quality import data_quality_checks
from recommendations.tests.factories import FollowUpFactory, RecommendationFactory
from workshops.models import Workshop
from workshops.tests.factories import ObjectiveFactory, WorkshopFactory

TODAY = datetime.date(2026, 6, 1)


def titles(check):
    return sorted(str(record) for record, _ in check.items)


@pytest.fixture
def records(db):
    agreeing = WorkshopFactory(title="Synthetic Agreeing", recorded_participants=1)
    ObjectiveFactory(workshop=agreeing)
    ParticipationFactory(workshop=agreeing, person__name="Synthetic Attendee")
    RecommendationFactory(workshop=agreeing, short_title="Synthetic followed up")
    FollowUpFactory(
        recommendation__workshop=agreeing,
        recommendation__short_title="Synthetic recently followed",
        date=TODAY - datetime.timedelta(days=30),
    )
    FollowUpFactory(
        recommendation__workshop=agreeing,
        recommendation__short_title="Synthetic long ago followed",
        date=TODAY - datetime.timedelta(days=800),
    )
    WorkshopFactory(title="Synthetic Disagreeing", recorded_participants=47, recorded_countries=14)
    WorkshopFactory(title="Synthetic Draft Without Anything", status=Workshop.Status.DRAFT)
    OrganizationFactory(name="Synthetic Countryless Ministry", kind="ministry", country="")
    OrganizationFactory(name="Synthetic Network", kind="enforcement_network", country="")
    PersonFactory(name="Synthetic Loner", organization=None, country="VN")
    return agreeing


def test_data_quality_checks_find_each_kind_of_problem(records):
    figures, empty, stale, countryless, loners = data_quality_checks(today=TODAY)
    assert [workshop.title for workshop, _ in figures.items] == ["Synthetic Disagreeing"]
    assert "the source states 47 participants from 14 countries" in figures.items[0][1]
    assert "Synthetic Agreeing" not in " ".join(titles(empty))
    assert any("Synthetic Disagreeing" in title for title in titles(empty))
    assert not any("Draft" in title for title in titles(empty))
    stale_titles = " ".join(titles(stale))
    assert "Synthetic long ago followed" in stale_titles
    assert "Synthetic followed up" in stale_titles  # never followed up
    assert "Synthetic recently followed" not in stale_titles
    assert titles(countryless) == ["Synthetic Countryless Ministry"]
    assert titles(loners) == ["Synthetic Loner"]


def test_data_quality_page_shows_the_checks_to_staff(viewer_client, records):
    url = reverse("admin:workshops_workshop_data_quality")
    page = viewer_client.get(url).content.decode()
    assert "Headline figures that disagree with the recorded attendance" in page
    assert "Synthetic Countryless Ministry" in page
    assert "Synthetic Loner" in page
    person_url = reverse("admin:participants_person_changelist")
    assert person_url in page
    changelist = viewer_client.get(reverse("admin:workshops_workshop_changelist"))
    assert url in changelist.content.decode()


def test_data_quality_page_is_for_staff_only(client, django_user_model, db):
    url = reverse("admin:workshops_workshop_data_quality")
    assert client.get(url)["Location"].startswith(reverse("admin:login"))
    plain = django_user_model.objects.create_user("plain-staff", password="x", is_staff=True)
    client.force_login(plain)
    assert client.get(url).status_code == 403
