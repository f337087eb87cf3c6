import datetime

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from workshops.templatetags.portal import canonical_url, date_range


@pytest.mark.parametrize(
    ("start", "end", "said"),
    [
        (datetime.date(2010, 11, 29), datetime.date(2010, 11, 29), "29 November 2010"),
        (datetime.date(2012, 3, 1), datetime.date(2012, 3, 3), "1–3 March 2012"),
        (datetime.date(2012, 3, 30), datetime.date(2012, 4, 2), "30 March – 2 April 2012"),
        (
            datetime.date(2011, 12, 30),
            datetime.date(2012, 1, 2),
            "30 December 2011 – 2 January 2012",
        ),
        (datetime.date(2012, 3, 1), None, "1 March 2012"),
    ],
)
def test_date_range_says_shared_parts_once(start, end, said):
    assert date_range(start, end) == said


@pytest.mark.parametrize(
    ("path", "canonical"),
    [
        ("/workshops/?country=KH&sort=title", "http://testserver/workshops/"),
        ("/workshops/?page=3&country=KH", "http://testserver/workshops/?page=3"),
        ("/workshops/?page=1", "http://testserver/workshops/"),
        ("/workshops/?page=-2", "http://testserver/workshops/"),
    ],
)
def test_canonical_url_drops_filters_and_keeps_a_later_page(path, canonical):
    assert canonical_url({"request": RequestFactory().get(path)}) == canonical


def test_canonical_url_is_empty_without_a_request():
    assert Template("{% load portal %}[{% canonical_url %}]").render(Context()) == "[]"
