"""The site-wide pages: home, search, the sitemap, robots.txt and the error pages."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.views.defaults import server_error

from news.tests.factories import CategoryFactory, PostFactory
from participants.tests.factories import (
    DelegationFactory,
    ParticipationFactory,
)
from portal.search_sections import SEARCH_SECTIONS
from recommendations.tests.factories import FollowUpFactory, RecommendationFactory
from workshops.models import Workshop
from workshops.tests.factories import (
    ObjectiveFactory,
    WorkshopFactory,
)
from workshops.tests.portal_records import many_workshops, published_workshop_with_everything

WORKSHOP_LIST = reverse("workshops:workshop-list")
pytestmark = pytest.mark.django_db


def detail_url(workshop):
    return reverse("workshops:workshop-detail", kwargs={"slug": workshop.slug})


def listed_titles(response):
    return [workshop.full_title for workshop in response.context["workshop_list"]]


def test_home_shows_figures_computed_from_published_records(client):
    first = WorkshopFactory(country="KH", recorded_countries=2)
    second = WorkshopFactory(country="TH")
    WorkshopFactory(country="VN", status=Workshop.Status.DRAFT)
    ParticipationFactory(workshop=first, country="LA", person__organization__country="LA")
    followed = RecommendationFactory(workshop=first)
    FollowUpFactory(recommendation=followed)
    FollowUpFactory(recommendation=followed, date=datetime.date(2013, 1, 1))
    RecommendationFactory(workshop=second)
    RecommendationFactory(workshop=WorkshopFactory(status=Workshop.Status.DRAFT))

    response = client.get(reverse("home"))

    figures = response.context["figures"]
    assert figures.workshops == 2
    assert figures.countries == 3  # KH, TH hosted; LA attended (VN's workshop is a draft)
    assert figures.recommendations == 2
    assert figures.recommendations_followed_up == 1
    assert figures.organizations == 1  # the one that took part; the series' network did not
    assert {w.pk for w in response.context["latest_workshops"]} == {first.pk, second.pk}
    assert "brings together customs, environmental, port" in response.content.decode()


def test_home_counts_a_delegation_as_a_country_engaged_and_not_as_an_organization(client):
    workshop = WorkshopFactory(country="KH")
    DelegationFactory(workshop=workshop, country="LA", delegation_size=3)
    figures = client.get(reverse("home")).context["figures"]
    assert (figures.countries, figures.organizations) == (2, 0)


def test_home_countries_are_never_fewer_than_one_workshops_recorded_countries(client):
    WorkshopFactory(country="KH", recorded_countries=14)
    assert client.get(reverse("home")).context["figures"].countries == 14


def test_home_lists_the_latest_three_published_workshops_newest_first(client):
    for year in (2009, 2010, 2011, 2012):
        WorkshopFactory(start_date=datetime.date(year, 5, 1), title=f"Synthetic {year}")
    WorkshopFactory(start_date=datetime.date(2020, 1, 1), status=Workshop.Status.DRAFT)
    response = client.get(reverse("home"))
    assert [w.year for w in response.context["latest_workshops"]] == [2012, 2011, 2010]


# Nine for the figures and latest workshops, one for the participation over time pictures, one
# for which organizations are hidden (the countries' figure): the figures, the pictures and the
# hidden organizations are counted once per records version, so on a running site the home page
# makes one query (the latest workshops); the cache is empty here.
HOME_QUERIES = 11


def test_home_query_count_is_pinned_at_two_sizes(client, assert_page_queries):
    many_workshops(2)
    assert_page_queries(client, reverse("home"), HOME_QUERIES)
    many_workshops(25)
    assert_page_queries(client, reverse("home"), HOME_QUERIES)


def test_home_for_staff_reads_only_its_latest_workshops_while_the_records_stand_still(
    viewer_client, django_assert_num_queries
):
    # Signed in, so never served by the page cache: the page is rendered each time, its
    # figures and pictures read as drawn once for this records version.
    many_workshops(25)
    first = viewer_client.get(reverse("home")).content

    with django_assert_num_queries(1):
        again = viewer_client.get(reverse("home"))

    assert again.content == first


def test_search_query_count_is_pinned_at_two_sizes(client, assert_page_queries):
    many_workshops(2)
    assert_page_queries(client, reverse("search") + "?q=synthetic", 6)  # 5, and hidden ones
    many_workshops(25)
    assert_page_queries(client, reverse("search") + "?q=synthetic", 6)


def sitemap_section(section):
    return reverse("sitemap-section", kwargs={"section": section})


def test_sitemap_query_count_is_pinned_at_two_sizes(client, assert_page_queries):
    # The index: each section of records' latest change and number of pages (two queries for
    # workshops, organizations, recommendations, news; one for categories; the countries'
    # three, and which organizations are hidden, once per records version); a section's page:
    # how many addresses, then the page of them.
    many_workshops(2)
    PostFactory(categories=[CategoryFactory()])
    assert_page_queries(client, reverse("sitemap"), 13)
    assert_page_queries(client, sitemap_section("workshops"), 2)
    assert_page_queries(client, sitemap_section("countries"), 4)
    many_workshops(25)
    PostFactory.create_batch(10, categories=[CategoryFactory()])
    assert_page_queries(client, reverse("sitemap"), 13)
    assert_page_queries(client, sitemap_section("workshops"), 2)
    assert_page_queries(client, sitemap_section("countries"), 4)


def test_sitemap_is_an_index_of_sections_in_pages(client, monkeypatch):
    from workshops.sitemaps import WorkshopSitemap

    monkeypatch.setattr(WorkshopSitemap, "limit", 2)
    workshops = WorkshopFactory.create_batch(3)
    index = client.get(reverse("sitemap")).content.decode()
    for section in ("pages", "workshops", "countries", "organizations", "recommendations"):
        assert f"<loc>http://testserver{sitemap_section(section)}</loc>" in index
    assert f"<loc>http://testserver{sitemap_section('workshops')}?p=2</loc>" in index
    assert "?p=3" not in index
    assert workshops[0].get_absolute_url() not in index

    first = client.get(sitemap_section("workshops")).content.decode()
    second = client.get(sitemap_section("workshops"), {"p": 2}).content.decode()
    assert first.count("<url>") == 2
    assert second.count("<url>") == 1
    for workshop in workshops:
        assert (workshop.get_absolute_url() in first) != (workshop.get_absolute_url() in second)
    assert client.get(sitemap_section("workshops"), {"p": 3}).status_code == 404
    assert client.get(sitemap_section("unknown")).status_code == 404


def test_search_groups_results_by_kind(client):
    workshop = WorkshopFactory(title="Synthetic Mangrove Workshop")
    recommendation = RecommendationFactory(short_title="Synthetic mangrove protection")
    from participants.tests.factories import OrganizationFactory

    organization = OrganizationFactory(name="Synthetic Mangrove Authority")
    response = client.get(reverse("search"), {"q": "mangrove"})
    groups = {group["section"].kind: group["results"] for group in response.context["sections"]}
    assert groups["workshops"] == [workshop]
    assert groups["recommendations"] == [recommendation]
    assert groups["organizations"] == [organization]
    content = response.content.decode()
    assert content.index("Workshops") < content.index("Synthetic Mangrove Workshop")


def test_search_finds_words_in_objectives_and_leaves_out_drafts(client):
    published = WorkshopFactory(title="Synthetic One")
    ObjectiveFactory(workshop=published, text="Synthetic cooperation among customs officials.")
    draft = WorkshopFactory(title="Synthetic Two", status=Workshop.Status.DRAFT)
    ObjectiveFactory(workshop=draft, text="Synthetic customs training.")
    RecommendationFactory(workshop=draft, short_title="Synthetic customs draft recommendation")
    response = client.get(reverse("search"), {"q": "customs"})
    groups = {group["section"].kind: group["results"] for group in response.context["sections"]}
    assert groups["workshops"] == [published]
    assert groups["recommendations"] == []


def test_search_without_words_shows_the_form_only(client):
    response = client.get(reverse("search"), {"q": "  \x00 "})
    assert response.status_code == 200
    assert response.context["sections"] == []


def test_search_says_when_nothing_matches(client):
    WorkshopFactory()
    content = client.get(reverse("search"), {"q": "zyxwvut"}).content.decode()
    assert "Nothing matches “zyxwvut”" in content


def test_search_offers_all_results_when_a_section_is_full(client):
    WorkshopFactory.create_batch(11, title="Synthetic Seaport Meeting")
    content = client.get(reverse("search"), {"q": "seaport"}).content.decode()
    assert 'href="/workshops/?q=seaport"' in content


def test_sitemap_index_counts_a_section_again_after_a_change(client, monkeypatch):
    from workshops.sitemaps import WorkshopSitemap

    monkeypatch.setattr(WorkshopSitemap, "limit", 2)
    WorkshopFactory.create_batch(2)
    second_page = f"<loc>http://testserver{sitemap_section('workshops')}?p=2</loc>"
    assert second_page not in client.get(reverse("sitemap")).content.decode()
    WorkshopFactory()
    assert second_page in client.get(reverse("sitemap")).content.decode()


def test_sitemap_lists_published_pages_and_leaves_out_drafts(client):
    workshop = WorkshopFactory(country="KH")
    draft = WorkshopFactory(status=Workshop.Status.DRAFT)
    recommendation = RecommendationFactory(workshop=workshop)
    hidden = RecommendationFactory(workshop=draft)
    content = "".join(
        client.get(sitemap_section(section)).content.decode()
        for section in ("workshops", "recommendations", "countries")
    )
    assert f"http://testserver{workshop.get_absolute_url()}" in content
    assert f"http://testserver{recommendation.get_absolute_url()}" in content
    assert "http://testserver/countries/KH/" in content
    assert draft.get_absolute_url() not in content
    assert f"<loc>http://testserver{hidden.get_absolute_url()}</loc>" not in content


def test_robots_txt_points_to_the_sitemap_and_keeps_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    content = response.content.decode()
    assert "Disallow: /admin/" in content
    assert "Sitemap: http://testserver/sitemap.xml" in content


def test_404_page_is_friendly_and_in_the_sites_layout(client):
    response = client.get("/no/such/page/")
    content = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in content
    assert 'aria-label="Main"' in content
    assert 'rel="canonical"' not in content


def test_the_footer_links_to_every_section_the_main_menu_does(client):
    """The footer's links are the main menu's sections (News too), then search and the sitemap."""
    content = client.get(reverse("home")).content.decode()
    menu = re.search(r'<nav [^>]*aria-label="Main".*?</ul>', content, re.S).group(0)
    footer = re.search(r"<footer.*?</footer>", content, re.S).group(0)
    menu_links = re.findall(r'class="nav-link[^"]*"[^>]* href="([^"]+)"', menu)
    footer_links = re.findall(r'<a href="([^"]+)"', footer)
    assert reverse("news:post-list") in menu_links
    assert footer_links == [*menu_links, reverse("search"), reverse("sitemap")]


def test_500_page_is_friendly_and_in_the_sites_layout(rf):
    response = server_error(rf.get("/"))
    content = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in content
    assert 'aria-label="Main"' in content
    assert '<html lang="en">' in content


def test_search_uses_full_text_on_postgresql_and_word_match_elsewhere(client):
    from django.db import connection

    stemmed = WorkshopFactory(title="Synthetic Inspection Training")
    response = client.get(reverse("search"), {"q": "inspections"})
    found = {group["section"].kind: group["results"] for group in response.context["sections"]}
    if connection.vendor == "postgresql":
        assert found["workshops"] == [stemmed]  # English stemming: inspections ~ inspection
    else:
        assert found["workshops"] == []  # a plain substring match
        response = client.get(reverse("search"), {"q": "inspect"})
        assert response.context["sections"][0]["results"] == [stemmed]


def test_every_page_type_has_its_own_title_description_and_canonical_url(client):
    workshop = published_workshop_with_everything()
    organization = workshop.organizer_roles.get().organization
    recommendation = workshop.recommendations.get()
    default_description = "Records of the INECE Seaport Environmental Security Network: workshops"
    urls = [
        reverse("home"),
        WORKSHOP_LIST,
        detail_url(workshop),
        reverse("participants:country-list"),
        reverse("participants:country-detail", kwargs={"code": "TH"}),
        reverse("participants:organization-list"),
        organization.get_absolute_url(),
        reverse("recommendations:recommendation-list"),
        recommendation.get_absolute_url(),
        reverse("search"),
    ]
    titles = set()
    for url in urls:
        content = client.get(url).content.decode()
        title = content.split("<title>", 1)[1].split("</title>", 1)[0]
        titles.add(title)
        assert title.endswith("· INECE Seaport Environmental Security Network"), url
        assert f'<link rel="canonical" href="http://testserver{url}">' in content, url
        assert '<meta name="description" content="' in content, url
        assert default_description not in content, url
        assert content.count("<h1") == 1, url
        # Ready for a strict Content-Security-Policy: no inline script or style.
        assert " style=" not in content, url
        assert "<style" not in content, url
        # A JSON-LD data block (a workshop's schema.org Event) is data, never run.
        assert all(
            tag.startswith("<script src=") or tag == '<script type="application/ld+json">'
            for tag in re.findall(r"<script[^>]*>", content)
        ), url
    assert len(titles) == len(urls)


def test_home_draws_workshops_by_year_with_the_years_between_them(client):
    from core.tests.svg import bar_values, pictures_in

    for year in (2009, 2009, 2012):
        WorkshopFactory(start_date=datetime.date(year, 5, 1))
    WorkshopFactory(start_date=datetime.date(2010, 1, 1), status=Workshop.Status.DRAFT)

    picture = pictures_in(client.get(reverse("home")).content.decode())["workshops-by-year"]

    assert {year: bars[None] for year, bars in bar_values(picture).items()} == {
        "2009": 2,
        "2010": 0,
        "2011": 0,
        "2012": 1,
    }


def test_home_draws_each_workshops_participants_and_countries_recorded_and_counted(client):
    from core.tests.svg import bar_values, pictures_in

    first = WorkshopFactory(
        start_date=datetime.date(2009, 5, 1), recorded_participants=47, recorded_countries=14
    )
    second = WorkshopFactory(start_date=datetime.date(2011, 5, 1))
    for code in ("TH", "TH", "VN"):
        ParticipationFactory(workshop=second, country=code, person__organization__country=code)

    pictures = pictures_in(client.get(reverse("home")).content.decode())

    assert bar_values(pictures["participants-per-workshop"]) == {
        first.slug: {"recorded": 47, "counted": 0},
        second.slug: {"recorded": None, "counted": 3},
    }
    assert bar_values(pictures["countries-per-workshop"]) == {
        first.slug: {"recorded": 14, "counted": 0},
        second.slug: {"recorded": None, "counted": 2},
    }


def test_home_draws_a_participation_recorded_since_the_last_visit(client):
    from core.tests.svg import bar_values, pictures_in

    # The pictures are kept once per records version: a new participation moves it on.
    workshop = WorkshopFactory(start_date=datetime.date(2009, 5, 1), short_title="Synthetic")
    client.get(reverse("home"))

    ParticipationFactory(workshop=workshop)

    picture = pictures_in(client.get(reverse("home")).content.decode())["participants-per-workshop"]
    assert bar_values(picture) == {workshop.slug: {"recorded": None, "counted": 1}}


def test_pictures_stay_well_formed_with_the_longest_values_in_non_latin_scripts(client):
    from core.tests.svg import bar_values, pictures_in, text_alternative

    title = ('សិក្ខាសាលា <&> "ច្រក" ' * 20)[:255]
    workshop = WorkshopFactory(
        title=title,
        short_title=("ท่าเรือ & ศุลกากร " * 10)[:120],
        country="KH",
        recorded_participants=2_147_483_647,  # the largest a PositiveIntegerField holds
        recorded_countries=2_147_483_647,
    )
    ParticipationFactory(workshop=workshop, country="LA", person__organization__country="LA")

    home = pictures_in(client.get(reverse("home")).content.decode())
    page = pictures_in(client.get(detail_url(workshop)).content.decode())

    assert bar_values(home["participants-per-workshop"])[workshop.slug]["recorded"] == 2_147_483_647
    assert workshop.short_title in text_alternative(home["countries-per-workshop"])
    assert title.strip() in text_alternative(page["participation-map"])
    assert bar_values(page["attendance-figure"])["countries"] == {
        "recorded": 2_147_483_647,
        "counted": 1,
    }


def test_search_reads_one_page_of_each_kind_and_counts_nothing_else():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    many_workshops(25)
    PostFactory.create_batch(12, title="Synthetic searchable post")
    with CaptureQueriesContext(connection) as queries:
        page = Client().get(reverse("search"), {"q": "synthetic"}).content.decode()
    assert "10+" in page
    # One query per kind, for ten results and one more to know there are more; none groups
    # (counts) every matching record.
    section_queries = [q["sql"] for q in queries.captured_queries if "LIMIT 11" in q["sql"]]
    assert len(section_queries) == len(SEARCH_SECTIONS)
    for sql in section_queries:
        assert "GROUP BY" not in sql, sql
