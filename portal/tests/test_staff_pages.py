"""Signed-in staff and the kept record parts (core.page_cache.kept_for_this_page).

The page cache never answers a signed-in reader (portal/tests/test_page_cache.py): their pages
are rendered for them. What a page shows of the records alone (a list's filters, results and
pager; a country's lists; a workshop's record; an API answer) is the same for every reader of
its address, so it is kept per records version: while the records stand still, a staff
member's page costs no query for it, however many rows it shows, and the first request after
any change shows that change."""

import pytest
from django.urls import reverse

from participants.tests.factories import OrganizationFactory, ParticipationFactory
from recommendations.tests.factories import RecommendationFactory
from workshops.tests.factories import WorkshopFactory
from workshops.tests.portal_records import many_workshops

pytestmark = pytest.mark.django_db

WORKSHOPS = reverse("workshops:workshop-list")
ORGANIZATIONS = reverse("participants:organization-list")
TRACKER = reverse("recommendations:recommendation-list")
COUNTRY = reverse("participants:country-detail", kwargs={"code": "KH"})
API_WORKSHOPS = reverse("api:workshop-list")
API_ORGANIZATIONS = reverse("api:organization-list")
API_RECOMMENDATIONS = reverse("api:recommendation-list")

KEPT_PAGES = [
    WORKSHOPS,
    f"{WORKSHOPS}?country=KH",
    f"{WORKSHOPS}?year=2010&sort=title",
    ORGANIZATIONS,
    f"{ORGANIZATIONS}?country=KH",
    TRACKER,
    f"{TRACKER}?status=done",
    COUNTRY,
    API_WORKSHOPS,
    f"{API_WORKSHOPS}?country=KH",
    API_ORGANIZATIONS,
    API_RECOMMENDATIONS,
]


@pytest.mark.parametrize("url", KEPT_PAGES)
def test_a_staff_members_page_reads_nothing_while_the_records_stand_still(
    viewer_client, django_assert_num_queries, url
):
    many_workshops(12)
    first = viewer_client.get(url)
    assert first.status_code == 200

    with django_assert_num_queries(0):
        again = viewer_client.get(url)

    assert again.content == first.content


def _renamed_workshop():
    workshop = WorkshopFactory(country="KH", title="Synthetic Workshop Before")
    RecommendationFactory(workshop=workshop)
    return workshop


def _rename_workshop(workshop):
    workshop.title = "Synthetic Workshop After"
    workshop.save()


@pytest.mark.parametrize(
    "url",
    [WORKSHOPS, f"{WORKSHOPS}?country=KH", TRACKER, COUNTRY, API_WORKSHOPS, API_RECOMMENDATIONS],
)
def test_a_staff_member_sees_a_workshop_renamed_since_the_page_was_kept(viewer_client, url):
    workshop = _renamed_workshop()
    assert "Synthetic Workshop Before" in viewer_client.get(url).content.decode()

    _rename_workshop(workshop)
    after = viewer_client.get(url).content.decode()

    assert "Synthetic Workshop After" in after
    assert "Synthetic Workshop Before" not in after


@pytest.mark.parametrize("url", [ORGANIZATIONS, f"{ORGANIZATIONS}?country=KH", API_ORGANIZATIONS])
def test_a_staff_member_sees_an_organization_added_since_the_page_was_kept(viewer_client, url):
    ParticipationFactory(person__organization__country="KH")
    viewer_client.get(url)

    OrganizationFactory(name="Synthetic Agency Added Since", country="KH")

    assert "Synthetic Agency Added Since" in viewer_client.get(url).content.decode()


def test_the_list_page_title_names_the_kept_page_number(viewer_client):
    many_workshops(21)
    viewer_client.get(f"{WORKSHOPS}?page=2")
    page = viewer_client.get(f"{WORKSHOPS}?page=2").content.decode()
    assert "<title>Workshops (page 2)" in page


def test_an_api_answer_is_kept_for_each_form_of_json_asked_for(viewer_client):
    WorkshopFactory()
    indented = viewer_client.get(API_WORKSHOPS, headers={"accept": "application/json; indent=2"})
    plain = viewer_client.get(API_WORKSHOPS)

    assert indented["Content-Type"] == "application/json; indent=2"
    assert indented.content.startswith(b"{\n  ")
    assert plain["Content-Type"] == "application/json"
    assert plain.content.startswith(b'{"count":')
