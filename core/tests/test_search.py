import itertools
import re

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.search import (
    SEARCH_TEXT_MAX_LENGTH,
    SEARCH_WORDS_MAX,
    clean_search_text,
    fold,
    matching,
    search_words_notice,
)
from participants.models import Organization
from participants.tests.factories import OrganizationFactory
from workshops.models import Workshop
from workshops.tests.factories import ConclusionFactory, ObjectiveFactory, WorkshopFactory

FORTY_WORDS = " ".join(f"w{number}" for number in range(1, 41))


@pytest.mark.parametrize(
    ("typed", "searched"),
    [
        ("  customs   officials ", "customs officials"),
        ("cus\x00toms", "cus toms"),
        ("tab\tand\nnewline", "tab and newline"),
        ("\u200b\ufeff", ""),
        (None, ""),
        ("ports 🚢 港口", "ports 🚢 港口"),
    ],
)
def test_clean_search_text_keeps_words_and_drops_control_characters(typed, searched):
    assert clean_search_text(typed) == searched


def test_clean_search_text_cuts_long_text():
    assert len(clean_search_text("x" * 10_000)) == SEARCH_TEXT_MAX_LENGTH


def test_clean_search_text_cuts_long_text_between_words():
    # A pasted long title: half a word at the end would match nothing on PostgreSQL.
    words = "ความมั่นคง 港湾環境安全 seaport " * 20
    searched = clean_search_text(words)
    assert len(searched) <= SEARCH_TEXT_MAX_LENGTH
    assert words.startswith(searched + " ")


@pytest.mark.django_db
def test_matching_needs_every_word_but_not_in_the_same_field():
    both = WorkshopFactory(title="Synthetic Seaport", city="Synthetic Harbour Town")
    WorkshopFactory(title="Synthetic Seaport Only")
    found = matching(Workshop.objects.all(), "seaport harbour", ["title", "city"])
    assert list(found) == [both]


@pytest.mark.django_db
def test_matching_nothing_to_look_for_finds_nothing():
    OrganizationFactory()
    assert not Organization.objects.search("\x00  ").exists()


@pytest.mark.django_db
def test_matching_on_a_related_field_does_not_repeat_a_result():
    workshop = WorkshopFactory(title="Synthetic")
    workshop.objectives.create(position=1, text="Synthetic customs objective.")
    workshop.objectives.create(position=2, text="Synthetic customs training.")
    assert list(Workshop.objects.search("customs")) == [workshop]


def test_clean_search_text_keeps_at_most_the_bound_of_different_words():
    assert clean_search_text(FORTY_WORDS) == " ".join(
        f"w{n}" for n in range(1, SEARCH_WORDS_MAX + 1)
    )


def test_clean_search_text_counts_a_repeated_word_once():
    text = "Port port PORT " + " ".join(f"w{number}" for number in range(1, SEARCH_WORDS_MAX))
    assert clean_search_text(text) == text.strip()


def test_search_words_notice_names_the_words_left_out():
    notice = search_words_notice("a b c d e f g h i j")
    assert notice == (
        f"Only the first {SEARCH_WORDS_MAX} different words were searched for; "
        "these were left out: i j"
    )
    assert search_words_notice("a b c d e f g h a b") == ""


def _joins_per_select(queryset):
    """How many tables each SELECT of the query's SQL joins (a JOIN sits between its SELECT
    and the next one: subqueries come after FROM, in WHERE)."""
    return [part.count(" JOIN ") for part in re.split(r"\bSELECT\b", str(queryset.query))[1:]]


def _searched(words):
    return Workshop.objects.published().for_list().search(" ".join(words))


@pytest.mark.django_db
def test_matching_joins_do_not_multiply_with_words():
    words = [f"w{number}" for number in range(1, SEARCH_WORDS_MAX + 1)]
    one_word, all_words = _searched(words[:1]), _searched(words)
    # No single SELECT joins more tables for eight words than for one: on SQLite each word
    # once joined every related table again, multiplying the rows it went through.
    assert max(_joins_per_select(all_words)) == max(_joins_per_select(one_word))
    # And the whole query grows by the same amount with each word.
    totals = [sum(_joins_per_select(_searched(words[:count]))) for count in range(1, 9)]
    assert len({later - earlier for earlier, later in itertools.pairwise(totals)}) == 1


@pytest.mark.django_db
def test_matching_finds_words_spread_over_related_rows():
    workshop = WorkshopFactory(title="Synthetic w1", series__name="Synthetic Series w2")
    ObjectiveFactory(workshop=workshop, text="Objective w3")
    ObjectiveFactory(workshop=workshop, text="Objective w4 w5")
    ConclusionFactory(workshop=workshop, text="Conclusion w6")
    ConclusionFactory(workshop=workshop, text="Conclusion w7 w8")
    WorkshopFactory(title="Synthetic w1 w2 w3 w4")
    found = Workshop.objects.search("w1 w2 w4 w5 w7 w8")
    assert list(found) == [workshop]


@pytest.mark.parametrize(
    "url_name",
    [
        "workshops:workshop-list",
        "recommendations:recommendation-list",
        "participants:organization-list",
        "news:post-list",
        "search",
    ],
)
@pytest.mark.django_db
def test_search_of_forty_words_searches_the_first_eight_and_says_so(client, url_name):
    workshop = WorkshopFactory(title="Synthetic " + " ".join(f"w{n}" for n in range(1, 9)))
    ObjectiveFactory(workshop=workshop, text="Synthetic objective w1")
    ConclusionFactory(workshop=workshop, text="Synthetic conclusion w2")
    response = client.get(reverse(url_name), {"q": FORTY_WORDS})
    page = response.content.decode()
    assert response.status_code == 200
    assert f"Only the first {SEARCH_WORDS_MAX} different words were searched for" in page
    assert "these were left out: w9 w10 w11" in page
    if url_name in ("workshops:workshop-list", "search"):
        assert workshop.title in page


# Synthetic agency names in the region's scripts, as long as the name field allows.
NAME_MAX = Organization._meta.get_field("name").max_length


@pytest.mark.django_db
def test_search_without_diacritics_finds_a_vietnamese_name():
    agency = OrganizationFactory(name="Tổng cục Hải quan (synthetic)")
    OrganizationFactory(name="Synthetic Harbour Office")
    assert list(Organization.objects.search("tong cuc hai quan")) == [agency]
    assert list(Organization.objects.search("TONG CUC")) == [agency]
    # Typed with its accents, it is found too.
    assert list(Organization.objects.search("Hải quan")) == [agency]


@pytest.mark.django_db
def test_search_without_diacritics_finds_a_related_field():
    workshop = WorkshopFactory(title="Synthetic workshop")
    ObjectiveFactory(workshop=workshop, text="Làm việc với Tổng cục Hải quan (synthetic)")
    assert list(Workshop.objects.search("tong cuc")) == [workshop]


@pytest.mark.parametrize(
    ("name", "part"),
    [
        ("海关总署", "海关"),
        ("環境省", "環境"),
        ("관세청", "관세"),
        ("กรมศุลกากร", "ศุลกากร"),
        ("ក្រសួងបរិស្ថាន", "បរិស្ថាន"),
    ],
)
@pytest.mark.django_db
def test_search_for_part_of_a_name_written_without_spaces_finds_it(name, part):
    long_name = (name + " synthetic ").ljust(NAME_MAX, "x")[:NAME_MAX]
    agency = OrganizationFactory(name=long_name)
    OrganizationFactory(name="Synthetic Harbour Office")
    assert list(Organization.objects.search(part)) == [agency]
    # With a word in Latin letters beside it, both must match.
    assert list(Organization.objects.search(f"{part} synthetic")) == [agency]
    assert not Organization.objects.search(f"{part} harbour").exists()


@pytest.mark.django_db
def test_search_excludes_a_word_written_without_spaces_on_request_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the web-search syntax (-excluded) is PostgreSQL's")
    OrganizationFactory(name="海关总署 synthetic")
    other = OrganizationFactory(name="環境省 synthetic")
    assert list(Organization.objects.search("synthetic -海关")) == [other]


@pytest.mark.parametrize(
    ("typed", "folded"),
    [("Tổng cục Hải quan", "tong cuc hai quan"), ("Đà Nẵng", "da nang"), ("ภาษาไทย", "ภาษาไทย")],
)
def test_fold_takes_off_latin_accents_and_keeps_other_scripts_marks(typed, folded):
    assert fold(typed) == folded


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stored documents are PostgreSQL's")
@pytest.mark.parametrize("model_label", ["workshops.Workshop", "recommendations.Recommendation",
                                         "participants.Organization"])  # fmt: skip
@pytest.mark.django_db
def test_search_of_the_large_kinds_looks_up_stored_documents_instead_of_computing_them(
    model_label,
):
    with CaptureQueriesContext(connection) as queries:
        list(apps.get_model(model_label).objects.search("synthetic port"))
    (query,) = queries.captured_queries
    assert "search_document" in query["sql"]
    assert "to_tsvector" not in query["sql"]
