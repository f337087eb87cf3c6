"""Open data in a real browser: the workshop page with its JSON-LD data block and link-preview
tags passes the Content-Security-Policy without a console error, and the API documentation
page (Swagger UI from the sidecar package's files) loads the schema and lists the endpoints."""

import json

SEED_WORKSHOP = "/workshops/2nd-workshop-2010-siem-reap/"


def test_workshop_page_event_data_raises_no_console_error(portal, page):
    page.goto(portal + SEED_WORKSHOP)
    page.wait_for_load_state("networkidle")
    assert page.problems.console_errors == []
    assert page.problems.failed_requests == []
    block = page.locator('script[type="application/ld+json"]')
    event = json.loads(block.text_content())
    assert event["@type"] == "Event"
    assert event["startDate"] == "2010-11-29"
    og_title = page.locator('meta[property="og:title"]').get_attribute("content")
    assert og_title.startswith("2nd Workshop on Combating")


def test_api_documentation_page_works_under_the_portals_policy(portal, page):
    response = page.goto(portal + "/api/v1/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.get_by_text("/api/v1/workshops/", exact=True).first.wait_for()
    page.wait_for_load_state("networkidle")
    assert page.problems.console_errors == []
    assert page.problems.failed_requests == []
    assert page.get_by_text("SESN Portal API").first.is_visible()
