"""How the public pages look on a 375 px phone at twice the pixel density: what is tapped is
big enough and stands apart, what is shown is not cut off."""

import pytest

from tests.e2e.conftest import PageProblems
from tests.e2e.test_portal import SEED_WORKSHOP, no_problems

PHONE_375 = {"width": 375, "height": 800}
# WCAG 2.2's smallest target (2.5.8): 24 by 24 CSS pixels.
TARGET = 24


@pytest.fixture
def phone(chromium_browser):
    context = chromium_browser.new_context(viewport=PHONE_375, device_scale_factor=2)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.problems = PageProblems(page)
    # Requests dropped on moving to the next page (the favicon) are not failures (test_portal).
    page.aborted_requests = []
    page.on(
        "requestfailed",
        lambda request: (
            request.failure == "net::ERR_ABORTED" and page.aborted_requests.append(request.url)
        ),
    )
    yield page
    context.close()


def boxes(locator):
    return [locator.nth(i).bounding_box() for i in range(locator.count())]


def test_a_lone_last_filter_menu_takes_the_whole_row_so_its_words_are_not_cut_off(portal, phone):
    phone.goto(portal + "/recommendations/")
    search = phone.get_by_label("Search", exact=True).bounding_box()
    workshop = phone.get_by_label("Workshop", exact=True)
    assert workshop.bounding_box()["width"] == search["width"]
    # "Any workshop" fits inside the menu, its arrow and padding left aside.
    text_width = workshop.evaluate(
        """select => {
            const style = getComputedStyle(select);
            const context = document.createElement("canvas").getContext("2d");
            context.font = `${style.fontSize} ${style.fontFamily}`;
            return context.measureText(select.options[select.selectedIndex].text).width;
        }"""
    )
    room = workshop.evaluate(
        """select => {
            const style = getComputedStyle(select);
            return select.clientWidth - parseFloat(style.paddingLeft)
                - parseFloat(style.paddingRight);
        }"""
    )
    assert text_width < room
    # Menus that pair up stay side by side.
    status = phone.get_by_label("Follow-up status", exact=True).bounding_box()
    theme = phone.get_by_label("Theme", exact=True).bounding_box()
    assert status["y"] == theme["y"] and status["width"] < search["width"] / 2
    no_problems(phone)


def test_the_trackers_status_links_are_big_enough_to_tap(portal, phone):
    phone.goto(portal + "/recommendations/")
    links = phone.get_by_role("list", name="Recommendations by follow-up status").get_by_role(
        "link"
    )
    assert links.count() == 5
    for box in boxes(links):
        assert box["height"] >= TARGET and box["width"] >= TARGET, box
    no_problems(phone)


def test_a_workshops_on_this_page_links_are_big_enough_to_tap(portal, phone):
    phone.goto(portal + SEED_WORKSHOP)
    links = phone.get_by_role("navigation", name="On this page").get_by_role("link")
    assert links.count() == 4  # objectives, participation, call to action, related events
    found = boxes(links)
    assert len({box["y"] for box in found}) > 1  # they wrap onto a second line on a phone
    for box in found:
        assert box["height"] >= TARGET, box
    no_problems(phone)


def test_a_maps_caption_stands_below_its_frame(portal, phone):
    phone.goto(portal + SEED_WORKSHOP)
    figure = phone.locator("#participation figure").first
    map_box = figure.locator("svg.chart-map").bounding_box()
    caption = figure.locator("figcaption").bounding_box()
    assert caption["y"] >= map_box["y"] + map_box["height"] + 4
    no_problems(phone)


def test_the_home_pages_intro_reads_in_regular_weight_and_its_buttons_stand_apart(portal, phone):
    phone.goto(portal + "/")
    assert phone.locator(".hero .lead").evaluate("p => getComputedStyle(p).fontWeight") == "400"
    first = phone.get_by_role("link", name="All workshops", exact=True).bounding_box()
    second = phone.get_by_role("link", name="Recommendation tracker").bounding_box()
    # On a phone the second button goes under the first, with a gap between them.
    assert second["y"] >= first["y"] + first["height"] + 8
    no_problems(phone)


@pytest.mark.parametrize("address", ["/countries/", SEED_WORKSHOP])
def test_a_maps_legend_is_read_at_the_pages_own_size_on_a_phone(portal, phone, address):
    # Drawn inside the map, the legend shrank with it: 5 to 7 px high on a 375 px phone.
    phone.goto(portal + address)
    chart = phone.locator("svg.chart-map").first
    legend = phone.locator("ul.map-legend").first
    assert legend.locator("li").count() >= 1
    for size in legend.locator("li").evaluate_all(
        "items => items.map(item => parseFloat(getComputedStyle(item).fontSize))"
    ):
        assert size >= 12
    map_box, legend_box = chart.bounding_box(), legend.bounding_box()
    assert legend_box["y"] >= map_box["y"] + map_box["height"]
    assert legend_box["x"] + legend_box["width"] <= PHONE_375["width"]
    no_problems(phone)
