"""The seed command loads what the source document states, word for word, and nothing more."""

import datetime
import re
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from core.models import SeedLoad
from news.models import Category, Post
from news.seed_records import POST_SLUG
from participants.models import Organization, Participation, Person
from portal.seed_records import WORKSHOP
from recommendations.models import FollowUp, Recommendation
from workshops.models import (
    AgendaItem,
    Conclusion,
    Material,
    Objective,
    RelatedEvent,
    Workshop,
    WorkshopOrganizer,
    WorkshopSeries,
)

SOURCE = settings.SESN_SOURCES_DIR / "000_f24b0c148533ab4d.txt"


def source_text():
    """The source with its runs of spaces folded, as a reader sees it."""
    return re.sub(r"[ \t\xa0]+", " ", SOURCE.read_text(encoding="utf-8"))


def all_records():
    return {
        model.__name__: sorted(model.objects.values_list("pk", "updated"))
        for model in (
            Organization,
            WorkshopSeries,
            Workshop,
            WorkshopOrganizer,
            Objective,
            Recommendation,
            RelatedEvent,
        )
    }


def every_seed_record():
    """Every row of every table the seed command writes, all fields: any change shows."""
    models = [
        Organization,
        WorkshopSeries,
        Workshop,
        WorkshopOrganizer,
        Objective,
        Recommendation,
        RelatedEvent,
        RelatedEvent.organizations.through,
        get_user_model(),
        Category,
        Post,
        Post.categories.through,
        Post.workshops.through,
        SeedLoad,
    ]
    return {model._meta.label: sorted(model.objects.values_list()) for model in models}


def load_seed_records():
    """Run the command as `make run` does; return what it printed."""
    out = StringIO()
    call_command("load_seed_records", stdout=out)
    return out.getvalue()


def test_source_document_is_present():
    assert SOURCE.exists(), f"the seed source is expected at {SOURCE}"


@pytest.mark.django_db
def test_seed_workshop_facts_match_the_source(seed_records):
    workshop = seed_records
    assert workshop.full_title == (
        "2nd Workshop on Combating the Illegal Trade in Hazardous Wastes Through Seaports"
    )
    assert workshop.edition_ordinal == "2nd"
    assert workshop.start_date == workshop.end_date == datetime.date(2010, 11, 29)
    assert workshop.city == "Siem Reap"
    assert workshop.country.code == "KH"
    assert workshop.recorded_participants == 47
    assert workshop.recorded_countries == 14
    assert workshop.recorded_region == "Asia"
    assert "as well as from several international organizations" in workshop.recorded_figures_note
    assert workshop.report_title == "Objectives, Conclusions, and Ways Forward"
    assert workshop.is_published
    assert workshop.venue == ""  # the source names no venue


@pytest.mark.django_db
def test_seed_network_series_and_convener_match_the_source(seed_records):
    sesn = Organization.objects.get(acronym="SESN")
    assert sesn.name == "Seaport Environmental Security Network"
    assert sesn.parent.name == "INECE"
    assert seed_records.series.name == (
        "Workshop on Combating the Illegal Trade in Hazardous Wastes Through Seaports"
    )
    assert seed_records.series.organization == sesn
    assert list(seed_records.organizer_roles.values_list("organization__acronym", "role")) == [
        ("SESN", "convener")
    ]


@pytest.mark.django_db
def test_seed_objectives_are_the_sources_three_word_for_word(seed_records):
    text = source_text()
    objectives = list(seed_records.objectives.values_list("position", "text"))
    assert [position for position, _ in objectives] == [1, 2, 3]
    for _, objective in objectives:
        assert objective in text
    assert objectives[0][1].startswith("To design action-based enforcement cooperation")
    assert objectives[2][1].endswith("at the national and regional levels.")


@pytest.mark.django_db
def test_seed_recommendations_are_the_sources_three_word_for_word(seed_records):
    text = source_text()
    recommendations = list(seed_records.recommendations.order_by("number"))
    assert [r.number for r in recommendations] == [1, 2, 3]
    for recommendation in recommendations:
        assert recommendation.short_title in text
        assert recommendation.text in text
    assert recommendations[0].short_title == "Support the goals of the INECE SESN"
    assert "International Hazardous Waste Inspection Project at Seaports" in recommendations[1].text
    assert recommendations[2].text.endswith("increase positive outcomes in the future.")


@pytest.mark.django_db
def test_seed_related_event_and_its_three_co_organizers(seed_records):
    event = RelatedEvent.objects.get(workshop=seed_records)
    assert event.relation == RelatedEvent.Relation.IMMEDIATELY_PRECEDED
    assert event.title == (
        "2010 Workshop of the Asian Network for Prevention of Illegal Transboundary Movement "
        "of Hazardous Wastes"
    )
    assert event.title in source_text()
    assert event.start_date is None  # the source gives no date for it
    organizers = {(o.name, o.country.code or "") for o in event.organizations.all()}
    assert organizers == {
        ("Ministry of Environment", "KH"),
        ("Ministry of the Environment", "JP"),
        ("Basel Convention Regional Centre for South-East Asia", ""),
    }


@pytest.mark.django_db
def test_seed_invents_nothing_the_source_does_not_state(seed_records):
    # No names, conclusions, agenda, materials or follow-ups are in the source.
    for model in (Person, Participation, Conclusion, AgendaItem, Material, FollowUp):
        assert model.objects.count() == 0, model.__name__
    assert Workshop.objects.count() == 1
    assert not seed_records.recommendations.filter(themes__isnull=False).exists()


@pytest.mark.django_db
def test_seed_command_run_twice_changes_nothing():
    call_command("load_seed_records")
    before = all_records()
    call_command("load_seed_records")
    assert all_records() == before


@pytest.mark.django_db
def test_seed_command_never_overwrites_a_staff_edit(seed_records):
    seed_records.venue = "A venue a staff member added"
    seed_records.save()
    objective = seed_records.objectives.get(position=1)
    objective.text = "Corrected by staff."
    objective.save()

    call_command("load_seed_records")

    seed_records.refresh_from_db()
    objective.refresh_from_db()
    assert seed_records.venue == "A venue a staff member added"
    assert objective.text == "Corrected by staff."


def rename_organization_inece():
    organization = Organization.objects.get(slug="inece")
    organization.slug = "inece-network"
    organization.save()


def rename_workshop_slug():
    workshop = Workshop.objects.get(slug=WORKSHOP["slug"])
    workshop.slug = "second-seaports-workshop"
    workshop.save()


def rename_category_asia():
    category = Category.objects.get(slug="asia")
    category.slug = "asia-pacific"
    category.name = "Asia-Pacific"
    category.save()


def correct_related_event_title():
    event = RelatedEvent.objects.get()
    event.title = "2010 Workshop of the Asian Network (corrected by staff)"
    event.save()


def move_objective_3_to_position_4():
    objective = Objective.objects.get(position=3)
    objective.position = 4
    objective.save()


def change_post_slug():
    post = Post.objects.get(slug=POST_SLUG)
    post.slug = "2nd-seaports-workshop"
    post.save()


def delete_post():
    Post.objects.get(slug=POST_SLUG).delete()


def delete_workshop():
    Workshop.objects.get(slug=WORKSHOP["slug"]).delete()


STAFF_EDITS = [
    rename_organization_inece,
    rename_workshop_slug,
    rename_category_asia,
    correct_related_event_title,
    move_objective_3_to_position_4,
    change_post_slug,
    delete_post,
    delete_workshop,
]


@pytest.mark.django_db
def test_seed_command_first_run_loads_both_parts_and_records_them():
    output = load_seed_records()

    assert Workshop.objects.filter(slug=WORKSHOP["slug"]).exists()
    assert Post.objects.filter(slug=POST_SLUG).exists()
    assert sorted(SeedLoad.objects.values_list("part", "source", "outcome")) == [
        ("news", "000_f24b0c148533ab4d.txt", "loaded"),
        ("workshops", "000_f24b0c148533ab4d.txt", "loaded"),
    ]
    assert "(workshop records) of 000_f24b0c148533ab4d.txt: 15 created" in output
    assert "(news post) of 000_f24b0c148533ab4d.txt: 5 created" in output


@pytest.mark.django_db
@pytest.mark.parametrize("staff_edit", STAFF_EDITS, ids=lambda edit: edit.__name__)
def test_seed_command_after_a_staff_edit_changes_nothing(staff_edit):
    load_seed_records()
    staff_edit()
    before = every_seed_record()

    output = load_seed_records()

    assert every_seed_record() == before
    day = f"{SeedLoad.objects.get(part='workshops').loaded_at:%Y-%m-%d}"
    assert (
        f"Seed records (workshop records) of 000_f24b0c148533ab4d.txt were loaded on {day}: "
        "nothing to do." in output
    )
    assert "(news post) of 000_f24b0c148533ab4d.txt were loaded on" in output


@pytest.mark.django_db
def test_seed_command_leaves_a_deleted_workshop_deleted_and_unpublished():
    load_seed_records()
    delete_workshop()

    load_seed_records()
    load_seed_records()

    assert not Workshop.objects.exists()
    assert not Post.objects.get(slug=POST_SLUG).workshops.exists()


def forget_the_seed_loads():
    """A database loaded before SeedLoad existed: the records, and no record of loading them."""
    SeedLoad.objects.all().delete()


@pytest.mark.django_db
def test_seed_command_on_an_older_database_with_its_records_unchanged_only_records_them():
    load_seed_records()
    forget_the_seed_loads()
    records = {k: v for k, v in every_seed_record().items() if k != "core.SeedLoad"}

    output = load_seed_records()

    assert {k: v for k, v in every_seed_record().items() if k != "core.SeedLoad"} == records
    assert sorted(SeedLoad.objects.values_list("part", "outcome")) == [
        ("news", "found"),
        ("workshops", "found"),
    ]
    assert "(workshop records) of 000_f24b0c148533ab4d.txt were already in the database" in output
    before = every_seed_record()
    assert "found already loaded on" in load_seed_records()
    assert every_seed_record() == before


@pytest.mark.django_db
@pytest.mark.parametrize("staff_edit", STAFF_EDITS, ids=lambda edit: edit.__name__)
def test_seed_command_on_an_older_database_staff_edited_changes_nothing_and_says_so(staff_edit):
    load_seed_records()
    forget_the_seed_loads()
    staff_edit()
    records = every_seed_record()

    output = load_seed_records()

    after = every_seed_record()
    markers = after.pop("core.SeedLoad")
    records.pop("core.SeedLoad")
    assert after == records
    assert len(markers) == 2  # both parts now recorded: the next run does nothing
    assert "and staff have edited them: nothing changed, nothing created" in output
    assert SeedLoad.objects.filter(outcome=SeedLoad.Outcome.FOUND_EDITED).exists()
    before = every_seed_record()
    load_seed_records()
    assert every_seed_record() == before
