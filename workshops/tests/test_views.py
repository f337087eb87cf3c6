"""The public workshop pages: the list and each workshop's page."""

import datetime
import re

import pytest
from django.urls import reverse

from participants.tests.factories import (
    DelegationFactory,
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
    participations_in_bulk,
)
from workshops.models import Workshop
from workshops.tests.factories import (
    ObjectiveFactory,
    RelatedEventFactory,
    WorkshopFactory,
    WorkshopNumberingFactory,
    WorkshopOrganizerFactory,
    WorkshopSeriesFactory,
)
from workshops.tests.portal_records import many_workshops, published_workshop_with_everything

WORKSHOP_LIST = reverse("workshops:workshop-list")
pytestmark = pytest.mark.django_db


def detail_url(workshop):
    return reverse("workshops:workshop-detail", kwargs={"slug": workshop.slug})


def listed_titles(response):
    return [workshop.full_title for workshop in response.context["workshop_list"]]


# Workshop list


def test_workshop_list_shows_edition_title_dates_and_venue_of_published_only(client):
    WorkshopFactory(
        edition=3,
        title="Synthetic Workshop on Ports",
        start_date=datetime.date(2012, 3, 5),
        end_date=datetime.date(2012, 3, 7),
        venue="Synthetic Hall",
        city="Synthetic City",
        country="TH",
    )
    WorkshopFactory(title="Synthetic Hidden Draft", status=Workshop.Status.DRAFT)
    content = client.get(WORKSHOP_LIST).content.decode()
    assert "3rd Synthetic Workshop on Ports" in content
    assert "5–7 March 2012" in content
    assert "Synthetic Hall, Synthetic City, Thailand" in content
    assert "Synthetic Hidden Draft" not in content


def test_workshop_list_filters_by_year(client):
    WorkshopFactory(title="Synthetic A", start_date=datetime.date(2010, 1, 1))
    WorkshopFactory(title="Synthetic B", start_date=datetime.date(2012, 1, 1))
    response = client.get(WORKSHOP_LIST, {"year": "2012"})
    assert listed_titles(response) == [response.context["workshop_list"][0].full_title]
    assert "Synthetic B" in listed_titles(response)[0]


def test_workshop_list_filters_by_country_hosted_or_attended(client):
    hosted = WorkshopFactory(title="Synthetic Hosted", country="KH")
    attended = WorkshopFactory(title="Synthetic Attended", country="TH")
    ParticipationFactory(workshop=attended, country="KH", person__organization__country="KH")
    WorkshopFactory(title="Synthetic Elsewhere", country="VN")
    response = client.get(WORKSHOP_LIST, {"country": "KH"})
    assert {w.pk for w in response.context["workshop_list"]} == {hosted.pk, attended.pk}


def test_workshop_list_counts_a_workshop_once_however_many_came_from_the_country(client):
    hosted_and_attended = WorkshopFactory(title="Synthetic Both", country="KH")
    for _ in range(3):
        ParticipationFactory(
            workshop=hosted_and_attended, country="KH", person__organization__country="KH"
        )
    delegation_only = WorkshopFactory(title="Synthetic Delegation", country="TH")
    ParticipationFactory(workshop=delegation_only, country="KH", person=None, organization=None)

    response = client.get(WORKSHOP_LIST, {"country": "KH"})

    listed = [w.pk for w in response.context["workshop_list"]]
    assert sorted(listed) == sorted([hosted_and_attended.pk, delegation_only.pk])
    assert response.context["paginator"].count == 2


def test_workshop_list_offers_a_country_recorded_since_the_last_visit(client):
    # The country menu is kept once per records version: a new participation moves it on.
    workshop = WorkshopFactory(country="TH")
    assert '<option value="LA">' not in client.get(WORKSHOP_LIST).content.decode()

    ParticipationFactory(workshop=workshop, country="LA", person__organization__country="LA")

    assert '<option value="LA">' in client.get(WORKSHOP_LIST).content.decode()


def test_workshop_list_filters_by_series(client):
    series = WorkshopSeriesFactory(slug="synthetic-chosen-series")
    chosen = WorkshopFactory(series=series)
    WorkshopFactory()
    response = client.get(WORKSHOP_LIST, {"series": "synthetic-chosen-series"})
    assert [w.pk for w in response.context["workshop_list"]] == [chosen.pk]


def test_workshop_list_searches_titles_and_objectives(client):
    by_title = WorkshopFactory(title="Synthetic Customs Cooperation")
    by_objective = WorkshopFactory(title="Synthetic Other")
    ObjectiveFactory(workshop=by_objective, text="Synthetic: strengthen customs cooperation.")
    WorkshopFactory(title="Synthetic Unrelated")
    response = client.get(WORKSHOP_LIST, {"q": "customs"})
    assert {w.pk for w in response.context["workshop_list"]} == {by_title.pk, by_objective.pk}


def test_workshop_list_sorts_by_title(client):
    WorkshopFactory(title="Synthetic B", edition=None)
    WorkshopFactory(title="Synthetic A", edition=None)
    WorkshopFactory(title="Synthetic C", edition=None)
    response = client.get(WORKSHOP_LIST, {"sort": "title"})
    assert listed_titles(response) == ["Synthetic A", "Synthetic B", "Synthetic C"]
    response = client.get(WORKSHOP_LIST, {"sort": "-title"})
    assert listed_titles(response) == ["Synthetic C", "Synthetic B", "Synthetic A"]


def test_workshop_list_paginates_twenty_a_page(client):
    WorkshopFactory.create_batch(25)
    first = client.get(WORKSHOP_LIST)
    second = client.get(WORKSHOP_LIST, {"page": "2"})
    assert len(first.context["workshop_list"]) == 20
    assert len(second.context["workshop_list"]) == 5
    assert "Page 2 of 2" in second.content.decode()


# Bad input


@pytest.mark.parametrize(
    ("params", "ignored_label"),
    [
        ({"year": "abc"}, "Year"),
        ({"year": "99999999999"}, "Year"),
        ({"country": "ZZ"}, "Country"),
        ({"country": "kh'; DROP TABLE"}, "Country"),
        ({"series": "no-such-series"}, "Series"),
        ({"sort": "password"}, "Sort by"),
    ],
)
def test_workshop_list_ignores_a_malformed_filter_and_says_so(client, params, ignored_label):
    workshop = WorkshopFactory()
    response = client.get(WORKSHOP_LIST, params)
    assert response.status_code == 200
    assert [w.pk for w in response.context["workshop_list"]] == [workshop.pk]
    content = response.content.decode()
    assert "could not be used and were ignored" in content
    assert f"<li>{ignored_label}: " in content


@pytest.mark.parametrize("page", ["-1", "0", "abc", "99999", "1.5"])
def test_workshop_list_unknown_page_is_404_in_the_sites_layout(client, page):
    WorkshopFactory()
    response = client.get(WORKSHOP_LIST, {"page": page})
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert 'href="/workshops/"' in response.content.decode()


@pytest.mark.parametrize(
    "text",
    [
        "customs " * 1250,  # 10,000 characters
        "\x00customs",
        "téléphone ‮ customs 🚢 ٣ 漢字",
        "e\u0301\u0301\u0301",
        "\ufeff\u200b",
        '"unclosed & | ! (',
        "%_\\",
    ],
)
def test_workshop_list_search_takes_any_text(client, text):
    WorkshopFactory(title="Synthetic Customs Workshop")
    response = client.get(WORKSHOP_LIST, {"q": text})
    assert response.status_code == 200


def test_workshop_list_long_search_is_cut_not_refused(client):
    WorkshopFactory(title="Synthetic Customs Workshop")
    response = client.get(WORKSHOP_LIST, {"q": "customs" + " " * 9993})
    assert len(response.context["workshop_list"]) == 1


# Workshop page


def test_workshop_page_shows_every_section(client):
    workshop = published_workshop_with_everything(
        venue="Synthetic Hall",
        summary="Synthetic summary of the workshop.",
        recorded_participants=47,
        recorded_countries=14,
        recorded_region="Synthetic",
    )
    content = client.get(detail_url(workshop)).content.decode()
    objective = workshop.objectives.get()
    conclusion = workshop.conclusions.get()
    agenda_item = workshop.agenda_items.get()
    material = workshop.materials.get()
    organizer = workshop.organizer_roles.get().organization
    recommendation = workshop.recommendations.get()
    event = workshop.related_events.get()
    for expected in [
        workshop.full_title,
        "5 March 2012",
        "Synthetic Hall, Synthetic City",
        "Synthetic summary of the workshop.",
        objective.text,
        conclusion.text,
        agenda_item.title,
        material.title,
        organizer.name,
        recommendation.short_title,
        recommendation.text,
        "Done",  # the recommendation's latest follow-up
        event.title,
        event.portal_workshop.get_absolute_url(),
        "<strong>47</strong> participants",
        "<strong>14</strong> countries",
        "Vietnam",  # the consenting participant's country, with its count
    ]:
        assert expected in content, expected


def test_workshop_page_names_only_people_who_consented(client):
    workshop = WorkshopFactory()
    named = PersonFactory(name="Synthetic Named Person", publish_name_consent=True)
    unnamed = PersonFactory(name="Synthetic Unnamed Person", publish_name_consent=False)
    ParticipationFactory(workshop=workshop, person=named)
    ParticipationFactory(workshop=workshop, person=unnamed)
    content = client.get(detail_url(workshop)).content.decode()
    assert "Synthetic Named Person" in content
    assert "Synthetic Unnamed Person" not in content
    assert unnamed.organization.name in content  # the agency is counted, the person is not named


def test_workshop_page_of_a_very_large_workshop_names_a_page_of_participants(client):
    workshop = WorkshopFactory()
    participations_in_bulk(workshop=workshop, count=3_000, organizations=300)

    response = client.get(detail_url(workshop))

    content = response.content.decode()
    assert content.count("Synthetic Bulk Person") == 200
    assert "1–200 of 3000" in content
    assert "and 100 more organizations, none with more participations" in content
    assert content.count("Synthetic Bulk Agency") == 200 + 200  # the table, and beside names
    assert len(response.content) < 150_000
    last = client.get(detail_url(workshop), {"participants": 15}).content.decode()
    assert f"Synthetic Bulk Person {workshop.pk}-002999" in last
    assert 'rel="prev"' in last


@pytest.mark.parametrize("page", ["abc", "0", "16"])
def test_workshop_page_with_no_such_page_of_participants_is_404(client, page):
    workshop = WorkshopFactory()
    participations_in_bulk(workshop=workshop, count=3_000)
    response = client.get(detail_url(workshop), {"participants": page})
    assert response.status_code == 404


def test_workshop_page_never_shows_contact_details(client):
    workshop = published_workshop_with_everything()
    person = PersonFactory(
        publish_name_consent=True, email="synthetic.contact@example.invalid", phone="+99 1234"
    )
    ParticipationFactory(workshop=workshop, person=person)
    content = client.get(detail_url(workshop)).content.decode()
    assert person.name in content
    assert "synthetic.contact@example.invalid" not in content
    assert "+99 1234" not in content
    assert "@example.invalid" not in content


def test_draft_workshop_is_404_for_the_public(client):
    draft = WorkshopFactory(status=Workshop.Status.DRAFT)
    response = client.get(detail_url(draft))
    assert response.status_code == 404
    assert draft.title not in response.content.decode()


def test_draft_workshop_is_shown_to_staff_with_a_draft_banner(viewer_client):
    draft = WorkshopFactory(status=Workshop.Status.DRAFT)
    content = viewer_client.get(detail_url(draft)).content.decode()
    assert draft.full_title in content
    assert "<strong>Draft</strong>: this record is not published" in content
    assert '<meta name="robots" content="noindex">' in content


def test_draft_workshop_is_404_for_a_signed_in_visitor_who_is_not_staff(client, django_user_model):
    visitor = django_user_model.objects.create_user(username="visitor", password="synthetic")
    client.force_login(visitor)
    draft = WorkshopFactory(status=Workshop.Status.DRAFT)
    assert client.get(detail_url(draft)).status_code == 404


def test_published_workshop_has_no_draft_banner_for_staff(viewer_client):
    workshop = WorkshopFactory()
    assert (
        "this record is not published"
        not in viewer_client.get(detail_url(workshop)).content.decode()
    )


def test_unknown_workshop_slug_is_404(client):
    assert client.get("/workshops/no-such-workshop/").status_code == 404


def test_workshop_page_has_title_meta_description_and_canonical_url(client):
    workshop = WorkshopFactory(summary="Synthetic summary for the description.")
    content = client.get(detail_url(workshop) + "?utm_source=synthetic").content.decode()
    assert f"<title>{workshop.full_title} · INECE" in content
    assert '<meta name="description" content="Synthetic summary for the description.">' in content
    assert f'<link rel="canonical" href="http://testserver{detail_url(workshop)}">' in content


def test_workshop_page_links_to_its_outcome_report(client):
    workshop = WorkshopFactory(report_title="Synthetic Outcome")
    ObjectiveFactory(workshop=workshop)  # a report needs an outcome to report
    content = client.get(detail_url(workshop)).content.decode()
    assert f'href="/workshops/{workshop.slug}/report.pdf">Synthetic Outcome (PDF)' in content


def test_related_event_links_to_a_draft_workshop_only_by_title(client):
    workshop = published_workshop_with_everything()
    event = workshop.related_events.get()
    event.portal_workshop.status = Workshop.Status.DRAFT
    event.portal_workshop.save()
    content = client.get(detail_url(workshop)).content.decode()
    assert event.title in content
    assert event.portal_workshop.get_absolute_url() not in content


# Query counts: each page costs a pinned number of queries, the same at two data sizes.


@pytest.mark.parametrize(
    ("params", "queries"),
    [
        ("", 6),
        ("?year=2010", 6),  # the year menu, read once (it was twice: to check, to show)
        ("?country=TH", 6),  # the country menu, counted once (it was twice)
        ("?q=synthetic", 6),
        ("?sort=title", 6),
        ("?page=2", 6),
    ],
)
def test_workshop_list_query_count_is_pinned_at_two_sizes(
    client, assert_page_queries, params, queries
):
    many_workshops(21)  # enough for a second page
    assert_page_queries(client, WORKSHOP_LIST + params, queries)
    many_workshops(40)
    assert_page_queries(client, WORKSHOP_LIST + params, queries)


def test_workshop_page_query_count_is_pinned_at_two_sizes(client, assert_page_queries):
    small = published_workshop_with_everything(items=1)
    large = published_workshop_with_everything(items=12)
    many_workshops(5)
    assert_page_queries(client, detail_url(small), 19)
    assert_page_queries(client, detail_url(large), 19)


def test_workshop_page_for_staff_is_kept_while_the_records_stand_still(
    viewer_client, django_assert_num_queries
):
    workshop = published_workshop_with_everything(items=12)
    first = viewer_client.get(detail_url(workshop)).content.decode()

    # The session, the user, the user's permissions, the workshop: nothing of what it shows.
    with django_assert_num_queries(5):
        again = viewer_client.get(detail_url(workshop)).content.decode()

    assert again == first


def test_workshop_page_for_staff_shows_a_participation_added_since_it_was_kept(viewer_client):
    from core.tests.svg import marked_countries, pictures_in

    workshop = WorkshopFactory(country="KH")
    ParticipationFactory(workshop=workshop, country="TH", person__organization__country="TH")
    before = viewer_client.get(detail_url(workshop)).content.decode()

    ParticipationFactory(workshop=workshop, country="VN", person__organization__country="VN")
    after = viewer_client.get(detail_url(workshop)).content.decode()

    assert "Vietnam" not in before
    assert marked_countries(pictures_in(after)["participation-map"]) == {
        "KH": "host",
        "TH": "took-part",
        "VN": "took-part",
    }
    assert 'Total: 2 countries</th><td class="text-end">2</td>' in after


def test_workshop_page_for_staff_shows_an_organization_renamed_since_it_was_kept(viewer_client):
    workshop = WorkshopFactory()
    participation = ParticipationFactory(workshop=workshop)
    viewer_client.get(detail_url(workshop))

    organization = participation.organization
    organization.name = "Synthetic Renamed Agency"
    organization.save()

    assert "Synthetic Renamed Agency" in viewer_client.get(detail_url(workshop)).content.decode()


def test_workshop_page_for_staff_keeps_each_page_of_participants_and_each_host_apart(
    viewer_client,
):
    workshop = WorkshopFactory()
    participations_in_bulk(workshop=workshop, count=250)

    first = viewer_client.get(detail_url(workshop)).content.decode()
    second = viewer_client.get(detail_url(workshop), {"participants": 2}).content.decode()
    elsewhere = viewer_client.get(detail_url(workshop), HTTP_HOST="localhost").content.decode()

    assert "1–200 of 250" in first
    assert "201–250 of 250" in second
    assert f'"url": "http://testserver{detail_url(workshop)}"' in first
    assert f'"url": "http://localhost{detail_url(workshop)}"' in elsewhere


def test_workshop_page_lists_countries_by_name_with_the_total(client):
    workshop = WorkshopFactory()
    # ISO order would be ID, IN, KH: Indonesia, India, Cambodia.
    for code, count in (("ID", 1), ("IN", 2), ("KH", 3)):
        ParticipationFactory.create_batch(
            count, workshop=workshop, country=code, person__organization__country=code
        )
    ParticipationFactory(workshop=workshop, country="", person__organization__country="")

    page = client.get(workshop.get_absolute_url()).content.decode()

    heading = page.index('id="countries-represented"')
    table = page[heading : page.index("</table>", heading)]
    names = ["Cambodia", "India", "Indonesia", "International organizations"]
    assert [table.index(name) for name in names] == sorted(table.index(name) for name in names)
    assert 'Total: 3 countries</th><td class="text-end">7</td>' in table


# Pictures (core/charts.py)


def test_workshop_page_maps_its_host_and_the_countries_that_took_part(client):
    from core.tests.svg import marked_countries, pictures_in, text_alternative

    workshop = WorkshopFactory(country="KH", title="Synthetic Workshop on Ports")
    for code in ("TH", "VN", "VN", "SG"):
        ParticipationFactory(workshop=workshop, country=code, person__organization__country=code)
    ParticipationFactory(workshop=workshop, country="", person__organization__country="")
    ParticipationFactory(country="JP")  # another workshop's

    picture = pictures_in(client.get(detail_url(workshop)).content.decode())["participation-map"]

    assert marked_countries(picture) == {
        "KH": "host",
        "TH": "took-part",
        "VN": "took-part",
        "SG": "took-part",
    }
    alternative = text_alternative(picture)
    assert "Cambodia hosted the workshop" in alternative
    assert "3 other countries: Singapore, Thailand, Vietnam" in alternative


def test_workshop_page_draws_recorded_figures_beside_counted_ones(client):
    from core.tests.svg import bar_values, pictures_in

    workshop = WorkshopFactory(recorded_participants=47, recorded_countries=None)
    for code in ("TH", "TH", "VN"):
        ParticipationFactory(workshop=workshop, country=code, person__organization__country=code)

    response = client.get(detail_url(workshop))
    picture = pictures_in(response.content.decode())["attendance-figure"]

    assert bar_values(picture) == {
        "participants": {"recorded": 47, "counted": 3},
        "countries": {"recorded": None, "counted": 2},
    }


def test_every_table_header_cell_of_a_workshop_page_has_words(client):
    """A screen reader reads a column's header with each of its cells: an empty one says nothing
    (the figures table's first column is headed "Figure", out of sight)."""
    workshop = published_workshop_with_everything(items=2, recorded_participants=47)
    content = client.get(detail_url(workshop)).content.decode()
    headers = re.findall(r"<th\b[^>]*>(.*?)</th>", content, re.S)
    assert headers
    assert [h for h in headers if not re.sub(r"<[^>]+>", "", h).strip()] == []
    assert '<th scope="col"><span class="visually-hidden">Figure</span></th>' in content


def test_workshop_page_draws_its_recommendations_follow_up_status(client):
    from core.tests.svg import bar_values, pictures_in
    from recommendations.tests.factories import FollowUpFactory, RecommendationFactory

    workshop = WorkshopFactory()
    done = RecommendationFactory(workshop=workshop)
    FollowUpFactory(recommendation=done, status="in_progress", date=datetime.date(2011, 1, 1))
    FollowUpFactory(recommendation=done, status="done", date=datetime.date(2012, 1, 1))
    RecommendationFactory(workshop=workshop)
    RecommendationFactory(workshop=workshop)
    FollowUpFactory(status="dropped")  # another workshop's

    picture = pictures_in(client.get(detail_url(workshop)).content.decode())["follow-up-chart"]

    counts = {status: bars[status] for status, bars in bar_values(picture).items()}
    assert counts == {"none": 2, "done": 1}


# Records as the sources state them (issue 14): dates known to the month or the year, other
# organizations' roles, another source's numbering, delegations, old addresses.


def test_dates_known_to_the_month_are_never_given_a_day_on_any_page(client):
    workshop = WorkshopFactory(
        title="Synthetic Workshop Known To The Month",
        start_date=datetime.date(2009, 6, 17),
        end_date=datetime.date(2009, 6, 18),
        date_precision="month",
        country="KH",
    )
    workshop.refresh_from_db()
    assert workshop.start_date == workshop.end_date == datetime.date(2009, 6, 1)  # sorts as June
    for url in (
        detail_url(workshop),
        WORKSHOP_LIST,
        WORKSHOP_LIST + "?year=2009",
        "/",
        reverse("participants:country-detail", kwargs={"code": "KH"}),
    ):
        page = client.get(url).content.decode()
        assert "June 2009" in page, url
        assert "1 June 2009" not in page and "1–1 June" not in page, url


def test_dates_known_to_the_year_show_the_year_alone(client):
    workshop = WorkshopFactory(
        start_date=datetime.date(2009, 6, 17),
        end_date=datetime.date(2009, 6, 17),
        date_precision="year",
    )
    workshop.refresh_from_db()
    assert workshop.start_date == datetime.date(2009, 1, 1)
    page = client.get(detail_url(workshop)).content.decode()
    assert '<dd class="col-sm-9 col-lg-10">2009</dd>' in page
    assert "January 2009" not in page


def test_related_event_known_to_the_month_is_shown_to_the_month(client):
    event = RelatedEventFactory(
        start_date=datetime.date(2009, 6, 9), date_precision="month", title="Synthetic Forum"
    )
    page = client.get(detail_url(event.workshop)).content.decode()
    assert "the Synthetic Forum, June 2009" in page


def test_workshop_page_lists_each_organization_under_its_role_heading(client):
    workshop = WorkshopFactory()
    for name, role, note in [
        ("Synthetic Convening Network", "convener", ""),
        ("Synthetic Sponsoring Fund", "sponsor", ""),
        ("Synthetic Partner Agency", "partner", ""),
        ("Synthetic Resource Institute", "resource_persons", "lent two trainers"),
        ("Synthetic Observer Body", "observer", ""),
    ]:
        WorkshopOrganizerFactory(
            workshop=workshop, organization=OrganizationFactory(name=name), role=role, note=note
        )
    page = client.get(detail_url(workshop)).content.decode()
    section = page[page.index('id="organizers-heading"') :]
    order = [
        "<dt>Convened by</dt>",
        "Synthetic Convening Network",
        "<dt>Sponsored by</dt>",
        "Synthetic Sponsoring Fund",
        "<dt>Partners</dt>",
        "Synthetic Partner Agency",
        "<dt>Resource persons from</dt>",
        "Synthetic Resource Institute",
        "(lent two trainers)",
        "<dt>Observers</dt>",
        "Synthetic Observer Body",
    ]
    positions = [section.index(text) for text in order]
    assert positions == sorted(positions)


def test_workshop_page_says_another_sources_numbering_where_it_differs(client):
    workshop = WorkshopFactory(edition=1, title="Synthetic Workshop On Ports")
    WorkshopNumberingFactory(workshop=workshop, edition=2, source="Synthetic Presentation 2012")
    WorkshopNumberingFactory(workshop=workshop, edition=1, source="Synthetic Agreeing Source")
    page = client.get(detail_url(workshop)).content.decode()
    assert "1st in the series" in page
    assert "Also known as" in page
    assert "the 2nd, in Synthetic Presentation 2012" in page
    assert "Synthetic Agreeing Source" not in page  # it says what the series says


def test_workshop_page_shows_delegations_as_countries_with_their_headcount(client):
    workshop = WorkshopFactory()
    DelegationFactory(workshop=workshop, country="KH", delegation_size=5)
    DelegationFactory(workshop=workshop, country="TH")
    page = client.get(detail_url(workshop)).content.decode()
    delegations = page[page.index('<h3 class="h6">Delegations</h3>') :]
    assert 'Cambodia</a> <span class="record-meta">(5 delegates)</span>' in delegations
    assert "Thailand</a></li>" in delegations
    # Counted as a country, never listed as an organization.
    assert "No organizations recorded." in page
    assert "Delegation of" not in page


def test_a_changed_workshop_slug_redirects_permanently_from_its_old_addresses(client):
    workshop = WorkshopFactory(slug="synthetic-old-address")
    workshop.slug = "synthetic-new-address"
    workshop.save()
    response = client.get("/workshops/synthetic-old-address/?participants=1")
    assert response.status_code == 301
    assert response["Location"] == "/workshops/synthetic-new-address/?participants=1"
    report = client.get("/workshops/synthetic-old-address/report.pdf")
    assert report.status_code == 301
    assert report["Location"] == "/workshops/synthetic-new-address/report.pdf"
    assert client.get("/workshops/no-such-address/").status_code == 404


def test_an_old_slug_of_a_draft_answers_404_to_the_public(client):
    workshop = WorkshopFactory(slug="synthetic-draft-old", status=Workshop.Status.DRAFT)
    workshop.slug = "synthetic-draft-new"
    workshop.save()
    assert client.get("/workshops/synthetic-draft-old/").status_code == 404


def test_a_slug_taken_back_is_live_again_and_no_longer_redirects(client):
    workshop = WorkshopFactory(slug="synthetic-first")
    workshop.slug = "synthetic-second"
    workshop.save()
    workshop.slug = "synthetic-first"
    workshop.save()
    assert client.get("/workshops/synthetic-first/").status_code == 200
    assert client.get("/workshops/synthetic-second/")["Location"] == "/workshops/synthetic-first/"
