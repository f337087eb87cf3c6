"""The staff-only data-quality page lists what needs attention, and only that."""

import datetime

import pytest
from django.urls import reverse

from participants.tests.factories import (
    DelegationFactory,
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
)
from portal.data_quality import data_quality_checks
from recommendations.tests.factories import FollowUpFactory, RecommendationFactory
from workshops.models import Workshop
from workshops.tests.factories import (
    ObjectiveFactory,
    WorkshopFactory,
    WorkshopNumberingFactory,
)

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
    figures, explained, numberings, empty, stale, countryless, loners = data_quality_checks(
        today=TODAY
    )
    assert explained.items == numberings.items == []
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


def checks_by_title(**kwargs):
    return {check.title: check for check in data_quality_checks(today=TODAY, **kwargs)}


@pytest.mark.django_db
def test_a_difference_in_the_figures_once_explained_is_listed_as_explained():
    workshop = WorkshopFactory(
        title="Synthetic Partly Recorded", recorded_participants=47, recorded_countries=14
    )
    ParticipationFactory(workshop=workshop)
    checks = checks_by_title()
    unexplained = checks["Headline figures that disagree with the recorded attendance"]
    assert [w for w, _ in unexplained.items] == [workshop]

    workshop.recorded_figures_explanation = "The source names only the host's agencies."
    workshop._change_reason = "Synthetic: explained"
    workshop.save()
    checks = checks_by_title()
    assert checks["Headline figures that disagree with the recorded attendance"].items == []
    explained = checks["Headline figures that disagree, explained"].items
    assert [w for w, _ in explained] == [workshop]
    assert "Explained: The source names only the host's agencies." in explained[0][1]
    # Kept in the history with the change.
    assert workshop.history.first().recorded_figures_explanation.startswith("The source names")


@pytest.mark.django_db
def test_delegations_headcounts_count_towards_the_participants_recorded():
    workshop = WorkshopFactory(recorded_participants=7, recorded_countries=2)
    DelegationFactory(workshop=workshop, country="KH", delegation_size=5)
    DelegationFactory(workshop=workshop, country="LA", delegation_size=2)
    checks = checks_by_title()
    assert checks["Headline figures that disagree with the recorded attendance"].items == []


@pytest.mark.django_db
def test_workshops_that_sources_number_differently_are_listed():
    workshop = WorkshopFactory(edition=2, title="Synthetic Workshop")
    WorkshopNumberingFactory(workshop=workshop, edition=1, source="Synthetic Slides 2012")
    WorkshopNumberingFactory(workshop=WorkshopFactory(edition=3), edition=3, source="Agreeing")
    items = checks_by_title()["Workshops that sources number or title differently"].items
    assert [(w, detail) for w, detail in items] == [
        (
            workshop,
            "the series numbers it “2nd Synthetic Workshop”; "
            "Synthetic Slides 2012 calls it the 1st",
        )
    ]
