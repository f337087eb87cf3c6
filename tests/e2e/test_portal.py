"""What an official does on the public portal, in a real browser, on a desktop and a phone."""

import re
from pathlib import Path

import pytest

from news.seed_records import POST_SLUG

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SEED_WORKSHOP = "/workshops/2nd-workshop-2010-siem-reap/"

# One address per page type, all from the seed records.
PAGE_TYPES = {
    "home": "/",
    "workshop list": "/workshops/?country=KH",
    "workshop": SEED_WORKSHOP,
    "country list": "/countries/",
    "country": "/countries/KH/",
    "organization list": "/organizations/",
    "organization": "/organizations/sesn/",
    "recommendation tracker": "/recommendations/",
    "recommendation": None,  # resolved from the seed records
    "search": "/search/?q=customs",
    "news list": "/news/",
    "news category": "/news/category/asia/",
    "news post": f"/news/{POST_SLUG}/",
    # The lists as they look when a filter value could not be used.
    "workshop list, filter ignored": "/workshops/?year=abc",
    "organization list, filter ignored": "/organizations/?kind=zz",
    "recommendation tracker, filter ignored": "/recommendations/?workshop=x",
}


@pytest.fixture(autouse=True)
def note_aborted_requests(page, phone_page):
    """Requests the browser dropped because the test moved on to the next page (the favicon,
    typically): not failures of the portal's assets."""
    for browser_page in (page, phone_page):
        browser_page.aborted_requests = []
        browser_page.on(
            "requestfailed",
            lambda request, aborted=browser_page.aborted_requests: (
                request.failure == "net::ERR_ABORTED" and aborted.append(request.url)
            ),
        )


def real_failures(page):
    failed = list(page.problems.failed_requests)
    for url in page.aborted_requests:
        failed.remove(url)
    return failed


def no_problems(page):
    assert page.problems.console_errors == [], page.problems.console_errors
    assert real_failures(page) == [], real_failures(page)


def visit_not_found_page(page, portal):
    """The 404 page: the document itself is the only request that may fail."""
    response = page.goto(portal + "/no-such-page/")
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
    assert real_failures(page).count(f"404 {portal}/no-such-page/") == 1
    page.problems.failed_requests.remove(f"404 {portal}/no-such-page/")
    not_found_errors = [e for e in page.problems.console_errors if "404 (Not Found)" in e]
    assert len(not_found_errors) == 1, page.problems.console_errors
    page.problems.console_errors.remove(not_found_errors[0])


def assert_no_horizontal_scroll(page):
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow} px"


def serious_axe_violations(page):
    """axe-core's serious and critical findings on the page as loaded, one line each."""
    # Evaluated by the test, not added as a <script>: the page's policy refuses inline scripts.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;null")
    return page.evaluate(
        """async () => (await axe.run(document)).violations
            .filter(v => v.impact === "serious" || v.impact === "critical")
            .map(v => `${v.impact} ${v.id}: ${v.nodes.map(n => n.target).join(", ")}`)"""
    )


def first_recommendation_path():
    from recommendations.models import Recommendation

    return Recommendation.objects.published().order_by("number").first().get_absolute_url()


def official_journey(page, portal, *, phone=False):
    """Home, workshops, filter by country, the 2nd workshop, its recommendations, a country
    page, a search for "customs". Checks every page it passes for sideways scrolling."""
    visited = []

    def arrived():
        page.wait_for_load_state("load")
        visited.append(page.url)
        assert_no_horizontal_scroll(page)

    def open_menu():
        if phone:
            page.get_by_role("button", name="Show or hide the menu").click()
            page.locator("#main-navigation.show").wait_for()

    page.goto(portal + "/")
    arrived()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "INECE Seaport Environmental Security Network"
    )
    assert page.get_by_text("countries engaged", exact=True).is_visible()

    open_menu()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Workshops").click()
    arrived()
    page.get_by_label("Country").select_option(label="Cambodia")
    page.get_by_role("button", name="Apply").click()
    arrived()
    assert "country=KH" in page.url
    assert page.get_by_role("heading", name="1 workshop").is_visible()

    page.get_by_role("link", name=re.compile(r"^2nd Workshop on Combating")).click()
    arrived()
    assert page.url.endswith(SEED_WORKSHOP)
    call_to_action = page.locator("#call-to-action")
    assert call_to_action.get_by_role("heading", level=3).count() == 3
    assert "Support the goals of the INECE SESN" in call_to_action.inner_text()
    assert "47 participants from 14 countries" in page.locator("#participation").inner_text()

    call_to_action.get_by_role("link", name=re.compile("Evaluate opportunity")).click()
    arrived()
    assert "A dedicated international inspection project" in page.locator("main").inner_text()
    assert "No follow-up recorded" in page.locator("main").inner_text()
    page.go_back()
    arrived()

    page.locator("main dl").get_by_role("link", name="Cambodia").click()
    arrived()
    assert page.url.endswith("/countries/KH/")
    assert page.get_by_role("heading", level=1).inner_text() == "Cambodia"
    assert "2nd Workshop on Combating" in page.locator("main").inner_text()

    open_menu()
    page.get_by_role("search").first.get_by_label("Search the portal").fill("customs")
    page.get_by_role("search").first.get_by_role("button", name="Search").click()
    arrived()
    assert "/search/?q=customs" in page.url
    workshops = page.get_by_role("region", name=re.compile("^Workshops"))
    assert "2nd Workshop on Combating" in workshops.inner_text()
    assert page.get_by_role("heading", name=re.compile("^Recommendations")).is_visible()
    assert page.get_by_role("heading", name=re.compile("^Organizations")).is_visible()

    no_problems(page)
    return visited


def test_official_finds_workshop_recommendations_country_and_search(portal, page):
    visited = official_journey(page, portal)
    assert len(visited) == 8


def test_official_journey_on_a_phone_never_scrolls_sideways(portal, phone_page):
    assert phone_page.viewport_size["width"] == 360
    official_journey(phone_page, portal, phone=True)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_every_page_type_fits_and_loads_without_errors(portal, page, phone_page, viewport):
    browser_page = page if viewport == "desktop" else phone_page
    for name, path in PAGE_TYPES.items():
        path = path or first_recommendation_path()
        response = browser_page.goto(portal + path)
        assert response.status == 200, name
        assert_no_horizontal_scroll(browser_page)
    no_problems(browser_page)
    visit_not_found_page(browser_page, portal)
    assert_no_horizontal_scroll(browser_page)
    no_problems(browser_page)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_every_page_type_passes_axe_without_serious_or_critical_violations(
    portal, page, phone_page, viewport
):
    assert AXE.exists(), "axe-core is missing: run `npm ci`"
    page = page if viewport == "desktop" else phone_page
    found = {}
    pages = {**PAGE_TYPES, "not found": "/no-such-page/"}
    for name, path in pages.items():
        if name == "not found":
            visit_not_found_page(page, portal)
        else:
            page.goto(portal + (path or first_recommendation_path()))
        violations = serious_axe_violations(page)
        if violations:
            found[name] = violations
    assert found == {}
    no_problems(page)


def test_print_stylesheet_hides_navigation_and_filters(portal, page):
    page.goto(portal + "/workshops/")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator("form.filter-form").is_visible()
    assert page.get_by_role("heading", level=1).is_visible()


def test_skip_link_is_first_and_moves_focus_to_the_main_content(portal, page):
    page.goto(portal + SEED_WORKSHOP)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("element => element === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


def test_a_workshop_page_with_every_section_passes_axe(portal, page):
    """Synthetic records fill the sections the seed leaves empty: attendance tables, named
    participants, agenda, materials, conclusions, themes and follow-ups."""
    from workshops.tests.portal_records import published_workshop_with_everything

    workshop = published_workshop_with_everything(items=2, summary="Synthetic summary.")
    recommendation = workshop.recommendations.first()
    found = {}
    for path in [workshop.get_absolute_url(), recommendation.get_absolute_url()]:
        page.goto(portal + path)
        violations = serious_axe_violations(page)
        if violations:
            found[path] = violations
    assert found == {}
    no_problems(page)


def test_the_page_policy_refuses_an_injected_inline_script_and_keeps_the_portals_own(portal, page):
    page.goto(portal + SEED_WORKSHOP)
    # The portal's own stylesheet and script, from its own origin, are applied and running.
    assert page.evaluate("() => typeof bootstrap") == "object"
    assert (
        page.locator("body")
        .evaluate("body => getComputedStyle(body).fontFamily")
        .startswith("system-ui")
    )  # Bootstrap's font stack, not the browser's default "Times New Roman"
    no_problems(page)

    injected = page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.body.append(script);
            return window.injected === true;
        }"""
    )
    assert injected is False
    assert any("Content Security Policy" in e for e in page.problems.console_errors), (
        page.problems.console_errors
    )
