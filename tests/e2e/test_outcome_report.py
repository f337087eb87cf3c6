"""A secretariat editor regenerates the seed workshop's report and previews it."""

from pypdf import PdfReader


def _sign_in(page, portal):
    page.goto(f"{portal}/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "synthetic-password")
    page.click("input[type=submit]")


def test_editor_regenerates_the_report_and_previews_it(portal, page, editor, tmp_path):
    _sign_in(page, portal)
    page.get_by_role("link", name="Outcome reports").click()
    row = page.locator("#result_list tbody tr", has_text="2nd Seaports Workshop")
    assert "Not generated" in row.inner_text()
    row.locator("input.action-select").check()
    page.select_option("select[name=action]", "regenerate_report")
    page.click("button[name=index]")
    # The rendering runs after the request, in the background: the page says so at once,
    # and the row shows the new report once the editor refreshes.
    assert "Regeneration queued" in page.locator(".messagelist").inner_text()
    row = page.locator("#result_list tbody tr", has_text="2nd Seaports Workshop")
    for _refresh in range(120):
        if "Up to date" in row.inner_text():
            break
        page.wait_for_timeout(500)
        page.reload()
    assert "Up to date" in row.inner_text()

    with page.expect_download() as download:
        page.evaluate(
            "url => { const a = document.createElement('a'); a.href = url; a.download = '';"
            " document.body.append(a); a.click(); }",
            f"{portal}/workshops/2nd-workshop-2010-siem-reap/report.pdf",
        )
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "sesn-2nd-workshop-2010-siem-reap-report.pdf"
    assert "Objectives, Conclusions" in PdfReader(saved).pages[0].extract_text()

    row.get_by_role("link", name="Preview").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="2. Objectives").is_visible()
    assert page.evaluate("document.fonts.check('12px \"Noto Sans\"')")
    assert page.problems.failed_requests == []
    assert page.problems.console_errors == []
