"""A page of one section of a record's page (a country's workshops, an organization's
recommendations), read in one query whatever the records.

The country and organization pages list several kinds of record, each of which grows with the
network. Each section shows one page of its records and says how many there are in all; the
total comes with the records, from a window count, so a section costs one query and not two.
"""

from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import Count, Window
from django.http import Http404
from django.utils.functional import cached_property

# The databases count rows in signed 64-bit integers: no page starts past this.
LARGEST_OFFSET = 2**63 - 1


class _CountedPaginator(Paginator):
    """A paginator told its count, so that it never counts the records again."""

    def __init__(self, records, per_page, *, count):
        super().__init__(records, per_page)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count


def section_page(queryset, *, per_page, number=1):
    """Page `number` (a text or an int from the query string) of `queryset`, `per_page` records
    a page, in one query. A page that is not a whole number, or lies past the last, is 404."""
    try:
        number = int(number or 1)
    except (TypeError, ValueError):
        raise Http404("There is no such page.") from None
    start = (number - 1) * per_page
    if number < 1 or start + per_page > LARGEST_OFFSET:
        raise Http404("There is no such page.")
    records = list(queryset.annotate(records_in_all=Window(Count("pk")))[start : start + per_page])
    if not records and number > 1:
        raise Http404("There is no such page.")
    total = records[0].records_in_all if records else 0
    paginator = _CountedPaginator(records, per_page, count=total)
    try:
        paginator.validate_number(number)
    except InvalidPage:
        raise Http404("There is no such page.") from None
    return Page(records, number, paginator)
