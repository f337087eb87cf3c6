import datetime

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from core.models import DatePrecision
from core.templatetags.portal import canonical_url, date_range, lang_marked


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
    ("start", "end", "precision", "said"),
    [
        (datetime.date(2009, 6, 1), datetime.date(2009, 6, 1), DatePrecision.MONTH, "June 2009"),
        (datetime.date(2009, 6, 1), None, DatePrecision.MONTH, "June 2009"),
        (
            datetime.date(2009, 6, 1),
            datetime.date(2009, 7, 1),
            DatePrecision.MONTH,
            "June – July 2009",
        ),
        (
            datetime.date(2009, 12, 1),
            datetime.date(2010, 1, 1),
            DatePrecision.MONTH,
            "December 2009 – January 2010",
        ),
        (datetime.date(2009, 1, 1), datetime.date(2009, 1, 1), DatePrecision.YEAR, "2009"),
        (datetime.date(2009, 1, 1), datetime.date(2010, 1, 1), DatePrecision.YEAR, "2009–2010"),
    ],
)
def test_date_range_says_a_date_only_as_far_as_it_is_known(start, end, precision, said):
    assert date_range(start, end, precision) == said


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


def test_pagination_partial_names_its_parameter_and_keeps_the_others():
    from django.core.paginator import Paginator
    from django.template import RequestContext

    request = RequestFactory().get("/workshops/synthetic/", {"q": "port", "participants": "2"})
    page = Paginator(range(30), 10).page(2)
    template = Template(
        '{% include "includes/_pagination.html" with page_obj=page param="participants" '
        'label="Pages of participants" next_text="Older" anchor="participants" %}'
    )

    html = template.render(RequestContext(request, {"page": page}))

    assert 'aria-label="Pages of participants"' in html
    assert 'href="?q=port&amp;participants=1#participants" rel="prev">Previous</a>' in html
    assert 'href="?q=port&amp;participants=3#participants" rel="next">Older</a>' in html


def test_pagination_has_one_partial():
    from django.template import TemplateDoesNotExist
    from django.template.loader import get_template

    with pytest.raises(TemplateDoesNotExist):
        get_template("news/includes/_pagination.html")


@pytest.mark.parametrize(
    ("text", "han_language", "marked"),
    [
        (
            "Ministry of Environment (ក្រសួងបរិស្ថាន), Cambodia; กรมศุลกากร, Thailand",
            "",
            'Ministry of Environment (<span lang="km">ក្រសួងបរិស្ថាន</span>), Cambodia; '
            '<span lang="th">กรมศุลกากร</span>, Thailand',
        ),
        ("สมชาย ใจดี", "", '<span lang="th">สมชาย ใจดี</span>'),
        ("山田 花子", "ja", '<span lang="ja">山田 花子</span>'),
        ("海关总署 (GACC)", "", '<span lang="zh">海关总署</span> (GACC)'),
        ("やまだ 花子", "", '<span lang="ja">やまだ 花子</span>'),
        ("김민준", "", '<span lang="ko">김민준</span>'),
        ("Nguyễn <b>", "", "Nguyễn &lt;b&gt;"),
    ],
)
def test_lang_marked_marks_each_run_of_another_script_with_its_language(text, han_language, marked):
    assert lang_marked(text, han_language) == marked
