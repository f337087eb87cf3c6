"""A secretariat editor signs in to the admin and finds the seed workshop."""


def test_editor_signs_in_and_finds_the_seed_workshop(portal, page, editor):
    page.goto(f"{portal}/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "synthetic-password")
    page.click("input[type=submit]")
    page.locator("tr.model-workshop th a").click()
    page.get_by_role("link", name="2nd Workshop on Combating").click()
    assert page.locator("#id_recorded_participants").input_value() == "47"
    assert page.problems.console_errors == []
