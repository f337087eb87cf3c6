"""Slugs in ASCII for names in any script, and the old addresses a changed slug leaves."""

from anyascii import anyascii
from django.utils.text import slugify

# Room kept at the end of a slug for the number that tells two records apart ("-2", "-3").
NUMBER_ROOM = 10


def slug_from(*names, max_length, default="record"):
    """The slug of the first of `names` that gives one: each is transliterated to ASCII
    (anyascii: "Tổng cục Hải quan" -> "tong-cuc-hai-quan", "관세청" -> "gwanseceong"), so a
    name in Khmer, Thai, Chinese, Japanese or Korean gets a readable slug; a name that gives
    nothing falls back to the next (the English name, the acronym), then to `default`."""
    for name in names:
        slug = slugify(anyascii(name or ""))[: max_length - NUMBER_ROOM].strip("-")
        if slug:
            return slug
    return default


def unique_slug(base, taken):
    """`base`, or `base-2`, `base-3`, ... the first for which `taken(slug)` is false."""
    slug, number = base, 2
    while taken(slug):
        slug = f"{base}-{number}"
        number += 1
    return slug
