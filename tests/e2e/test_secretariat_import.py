"""A secretariat editor imports a workshop's participant list and publishes the workshop.

The workshop and the people in the list are synthetic, made up for this test.
"""

import os

from participants.models import Participation
from workshops.models import Workshop
from workshops.tests.factories import WorkshopFactory

PARTICIPANTS = (
    "name,position,organization,country,email,phone,role,publish_name\n"
    "Synthetic Person Alpha,Inspector,Synthetic Customs Department,Viet Nam,,,,yes\n"
    "Synthetic Person Beta,,Synthetic Customs Department,VN,,,speaker,\n"
    "Synthetic Person Gamma,,Synthetic Port Authority,Thailand,,,,no\n"
)
SCREENSHOTS = os.environ.get("SESN_SCREENSHOTS")


def shot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


def test_editor_imports_a_participant_list_and_publishes_the_workshop(
    portal, page, editor, tmp_path, chromium_browser
):
    workshop = WorkshopFactory(
        title="Synthetic Workshop For The Import Walk-Through",
        slug="synthetic-import-walk-through",
        status=Workshop.Status.DRAFT,
    )
    participant_list = tmp_path / "synthetic-participants.csv"
    participant_list.write_text(PARTICIPANTS, encoding="utf-8")

    page.goto(f"{portal}/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "synthetic-password")
    page.click("input[type=submit]")
    page.goto(f"{portal}/admin/workshops/workshop/{workshop.pk}/change/")
    page.get_by_role("link", name="Import participants").click()

    page.set_input_files("#id_file", str(participant_list))
    page.get_by_role("button", name="Preview").click()
    assert page.locator("#count-add").inner_text() == "3"
    assert page.locator("#count-problems").inner_text() == "0"
    assert page.locator("#import-rows tbody tr").count() == 3
    assert Participation.objects.filter(workshop=workshop).count() == 0
    shot(page, "import-preview")

    page.get_by_role("button", name="Confirm: import all 3 rows").click()
    assert "Imported synthetic-participants.csv: 3 participation(s) added" in page.inner_text(
        ".messagelist"
    )
    assert Participation.objects.filter(workshop=workshop).count() == 3
    assert (
        "3 participation records (3 participants, delegations counted by their headcount) "
        "from 2 countries" in page.inner_text("body")
    )

    page.select_option("#id_status", "published")
    page.get_by_role("button", name="Save", exact=True).click()
    assert "was changed successfully" in page.inner_text(".messagelist")
    workshop.refresh_from_db()
    assert workshop.is_published and workshop.published_at is not None

    visitor = chromium_browser.new_context()
    public = visitor.new_page()
    response = public.goto(f"{portal}{workshop.get_absolute_url()}")
    assert response.status == 200
    assert "Synthetic Workshop For The Import Walk-Through" in public.inner_text("h1")
    visitor.close()
    assert page.problems.console_errors == []
    # Requests cut short by a navigation are not errors; an error answer (4xx, 5xx) is.
    assert [r for r in page.problems.failed_requests if r[:3].isdigit()] == []


def test_editor_sees_the_changes_to_a_person_at_a_published_workshop_and_decides(
    portal, page, editor, tmp_path
):
    from participants.models import Person
    from participants.tests.factories import ParticipationFactory, PersonFactory

    published = WorkshopFactory(title="Synthetic Published Workshop", edition=3)
    person = PersonFactory(
        name="Synthetic Person Alpha",
        country="VN",
        email="recorded@example.invalid",
        publish_name_consent=False,
    )
    ParticipationFactory(workshop=published, person=person)
    draft = WorkshopFactory(title="Synthetic Draft Workshop", status=Workshop.Status.DRAFT)
    participant_list = tmp_path / "synthetic-participants.csv"
    participant_list.write_text(
        "name,organization,country,email,publish_name\n"
        "Synthetic Person Alpha,Synthetic Customs Department,VN,new@example.invalid,yes\n",
        encoding="utf-8",
    )

    page.goto(f"{portal}/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "synthetic-password")
    page.click("input[type=submit]")
    page.goto(f"{portal}/admin/workshops/workshop/{draft.pk}/import-participants/")
    page.set_input_files("#id_file", str(participant_list))
    page.get_by_role("button", name="Preview").click()
    person_cell = page.locator("#import-rows tbody tr td.import-person").inner_text()
    assert "changes an existing person (also at: 3rd Synthetic Published Workshop)" in person_cell
    assert "e-mail: recorded@example.invalid → new@example.invalid" in person_cell
    shot(page, "import-preview-person-elsewhere")

    page.get_by_label("Also update the 1 person(s) recorded at other workshops").check()
    page.get_by_role("button", name="Confirm: import all 1 rows").click()
    assert "Imported synthetic-participants.csv: 1 participation(s) added" in page.inner_text(
        ".messagelist"
    )
    person = Person.objects.get(pk=person.pk)
    assert (person.email, person.publish_name_consent) == ("new@example.invalid", True)
    assert page.problems.console_errors == []
