"""The public country and organization pages."""

import datetime

import pytest
from django.urls import reverse

from participants.models import Organization
from participants.tests.factories import (
    OrganizationFactory,
    OrganizationNameFactory,
    ParticipationFactory,
    PersonFactory,
)
from participants.views import CountryDetailView, OrganizationDetailView
from recommendations.tests.factories import RecommendationFactory
from workshops.models import Workshop
from workshops.tests.factories import WorkshopFactory, WorkshopOrganizerFactory
from workshops.tests.portal_records import many_workshops, published_workshop_with_everything

ORGANIZATION_LIST = reverse("participants:organization-list")
COUNTRY_LIST = reverse("participants:country-list")
pytestmark = pytest.mark.django_db


def country_url(code):
    return reverse("participants:country-detail", kwargs={"code": code})


# Countries


def test_country_index_lists_countries_on_record_with_their_counts(client):
    WorkshopFactory(country="KH")
    attended = WorkshopFactory(country="TH")
    ParticipationFactory(workshop=attended, country="KH", person__organization__country="KH")
    OrganizationFactory(country="JP")
    WorkshopFactory(country="VN", status=Workshop.Status.DRAFT)

    response = client.get(COUNTRY_LIST)

    summaries = {summary.code: summary for summary in response.context["countries"]}
    assert set(summaries) == {"KH", "TH", "JP"}
    assert summaries["KH"].workshops_hosted == 1
    assert summaries["KH"].workshops_attended == 1
    assert summaries["KH"].organizations == 1  # the participant's agency
    assert summaries["JP"].organizations == 1
    content = response.content.decode()
    assert '<a href="/countries/KH/">Cambodia</a>' in content
    assert "Vietnam" not in content  # only a draft workshop was held there


def test_country_index_counts_a_participation_recorded_since_the_last_visit(client):
    # The countries on record are kept once per records version: a change moves it on.
    workshop = WorkshopFactory(country="KH")
    assert "Laos" not in client.get(COUNTRY_LIST).content.decode()

    ParticipationFactory(workshop=workshop, country="LA", person__organization__country="LA")

    content = client.get(COUNTRY_LIST).content.decode()
    assert "Laos" in content
    assert country_url("LA") in content


def test_country_index_lists_by_name_with_the_total(client):
    # ISO order would be ID, IN, KH: Indonesia, India, Cambodia.
    WorkshopFactory(country="ID")
    attended = WorkshopFactory(country="IN")
    ParticipationFactory(workshop=attended, country="KH", person__organization__country="KH")

    content = client.get(COUNTRY_LIST).content.decode()

    assert content.index(">Cambodia<") < content.index(">India<") < content.index(">Indonesia<")
    total = content[content.index("<tfoot>") : content.index("</tfoot>")]
    assert "Total: 3 countries" in total
    # Hosted 2, attended 1 (Cambodia at India's), agencies 1 (the participant's).
    assert [cell.split(">")[-1] for cell in total.split("</td>")[:-1]] == ["2", "1", "1"]


def test_home_and_country_index_say_the_same_number_of_countries_engaged(client):
    workshop = WorkshopFactory(country="KH")
    # An agency on record in Japan that took part in nothing, and one in the Philippines that
    # a recommendation is addressed to: both on the Countries page.
    OrganizationFactory(country="JP")
    RecommendationFactory(workshop=workshop).addressed_to.add(OrganizationFactory(country="PH"))

    home = client.get(reverse("home")).context["figures"].countries
    page = client.get(COUNTRY_LIST)

    assert home == len(page.context["countries"]) == 3  # KH, JP, PH
    assert "3 countries engaged" in page.content.decode()


def test_country_index_says_a_recorded_headline_beyond_the_named_countries(client):
    WorkshopFactory(country="KH", recorded_countries=14)
    page = client.get(COUNTRY_LIST)
    assert client.get(reverse("home")).context["figures"].countries == 14
    assert "14 countries engaged" in page.content.decode()
    assert "the records name 1 of them" in page.content.decode()


def test_country_page_shows_workshops_hosted_and_attended_and_its_agencies(client):
    hosted = WorkshopFactory(country="KH", title="Synthetic Hosted")
    attended = WorkshopFactory(country="TH", title="Synthetic Attended")
    agency = OrganizationFactory(country="KH", name="Synthetic Cambodian Agency")
    ParticipationFactory(workshop=attended, country="KH", person__organization=agency)
    WorkshopFactory(country="KH", title="Synthetic Draft", status=Workshop.Status.DRAFT)

    response = client.get(country_url("KH"))

    assert response.context["workshops_hosted"] == [hosted]
    assert response.context["workshops_attended"] == [attended]
    assert response.context["organizations"] == [agency]
    content = response.content.decode()
    assert "<h1>Cambodia</h1>" in content
    assert "Synthetic Draft" not in content
    assert "<title>Cambodia · INECE" in content


def test_country_page_says_what_it_has_none_of(client):
    # Thailand hosted nothing and no agency is based there; Japan took part in nothing.
    ParticipationFactory(
        workshop=WorkshopFactory(country="KH"), country="TH", person__organization__country="KH"
    )
    OrganizationFactory(country="JP")

    thailand = client.get(country_url("TH")).content.decode()
    assert "No published workshop was held in Thailand." in thailand
    assert "No agency or organization based in Thailand is on record." in thailand
    japan = client.get(country_url("JP")).content.decode()
    assert "No participant from Japan is recorded at a published workshop." in japan
    assert "None recorded." not in thailand + japan


def test_country_page_links_to_the_workshop_list_only_where_it_has_workshops(client):
    # Japan on record through an agency only: the workshop list's country filter does not
    # offer it, so a link there would list every workshop under "Workshops with Japan".
    OrganizationFactory(country="JP")
    ParticipationFactory(workshop=WorkshopFactory(country="KH"), country="TH")
    japan = client.get("/countries/JP/").content.decode()
    assert "/workshops/?country=JP" not in japan
    thailand = client.get("/countries/TH/").content.decode()
    assert "/workshops/?country=TH" in thailand
    listed = client.get("/workshops/?country=TH")
    assert "Select a valid choice" not in listed.content.decode()


@pytest.mark.parametrize("code", ["ZZ", "XX", "K", "KHM", "12", "../", "ÄÖ", "k%00", "ß"])
def test_unknown_or_malformed_country_code_is_404(client, code):
    WorkshopFactory(country="KH")
    response = client.get(f"/countries/{code}/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_valid_country_code_without_public_records_is_404(client):
    WorkshopFactory(country="FR", status=Workshop.Status.DRAFT)
    assert client.get(country_url("FR")).status_code == 404
    assert client.get(country_url("US")).status_code == 404


def test_lower_case_country_code_redirects_to_the_upper_case_page(client):
    WorkshopFactory(country="KH")
    response = client.get("/countries/kh/")
    assert response.status_code == 301
    assert response["Location"] == "/countries/KH/"


# A country page with an empty cache: which organizations are hidden from the public (1) and
# every country's counts (3), both kept per records version, then the latest few of each list
# (3), kept rendered per records version too: while the records stand still none is read.
COUNTRY_PAGE_QUERIES = 7


def test_country_pages_query_count_is_pinned_at_two_sizes(client, assert_page_queries):
    for size in (3, 30):
        many_workshops(size)
        assert_page_queries(client, COUNTRY_LIST, 5)
        assert_page_queries(client, country_url("TH"), COUNTRY_PAGE_QUERIES)


def test_country_page_for_staff_is_kept_while_the_records_stand_still(
    viewer_client, django_assert_num_queries
):
    # Signed in, so never served by the page cache: the page is rendered each time, around
    # its lists and counts as they were kept at this records version.
    many_workshops(30)
    first = viewer_client.get(country_url("TH")).content

    with django_assert_num_queries(0):
        again = viewer_client.get(country_url("TH"))

    assert again.content == first


def test_country_page_for_staff_shows_a_workshop_added_since_it_was_kept(viewer_client):
    WorkshopFactory(country="TH", title="Synthetic Workshop Held Before")
    before = viewer_client.get(country_url("TH")).content.decode()

    WorkshopFactory(country="TH", title="Synthetic Workshop Held Since")
    after = viewer_client.get(country_url("TH")).content.decode()

    assert "Synthetic Workshop Held Since" not in before
    assert "Synthetic Workshop Held Since" in after
    assert 'Workshops hosted <span class="record-meta">(2)</span>' in after


# Organizations


def test_organization_index_lists_organizations_with_kind_and_country(client):
    OrganizationFactory(name="Synthetic Customs Service", acronym="SCS", country="KH")
    OrganizationFactory(
        name="Synthetic Regional Centre", kind=Organization.Kind.REGIONAL_CENTRE, country=""
    )
    content = client.get(ORGANIZATION_LIST).content.decode()
    assert "Synthetic Customs Service (SCS)" in content
    assert "Customs · Cambodia" in content
    assert "Regional centre · International" in content


def test_organization_index_filters_by_kind_country_and_text(client):
    customs = OrganizationFactory(name="Synthetic Customs", country="KH")
    OrganizationFactory(name="Synthetic Ministry", kind=Organization.Kind.MINISTRY, country="KH")
    OrganizationFactory(name="Synthetic Thai Customs", country="TH")
    response = client.get(ORGANIZATION_LIST, {"kind": "customs", "country": "KH"})
    assert list(response.context["organization_list"]) == [customs]
    response = client.get(ORGANIZATION_LIST, {"q": "thai"})
    assert [o.name for o in response.context["organization_list"]] == ["Synthetic Thai Customs"]


@pytest.mark.parametrize("params", [{"kind": "spy"}, {"country": "ZZ"}, {"page": "x"}])
def test_organization_index_bad_input_is_ignored_or_404(client, params):
    OrganizationFactory()
    response = client.get(ORGANIZATION_LIST, params)
    assert response.status_code == (404 if "page" in params else 200)


def test_organization_page_shows_kind_country_parent_and_workshops(client):
    parent = OrganizationFactory(name="Synthetic Parent Network", country="")
    organization = OrganizationFactory(name="Synthetic Agency", parent=parent, country="KH")
    organized = WorkshopFactory(title="Synthetic Organized")
    WorkshopOrganizerFactory(workshop=organized, organization=organization)
    attended = WorkshopFactory(title="Synthetic Attended")
    ParticipationFactory(workshop=attended, person__organization=organization)
    draft = WorkshopFactory(title="Synthetic Draft", status=Workshop.Status.DRAFT)
    ParticipationFactory(workshop=draft, person__organization=organization)
    recommendation = RecommendationFactory(workshop=organized)
    recommendation.addressed_to.add(organization)

    content = client.get(organization.get_absolute_url()).content.decode()

    assert '<h1 lang="en">Synthetic Agency</h1>' in content
    assert "Customs" in content
    assert '<a href="/countries/KH/">Cambodia</a>' in content
    assert f'<a href="{parent.get_absolute_url()}">Synthetic Parent Network</a>' in content
    assert "Synthetic Organized" in content
    assert "Synthetic Attended" in content
    assert "Synthetic Draft" not in content
    assert recommendation.short_title in content


def test_organization_page_says_what_it_has_none_of(client):
    organization = OrganizationFactory()

    content = client.get(organization.get_absolute_url()).content.decode()

    assert "No published workshop lists it among its organizers." in content
    assert "No participant from it is recorded at a published workshop." in content
    assert "None recorded." not in content


def test_organization_page_never_names_its_people_or_their_contacts(client):
    organization = OrganizationFactory()
    person = PersonFactory(
        organization=organization,
        name="Synthetic Private Person",
        email="private@example.invalid",
        publish_name_consent=True,
    )
    ParticipationFactory(workshop=WorkshopFactory(), person=person)
    content = client.get(organization.get_absolute_url()).content.decode()
    assert "private@example.invalid" not in content
    assert "Synthetic Private Person" not in content


def test_unknown_organization_slug_is_404(client):
    assert client.get("/organizations/no-such-agency/").status_code == 404


def test_organization_pages_query_count_is_pinned_at_two_sizes(client, assert_page_queries):
    small_workshop = published_workshop_with_everything(items=1)
    small_organization = small_workshop.organizer_roles.get().organization
    # One more than the records need: which organizations are hidden from the public, read
    # once per records version (the cache is empty here: on a running site it is kept).
    assert_page_queries(client, ORGANIZATION_LIST, 4)
    assert_page_queries(client, small_organization.get_absolute_url(), 9)
    many_workshops(30)
    large_organization = OrganizationFactory()
    for workshop in many_workshops(8):
        WorkshopOrganizerFactory(workshop=workshop, organization=large_organization)
        ParticipationFactory(workshop=workshop, person__organization=large_organization)
    assert_page_queries(client, ORGANIZATION_LIST, 4)
    assert_page_queries(client, ORGANIZATION_LIST + "?page=2", 4)
    assert_page_queries(client, large_organization.get_absolute_url(), 9)


# Pages bounded by what they show


def workshops_held_in(country, count, *, first_year=1990):
    """`count` published workshops held in `country`, one a year from `first_year`."""
    return [
        WorkshopFactory(country=country, start_date=datetime.date(first_year + n, 5, 1))
        for n in range(count)
    ]


def listed_workshops(response):
    return response.context["workshops_hosted"]


def test_country_page_shows_the_latest_workshops_with_the_same_size_and_queries_at_any_size(
    client, assert_page_queries
):
    workshops_held_in("KH", 3)
    small = assert_page_queries(client, country_url("KH"), COUNTRY_PAGE_QUERIES).content
    workshops_held_in("KH", 57, first_year=1993)

    large = assert_page_queries(client, country_url("KH"), COUNTRY_PAGE_QUERIES)

    shown = CountryDetailView.workshops_shown
    assert len(listed_workshops(large)) == shown
    assert [w.start_date.year for w in listed_workshops(large)] == list(
        range(2049, 2049 - shown, -1)
    )
    assert "The latest 10 of 60." in large.content.decode()
    assert len(large.content) < len(small) + shown * 500


def test_country_page_links_to_the_workshop_list_that_shows_the_rest(client):
    held = workshops_held_in("KH", 25)
    content = client.get(country_url("KH")).content.decode()
    assert (
        '<a href="/workshops/?country=KH">All workshops with Cambodia in the workshop list</a>'
        in (content)
    )
    oldest = held[0]
    assert oldest.get_absolute_url() not in content

    listed = []
    for page in (1, 2):
        response = client.get("/workshops/", {"country": "KH", "page": page})
        listed += list(response.context["workshop_list"])
    assert sorted(w.pk for w in listed) == sorted(w.pk for w in held)


def test_country_page_links_to_the_organization_list_that_shows_the_rest(
    client, assert_page_queries
):
    OrganizationFactory.create_batch(3, country="KH")
    small = assert_page_queries(client, country_url("KH"), COUNTRY_PAGE_QUERIES).content
    OrganizationFactory.create_batch(57, country="KH")

    large = assert_page_queries(client, country_url("KH"), COUNTRY_PAGE_QUERIES)

    shown = CountryDetailView.organizations_shown
    assert len(large.context["organizations"]) == shown
    content = large.content.decode()
    assert f"The first {shown} of 60, by name." in content
    assert '<a href="/organizations/?country=KH">All organizations based in Cambodia</a>' in content
    assert len(large.content) < len(small) + shown * 400
    listed = client.get(ORGANIZATION_LIST, {"country": "KH"}).context["paginator"].count
    assert listed == 60


def test_country_page_says_nothing_of_more_when_it_shows_everything(client):
    workshops_held_in("KH", 3)
    content = client.get(country_url("KH")).content.decode()
    assert "The latest" not in content
    assert "All workshops with Cambodia" not in content


def test_organization_page_shows_a_page_of_each_list_with_the_same_size_and_queries(
    client, assert_page_queries
):
    organization = OrganizationFactory(name="Synthetic Busy Agency")
    for workshop in workshops_held_in("TH", 3):
        ParticipationFactory(workshop=workshop, person__organization=organization)
    small = assert_page_queries(client, organization.get_absolute_url(), 9).content
    attended = workshops_held_in("TH", 57, first_year=1993)
    for workshop in attended:
        ParticipationFactory(workshop=workshop, person__organization=organization)

    large = assert_page_queries(client, organization.get_absolute_url(), 9)

    per_section = OrganizationDetailView.per_section
    assert len(large.context["workshops_attended"]) == per_section
    assert len(large.content) < len(small) + per_section * 500
    content = large.content.decode()
    assert 'href="?attended=2#attended-heading" rel="next"' in content
    assert "Page 1 of 3" in content


def test_organization_page_pages_through_the_rest(client, assert_page_queries):
    organization = OrganizationFactory()
    attended = workshops_held_in("TH", 45)
    for workshop in attended:
        ParticipationFactory(workshop=workshop, person__organization=organization)
    url = organization.get_absolute_url()

    pages = [assert_page_queries(client, f"{url}?attended={n}", 9) for n in (1, 2, 3)]

    listed = [w.pk for page in pages for w in page.context["workshops_attended"]]
    assert sorted(listed) == sorted(w.pk for w in attended)
    assert "Page 3 of 3" in pages[2].content.decode()


# The last: a page whose first row lies past the largest offset a database can count to.
@pytest.mark.parametrize("page", ["2", "0", "x", "-1", "99999999999999999999"])
def test_organization_page_beyond_its_records_is_404(client, page):
    organization = OrganizationFactory()
    ParticipationFactory(workshop=WorkshopFactory(), person__organization=organization)
    response = client.get(organization.get_absolute_url(), {"attended": page})
    assert response.status_code == 404


def test_country_index_maps_every_country_on_record_by_what_it_did(client):
    from core.tests.svg import marked_countries, pictures_in, text_alternative

    WorkshopFactory(country="KH")
    attended = WorkshopFactory(country="TH")
    ParticipationFactory(workshop=attended, country="VN", person__organization__country="VN")
    OrganizationFactory(country="JP")
    WorkshopFactory(country="PH", status=Workshop.Status.DRAFT)

    picture = pictures_in(client.get(COUNTRY_LIST).content.decode())["country-map"]

    assert marked_countries(picture) == {
        "KH": "hosted",
        "TH": "hosted",
        "VN": "attended",
        "JP": "agency",
    }
    assert "Hosted a workshop: 2 countries." in text_alternative(picture)


def test_organization_page_shows_its_names_in_other_languages_each_marked_with_its_language(
    client,
):
    ministry = OrganizationFactory(name="Synthetic Ministry of Environment", country="KH")
    OrganizationNameFactory(organization=ministry, name="ក្រសួងបរិស្ថាន", language="km")
    OrganizationNameFactory(organization=ministry, name="環境省", language="ja")
    page = client.get(ministry.get_absolute_url()).content.decode()
    assert '<h1 lang="en">Synthetic Ministry of Environment</h1>' in page
    assert '<li lang="km">ក្រសួងបរិស្ថាន</li>' in page
    assert '<li lang="ja">環境省</li>' in page


def test_organization_list_and_site_search_find_an_organization_by_another_name(client):
    ministry = OrganizationFactory(name="Synthetic Customs Department", country="TH")
    OrganizationNameFactory(organization=ministry, name="กรมศุลกากร", language="th")
    response = client.get(ORGANIZATION_LIST, {"q": "กรมศุลกากร"})
    assert list(response.context["organization_list"]) == [ministry]
    assert (
        "Synthetic Customs Department"
        in client.get("/search/", {"q": "กรมศุลกากร"}).content.decode()
    )


def test_a_changed_organization_slug_redirects_permanently(client):
    organization = OrganizationFactory(slug="synthetic-old-agency")
    organization.slug = "synthetic-new-agency"
    organization.save()
    response = client.get("/organizations/synthetic-old-agency/")
    assert response.status_code == 301
    assert response["Location"] == "/organizations/synthetic-new-agency/"
