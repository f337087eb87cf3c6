"""The secretariat's admin: every page works for an editor, and each role gets what it may."""

import datetime
import html
import json
import re

import pytest
from django.contrib import admin
from django.urls import reverse

from core.permissions import PORTAL_APPS
from news.tests.factories import CategoryFactory, CommentFactory, PostFactory
from participants.models import Organization
from participants.tests.factories import OrganizationFactory, ParticipationFactory, PersonFactory
from recommendations.tests.factories import FollowUpFactory, ThemeFactory
from workshops.models import (
    AgendaItem,
    Conclusion,
    Material,
    Objective,
    RelatedEvent,
    Workshop,
    WorkshopOrganizer,
    WorkshopSeries,
)
from workshops.tests.admin_forms import change_form_values
from workshops.tests.factories import (
    AgendaItemFactory,
    ConclusionFactory,
    MaterialFactory,
    ObjectiveFactory,
    RelatedEventFactory,
    SeedLoadFactory,
    WorkshopFactory,
    WorkshopNumberingFactory,
    WorkshopOrganizerFactory,
)

PORTAL_MODELS = sorted(
    (model for model in admin.site._registry if model._meta.app_label in PORTAL_APPS),
    key=lambda model: model._meta.label,
)


# Admin lists that only show records kept elsewhere: nothing is added through them.
NOT_ADDED_HERE = {"reports.WorkshopReport", "core.SeedLoad"}


def admin_url(model, page, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=args)


@pytest.fixture
def one_of_everything(db):
    workshop = WorkshopFactory()
    for factory in (
        ObjectiveFactory,
        ConclusionFactory,
        AgendaItemFactory,
        MaterialFactory,
        WorkshopOrganizerFactory,
        WorkshopNumberingFactory,
        RelatedEventFactory,
    ):
        factory(workshop=workshop)
    ParticipationFactory(workshop=workshop)
    PersonFactory()
    OrganizationFactory()
    ThemeFactory()
    FollowUpFactory(recommendation__workshop=workshop)
    CommentFactory(post=PostFactory(categories=[CategoryFactory()], workshops=[workshop]))
    SeedLoadFactory()
    return workshop


def test_every_portal_model_is_in_the_admin():
    labels = {model._meta.label for model in PORTAL_MODELS}
    assert {
        "workshops.Workshop",
        "workshops.WorkshopSeries",
        "workshops.Objective",
        "workshops.Conclusion",
        "workshops.AgendaItem",
        "workshops.Material",
        "workshops.WorkshopOrganizer",
        "workshops.WorkshopNumbering",
        "workshops.RelatedEvent",
        "participants.Organization",
        "participants.Person",
        "participants.Participation",
        "recommendations.Recommendation",
        "recommendations.FollowUp",
        "recommendations.Theme",
    } <= labels


@pytest.mark.parametrize("model", PORTAL_MODELS, ids=lambda m: m._meta.label)
def test_admin_changelist_add_and_change_pages_answer_200_for_an_editor(
    model, editor_client, one_of_everything
):
    assert editor_client.get(admin_url(model, "changelist")).status_code == 200
    expected_add = 403 if model._meta.label in NOT_ADDED_HERE else 200
    assert editor_client.get(admin_url(model, "add")).status_code == expected_add
    record = model.objects.first()
    response = editor_client.get(admin_url(model, "change", record.pk))
    assert response.status_code == 200
    assert editor_client.get(admin_url(model, "changelist"), {"q": "synthetic"}).status_code == 200


# Lists narrowed by date and by filters: (model, the date the list is drilled into, filters).
LIST_NARROWING = [
    (WorkshopSeries, "created", ["organization"]),
    (Objective, "workshop__start_date", ["workshop"]),
    (Conclusion, "workshop__start_date", ["workshop"]),
    (AgendaItem, "workshop__start_date", ["workshop"]),
    (Material, "workshop__start_date", ["kind", "workshop"]),
    (WorkshopOrganizer, "workshop__start_date", ["role", "workshop"]),
    (RelatedEvent, "start_date", ["relation", "workshop"]),
]


@pytest.mark.parametrize(
    ("model", "date_field", "filters"),
    LIST_NARROWING,
    ids=[model._meta.label for model, _, _ in LIST_NARROWING],
)
def test_admin_list_narrows_by_date_and_filters(
    model, date_field, filters, editor_client, one_of_everything
):
    RelatedEvent.objects.update(start_date=datetime.date(2011, 5, 10))  # the factory gives none
    record = model.objects.first()
    year = model.objects.filter(pk=record.pk).values_list(f"{date_field}__year", flat=True)[0]
    response = editor_client.get(admin_url(model, "changelist"), {f"{date_field}__year": year})
    page = response.content.decode()
    assert response.status_code == 200
    assert '<nav class="toplinks">' in page  # the date hierarchy
    assert admin_url(model, "change", record.pk) in page
    assert list(response.context["cl"].list_filter) == filters


@pytest.mark.parametrize("model", PORTAL_MODELS, ids=lambda m: m._meta.label)
def test_admin_viewer_can_see_but_not_change(model, viewer_client, one_of_everything):
    assert viewer_client.get(admin_url(model, "changelist")).status_code == 200
    record = model.objects.first()
    response = viewer_client.get(admin_url(model, "change", record.pk))
    assert response.status_code == 200
    assert b'name="_save"' not in response.content
    assert viewer_client.get(admin_url(model, "add")).status_code == 403
    assert viewer_client.post(admin_url(model, "change", record.pk), {}).status_code == 403


def test_admin_anonymous_user_is_sent_to_the_login_page(client, db):
    response = client.get(admin_url(Workshop, "changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_admin_non_staff_user_is_refused(client, django_user_model):
    user = django_user_model.objects.create_user("visitor", password="synthetic-password")
    client.force_login(user)
    response = client.get(admin_url(Workshop, "changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_admin_editor_adds_a_workshop_with_an_end_before_its_start_and_is_told_why(
    editor_client, one_of_everything
):
    before = Workshop.objects.count()
    response = editor_client.post(
        admin_url(Workshop, "add"),
        {
            "series": one_of_everything.series.pk,
            "title": "Synthetic admin workshop",
            "slug": "synthetic-admin-workshop",
            "status": "draft",
            "start_date": "2011-05-10",
            "end_date": "2011-05-09",
            "city": "Synthetic City",
            "country": "TH",
            **{f"{prefix}-TOTAL_FORMS": "0" for prefix in INLINE_PREFIXES},
            **{f"{prefix}-INITIAL_FORMS": "0" for prefix in INLINE_PREFIXES},
        },
    )
    assert response.status_code == 200
    assert "The end date cannot be before the start date." in response.content.decode()
    assert Workshop.objects.count() == before


INLINE_PREFIXES = [
    "organizer_roles",
    "other_numberings",
    "objectives",
    "agenda_items",
    "participations",
    "conclusions",
    "recommendations",
    "materials",
    "related_events",
]


def test_admin_workshop_page_carries_the_inlines_and_shows_both_figures(
    editor_client, seed_records
):
    ParticipationFactory(workshop=seed_records)
    response = editor_client.get(admin_url(Workshop, "change", seed_records.pk))
    page = response.content.decode()
    for prefix in INLINE_PREFIXES:
        assert f'id="{prefix}-group"' in page, prefix
    assert "1 participation records (1 participants, delegations counted by their headcount)" in (
        page
    )
    # The hint compares the countries too (the seed's source states 14).
    assert "(the source states 47 participants from 14 countries)" in page

    view_on_site = re.search(r'href="([^"]+)" class="viewsitelink"', page).group(1)
    redirect = editor_client.get(view_on_site)
    assert redirect["Location"].endswith(seed_records.get_absolute_url())
    assert editor_client.get(seed_records.get_absolute_url()).status_code == 200


def test_admin_publish_and_unpublish_actions(editor_client, db):
    draft = WorkshopFactory(status=Workshop.Status.DRAFT)
    url = admin_url(Workshop, "changelist")
    editor_client.post(url, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.is_published and draft.published_at is not None
    editor_client.post(url, {"action": "unpublish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert not draft.is_published


def test_admin_viewer_cannot_publish(viewer_client, db):
    draft = WorkshopFactory(status=Workshop.Status.DRAFT)
    viewer_client.post(
        admin_url(Workshop, "changelist"), {"action": "publish", "_selected_action": [draft.pk]}
    )
    draft.refresh_from_db()
    assert not draft.is_published


def test_admin_workshop_saves_with_a_material_whose_file_is_missing_from_disk(editor_client, db):
    # As after import_records, before the media folder is copied over.
    material = MaterialFactory(url="", file="materials/2010/synthetic-missing.pdf")
    workshop = material.workshop
    url = admin_url(Workshop, "change", workshop.pk)
    form = change_form_values(editor_client, url)
    form["city"] = "Synthetic City Renamed"
    assert editor_client.post(url, form).status_code == 302
    workshop.refresh_from_db()
    assert workshop.city == "Synthetic City Renamed"
    assert workshop.materials.get().file.name == "materials/2010/synthetic-missing.pdf"

    material_url = admin_url(Material, "change", material.pk)
    form = change_form_values(editor_client, material_url, form_id="material_form")
    form["title"] = "Synthetic presentation renamed"
    assert editor_client.post(material_url, form).status_code == 302
    assert workshop.materials.get().title == "Synthetic presentation renamed"


def test_admin_workshop_slug_left_empty_is_made_from_the_title_on_the_server(editor_client):
    # The browser's slug script dropped letters it did not know ("tng-cc-hi-quan") or left
    # the slug empty (Khmer, Thai, CJK); the server transliterates every script alike.
    page = editor_client.get(admin_url(Workshop, "add")).content.decode()
    constants = re.search(
        r'<script id="django-admin-prepopulated-fields-constants"[^>]*'
        r'data-prepopulated-fields="([^"]*)"',
        page,
    )
    prepopulated = json.loads(html.unescape(constants.group(1))) if constants else []
    assert not [field for field in prepopulated if field["name"] == "slug"]
    assert "Left empty, it is made from the name" in page


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("ក្រសួងបរិស្ថាន", "krsuongbresthan"),
        ("環境省", "huanjingsheng"),
        ("กรมศุลกากร", "krmsulkakr"),
        ("海关总署", "haiguanzongshu"),
        ("관세청", "gwansecheong"),
        ("Tổng cục Hải quan", "tong-cuc-hai-quan"),
    ],
)
def test_admin_organization_sent_without_a_slug_gets_a_transliterated_one(
    editor_client, name, slug
):
    url = admin_url(Organization, "add")
    form = change_form_values(editor_client, url, form_id="organization_form")
    form.update({"name": name, "slug": "", "kind": "ministry", "country": "KH"})
    response = editor_client.post(url, form)
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert Organization.objects.get(name=name).slug == slug


@pytest.mark.parametrize("model_name", ["objective", "conclusion"])
def test_statement_admin_form_asks_position_workshop_then_text(model_name, admin_user):
    from django.test import RequestFactory

    model = next(model for model in admin.site._registry if model._meta.model_name == model_name)
    request = RequestFactory().get("/")
    request.user = admin_user

    form = admin.site._registry[model].get_form(request)

    asked = [name for name, field in form.base_fields.items() if not field.widget.is_hidden]
    assert asked == ["position", "workshop", "text"]


@pytest.mark.parametrize("selected", ["abc", "1.5", "\x00"])
def test_every_admin_action_refuses_a_selection_that_is_not_record_ids(editor_client, selected):
    """Each action of each list (delete, publish, approve, regenerate a report, ...) failed
    with a 500 on a selected row's id that is no number: Django filters the records on it."""
    workshop = WorkshopFactory(status=Workshop.Status.DRAFT)
    CommentFactory(post=PostFactory())
    ran = 0
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        if opts.app_label not in PORTAL_APPS:
            continue
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        request = editor_client.get(url).wsgi_request
        for action in model_admin.get_actions(request):
            data = {"action": action, "_selected_action": [selected], "index": 0}
            response = editor_client.post(url, data, follow=True)
            assert response.redirect_chain, (opts.label, action)
            assert "The selected rows are not this list" in response.content.decode(), action
            ran += 1
    assert ran > 10
    workshop.refresh_from_db()
    assert workshop.status == Workshop.Status.DRAFT
