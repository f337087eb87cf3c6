"""Slugs made from names in any script (synthetic names of agencies, in the network's scripts)."""

import re

import pytest

from core.slugs import slug_from, unique_slug


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("ក្រសួងបរិស្ថាន", "krsuongbresthan"),
        ("環境省", "huanjingsheng"),
        ("กรมศุลกากร", "krmsulkakr"),
        ("海关总署", "haiguanzongshu"),
        ("관세청", "gwansecheong"),
        # Django's slugify alone drops the letters with two diacritics: "tng-cc-hi-quan".
        ("Tổng cục Hải quan", "tong-cuc-hai-quan"),
    ],
)
def test_slug_from_transliterates_a_name_in_any_script(name, slug):
    assert slug_from(name, max_length=160) == slug


def test_slug_from_falls_back_to_the_next_name_then_to_the_default():
    assert slug_from("…", "Ministry of Environment", "MoE", max_length=160) == (
        "ministry-of-environment"
    )
    assert slug_from("…", "", "MoE", max_length=160) == "moe"
    assert slug_from("…", "", max_length=160, default="organization") == "organization"


def test_slug_from_keeps_room_for_a_number_and_never_ends_with_a_hyphen():
    slug = slug_from("Tổng cục " * 40, max_length=50)
    assert len(slug) <= 40
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)


def test_unique_slug_numbers_a_slug_taken():
    taken = {"haiguanzongshu", "haiguanzongshu-2"}
    assert unique_slug("haiguanzongshu", taken.__contains__) == "haiguanzongshu-3"
