"""Two editors at once on any record but a workshop (which has its own check, with its
parts: workshops/tests/test_admin_concurrency.py): the second save is refused, with what the
first one changed, and the second editor's input kept."""

import pytest
from django.contrib import admin
from django.urls import reverse

from core.admin_base import OpenedVersionCheckedInline, PortalAdmin
from news.models import Post
from news.tests.factories import CategoryFactory, CommentFactory, PostFactory
from participants.models import Organization
from participants.tests.factories import (
    OrganizationFactory,
    OrganizationNameFactory,
    ParticipationFactory,
    PersonFactory,
)
from recommendations.models import FollowUp
from recommendations.tests.factories import FollowUpFactory, ThemeFactory
from workshops.tests.admin_forms import change_form_values, form_values
from workshops.tests.factories import (
    AgendaItemFactory,
    ConclusionFactory,
    MaterialFactory,
    ObjectiveFactory,
    RelatedEventFactory,
    WorkshopNumberingFactory,
    WorkshopOrganizerFactory,
    WorkshopSeriesFactory,
)

# A synthetic record of each kind whose admin checks the version a form was opened at.
RECORD_FACTORIES = {
    "news.category": CategoryFactory,
    "news.post": PostFactory,
    "news.comment": CommentFactory,
    "participants.organization": lambda: OrganizationNameFactory().organization,
    "participants.person": PersonFactory,
    "participants.participation": ParticipationFactory,
    "recommendations.theme": ThemeFactory,
    "recommendations.recommendation": lambda: FollowUpFactory().recommendation,
    "recommendations.followup": FollowUpFactory,
    "workshops.workshopseries": WorkshopSeriesFactory,
    "workshops.workshoporganizer": WorkshopOrganizerFactory,
    "workshops.workshopnumbering": WorkshopNumberingFactory,
    "workshops.relatedevent": RelatedEventFactory,
    "workshops.objective": ObjectiveFactory,
    "workshops.conclusion": ConclusionFactory,
    "workshops.agendaitem": AgendaItemFactory,
    "workshops.material": MaterialFactory,
}


def change_url(record):
    return reverse(
        f"admin:{record._meta.app_label}_{record._meta.model_name}_change", args=[record.pk]
    )


def opened(client, record):
    return change_form_values(client, change_url(record), form_id=f"{record._meta.model_name}_form")


def test_every_records_admin_but_the_workshops_checks_the_version_a_form_was_opened_at():
    checked = {
        model._meta.label_lower
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, PortalAdmin) and model_admin.opened_version_checked
    }
    assert checked == set(RECORD_FACTORIES)


def test_every_inline_of_those_admins_checks_its_rows_too():
    inlines = [
        inline
        for model_admin in admin.site._registry.values()
        if isinstance(model_admin, PortalAdmin) and model_admin.opened_version_checked
        for inline in model_admin.inlines
    ]
    assert inlines  # an organization's other names, a recommendation's follow-ups
    assert all(issubclass(inline, OpenedVersionCheckedInline) for inline in inlines)


@pytest.mark.parametrize("label", sorted(RECORD_FACTORIES))
def test_a_save_over_another_editors_save_is_refused_on_every_records_form(two_editors, label):
    first, second = two_editors
    record = RECORD_FACTORIES[label]()
    first_form, second_form = opened(first, record), opened(second, record)
    assert first_form["opened_version"]

    assert first.post(change_url(record), first_form).status_code == 302
    response = second.post(change_url(record), second_form)

    assert response.status_code == 200
    name = record._meta.verbose_name
    assert f"Not saved: someone else saved this {name} after you opened it." in (
        response.content.decode()
    )
    assert record.history.count() == 2  # made, then the first editor's save; not the second's


def refused_after_a_rename(two_editors, post):
    """The second editor's page after both opened `post`, the first renamed it and the
    second wrote an excerpt."""
    first, second = two_editors
    first_form, second_form = opened(first, post), opened(second, post)
    first_form["title"] = "Synthetic Post By The First Editor"
    assert first.post(change_url(post), first_form).status_code == 302
    second_form["excerpt"] = "Synthetic excerpt of the second editor."
    return second.post(change_url(post), second_form).content.decode()


def test_the_refusal_says_what_the_other_editor_changed_and_keeps_the_input(two_editors):
    post = PostFactory(title="Synthetic Post Before")

    page = refused_after_a_rename(two_editors, post)

    assert "Saved by editor," in page
    assert "Title: “Synthetic Post Before” → “Synthetic Post By The First Editor”" in page
    assert "Synthetic excerpt of the second editor." in page  # still in the form
    post.refresh_from_db()
    assert post.title == "Synthetic Post By The First Editor"
    assert post.excerpt != "Synthetic excerpt of the second editor."


def test_saving_again_after_the_refusal_keeps_the_second_editors_input(two_editors):
    post = PostFactory(title="Synthetic Post Before")
    refused = refused_after_a_rename(two_editors, post)

    again = form_values(refused, "post_form")
    again["title"] = "Synthetic Post By The First Editor"  # the second editor takes it in
    assert two_editors[1].post(change_url(post), again).status_code == 302

    post.refresh_from_db()
    assert post.title == "Synthetic Post By The First Editor"
    assert post.excerpt == "Synthetic excerpt of the second editor."


def test_one_editor_saves_the_same_record_twice_in_a_row(editor_client):
    theme = ThemeFactory(name="Synthetic Theme")
    for name in ("Synthetic Theme One", "Synthetic Theme Two"):
        form = opened(editor_client, theme)
        form["name"] = name
        assert editor_client.post(change_url(theme), form).status_code == 302
    theme.refresh_from_db()
    assert theme.name == "Synthetic Theme Two"


def test_a_publish_between_opening_and_saving_a_draft_post_is_not_undone(editor_client):
    post = PostFactory(status=Post.Status.DRAFT, published_at=None)
    form = opened(editor_client, post)
    editor_client.post(
        reverse("admin:news_post_changelist"),
        {"action": "publish", "_selected_action": [post.pk]},
    )
    form["excerpt"] = "Synthetic excerpt written before the post was published."

    page = editor_client.post(change_url(post), form).content.decode()

    assert "Not saved" in page and "Status: “Draft” → “Published”" in page
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED


def test_a_revert_between_opening_and_saving_is_not_overwritten(two_editors):
    first, second = two_editors
    organization = OrganizationFactory(name="Synthetic Agency Before")
    past = organization.history.earliest()
    organization.name = "Synthetic Agency Renamed"
    organization.save()
    first_form = opened(first, organization)

    revert_url = reverse(
        "admin:participants_organization_simple_history", args=[organization.pk, past.pk]
    )
    revert = form_values(second.get(revert_url).content.decode(), "historicalorganization_form")
    assert second.post(revert_url, revert).status_code == 302
    first_form["acronym"] = "SYN"
    page = first.post(change_url(organization), first_form).content.decode()

    assert "Not saved: someone else saved this organization after you opened it." in page
    assert "“Synthetic Agency Renamed” → “Synthetic Agency Before”" in page
    organization.refresh_from_db()
    assert organization.name == "Synthetic Agency Before"


@pytest.mark.parametrize("sent", [None, "", "abc", "99999999999999999999999", "\x00"])
def test_a_form_that_does_not_say_its_version_is_refused_with_a_message(editor_client, sent):
    person = PersonFactory(name="Synthetic Person")
    form = opened(editor_client, person)
    form["name"] = "Synthetic Person Renamed"
    if sent is None:
        del form["opened_version"]
    else:
        form["opened_version"] = sent

    response = editor_client.post(change_url(person), form)

    assert response.status_code == 200
    assert "This form did not say which version it was opened at." in response.content.decode()
    person.refresh_from_db()
    assert person.name == "Synthetic Person"
    again = form_values(response.content.decode(), "person_form")
    assert editor_client.post(change_url(person), again).status_code == 302
    person.refresh_from_db()
    assert person.name == "Synthetic Person Renamed"


def test_a_new_record_needs_no_version(editor_client):
    response = editor_client.post(
        reverse("admin:recommendations_theme_add"),
        {"name": "Synthetic New Theme", "slug": "synthetic-new-theme", "description": ""},
    )
    assert response.status_code == 302


def test_the_refusal_shows_names_in_any_script_at_their_longest(two_editors):
    first, second = two_editors
    longest = Organization._meta.get_field("name").max_length
    before = ("กรมศุลกากร " * longest)[:longest]  # synthetic Thai, as long as the field holds
    after = ("ສຳນັກງານ " * longest)[:longest]  # synthetic Lao
    organization = OrganizationFactory(name=before)
    first_form, second_form = opened(first, organization), opened(second, organization)
    first_form["name"] = after
    assert first.post(change_url(organization), first_form).status_code == 302

    page = second.post(change_url(organization), second_form).content.decode()

    assert f"Name: “{before}” → “{after}”" in page
    organization.refresh_from_db()
    assert organization.name == after


def follow_up_row(form, follow_up):
    """The prefix of `follow_up`'s row in its recommendation's form."""
    for key, value in form.items():
        if key.startswith("follow_ups-") and key.endswith("-id") and value == str(follow_up.pk):
            return key.removesuffix("-id")
    raise AssertionError("the follow-up has no row in the form")


def fixed_on_its_own_page(two_editors, action):
    """A follow-up whose recommendation the second editor opened, then the first editor set
    its action to `action` on the follow-up's own page: the follow-up and the second's form."""
    first, second = two_editors
    follow_up = FollowUpFactory(action="Synthetic action as first written, with a tpyo.")
    second_form = opened(second, follow_up.recommendation)
    first_form = opened(first, follow_up)
    first_form["action"] = action
    assert first.post(change_url(follow_up), first_form).status_code == 302
    return follow_up, second_form


def test_a_row_changed_on_its_own_page_since_is_not_overwritten_from_the_inline(two_editors):
    follow_up, second_form = fixed_on_its_own_page(
        two_editors, "Synthetic action fixed on its own page."
    )
    second, recommendation = two_editors[1], follow_up.recommendation

    row = follow_up_row(second_form, follow_up)
    second_form[f"{row}-action"] = "Synthetic action as the second editor wrote it."
    page = second.post(change_url(recommendation), second_form).content.decode()

    assert "Not saved: someone else saved this follow-up after you opened it." in page
    assert "Synthetic action fixed on its own page." in page
    assert "Synthetic action as the second editor wrote it." in page  # kept in the form
    follow_up.refresh_from_db()
    assert follow_up.action == "Synthetic action fixed on its own page."


def test_a_row_changed_since_is_not_written_back_even_left_as_it_was_in_the_form(two_editors):
    """Django saves a row whose input differs from what is stored now: the stale text the
    form was opened with would be written back over the other editor's."""
    follow_up, second_form = fixed_on_its_own_page(
        two_editors, "Synthetic action fixed on its own page."
    )
    second, recommendation = two_editors[1], follow_up.recommendation

    second_form["short_title"] = "Synthetic Short Title Of The Second Editor"
    page = second.post(change_url(recommendation), second_form).content.decode()

    assert "Not saved: someone else saved this follow-up after you opened it." in page
    follow_up.refresh_from_db()
    assert follow_up.action == "Synthetic action fixed on its own page."


def test_a_row_written_as_it_now_stands_is_saved(two_editors):
    """Two editors make the same fix: the second one's row writes nothing new over it."""
    follow_up, second_form = fixed_on_its_own_page(
        two_editors, "Synthetic action without the typo."
    )
    second, recommendation = two_editors[1], follow_up.recommendation

    second_form[f"{follow_up_row(second_form, follow_up)}-action"] = (
        "Synthetic action without the typo."
    )
    second_form["short_title"] = "Synthetic Short Title Of The Second Editor"
    assert second.post(change_url(recommendation), second_form).status_code == 302

    recommendation.refresh_from_db()
    assert recommendation.short_title == "Synthetic Short Title Of The Second Editor"


def test_a_new_row_needs_no_version(editor_client):
    follow_up = FollowUpFactory()
    recommendation = follow_up.recommendation
    form = opened(editor_client, recommendation)
    new = f"follow_ups-{form['follow_ups-TOTAL_FORMS']}"
    form["follow_ups-TOTAL_FORMS"] = str(int(form["follow_ups-TOTAL_FORMS"]) + 1)
    for key, value in list(form.items()):
        if key.startswith("follow_ups-__prefix__-"):
            form[key.replace("__prefix__", new.removeprefix("follow_ups-"))] = value
    form[f"{new}-action"] = "Synthetic follow-up added in the recommendation's form."
    form[f"{new}-date"] = "2013-06-01"
    form[f"{new}-status"] = follow_up.status

    assert editor_client.post(change_url(recommendation), form).status_code == 302
    assert FollowUp.objects.filter(recommendation=recommendation).count() == 2


def test_several_saves_since_are_counted_and_their_changes_shown_together(two_editors):
    first, second = two_editors
    person = PersonFactory(name="Synthetic Person", position="Synthetic Officer")
    second_form = opened(second, person)
    for change in ({"name": "Synthetic Person Renamed"}, {"position": "Synthetic Director"}):
        form = opened(first, person)
        assert first.post(change_url(person), {**form, **change}).status_code == 302

    page = second.post(change_url(person), second_form).content.decode()

    assert "Saved 2 times since, last by editor," in page
    assert "Name: “Synthetic Person” → “Synthetic Person Renamed”" in page
    assert "Position: “Synthetic Officer” → “Synthetic Director”" in page
