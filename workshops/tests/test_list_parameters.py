"""Property: whatever query parameters a visitor sends to a list page, the answer is a page
(200) or "not found" (404), never a server error."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshops.tests.portal_records import many_workshops

LIST_PAGES = {
    "workshops:workshop-list": ["q", "year", "country", "series", "sort", "page"],
    "participants:organization-list": ["q", "kind", "country", "page"],
    "recommendations:recommendation-list": ["q", "status", "theme", "workshop", "page"],
    "search": ["q"],
    "participants:country-list": ["page"],
}

# Any text a URL can carry: every Unicode character except lone surrogates, which no browser
# can send; NUL, right-to-left marks and combining characters included.
any_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=300)
plausible = st.sampled_from(
    ["", "2010", "-1", "0", "99999", "abc", "KH", "ZZ", "customs", "-date", "done", "1e9"]
)
values = st.one_of(any_text, plausible, st.integers().map(str))


@st.composite
def list_requests(draw):
    url_name = draw(st.sampled_from(sorted(LIST_PAGES)))
    names = LIST_PAGES[url_name]
    params = draw(st.dictionaries(st.sampled_from(names), values, max_size=len(names)))
    return reverse(url_name), params


@pytest.fixture
def some_workshops(db):
    return many_workshops(3)


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(list_request=list_requests())
def test_list_pages_answer_200_or_404_whatever_the_parameters(client, some_workshops, list_request):
    url, params = list_request
    response = client.get(url, params)
    assert response.status_code in (200, 404), (url, params)
    if response.status_code == 200:
        assert b"</html>" in response.content


@pytest.mark.parametrize(
    ("url_name", "name"),
    [(url_name, name) for url_name, names in sorted(LIST_PAGES.items()) for name in names],
)
# "²" is a digit to str.isdigit, yet int() cannot read it (hypothesis found it in the page number
# that the canonical link keeps).
@pytest.mark.parametrize("value", ["KH\x00", "\u202e2010 " + "ü" * 10_000, "²"])
def test_every_list_parameter_takes_nul_and_odd_unicode(
    client, some_workshops, url_name, name, value
):
    response = client.get(reverse(url_name), {name: value})
    assert response.status_code in (200, 404)
    if name != "page":
        assert response.status_code == 200


# A record's page lists some of its records a page at a time, each list with its own page
# parameter: whatever a visitor puts in them, a page or "not found".
RECORD_PAGE_PARAMETERS = {
    "workshop": ["participants"],
    "organization": ["parts", "organized", "attended", "events", "recommendations"],
    "country": ["page"],
}
page_numbers = st.one_of(
    any_text,
    st.integers().map(str),
    st.sampled_from(["²", "٣", "1e3", " 2", "1.5", "last", "99999999999999999999"]),
)


@st.composite
def record_page_requests(draw):
    kind = draw(st.sampled_from(sorted(RECORD_PAGE_PARAMETERS)))
    names = RECORD_PAGE_PARAMETERS[kind]
    params = draw(st.dictionaries(st.sampled_from(names), page_numbers, max_size=len(names)))
    return kind, params


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(record_page_request=record_page_requests())
def test_record_pages_answer_200_or_404_whatever_their_page_numbers(
    client, some_workshops, record_page_request
):
    kind, params = record_page_request
    workshop = some_workshops[0]
    url = {
        "workshop": workshop.get_absolute_url(),
        "organization": workshop.organizer_roles.first().organization.get_absolute_url(),
        "country": reverse("participants:country-detail", kwargs={"code": workshop.country.code}),
    }[kind]
    response = client.get(url, params)
    assert response.status_code in (200, 404), (url, params)
    if response.status_code == 200:
        assert b"</html>" in response.content
