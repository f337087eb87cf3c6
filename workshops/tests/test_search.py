import pytest

from participants.models import Organization
from participants.tests.factories import OrganizationFactory
from workshops.models import Workshop
from workshops.search import SEARCH_TEXT_MAX_LENGTH, clean_search_text, matching
from workshops.tests.factories import WorkshopFactory


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
