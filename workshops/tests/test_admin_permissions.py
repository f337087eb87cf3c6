"""What a secretariat viewer may do in the admin: look, never write.

The walk below visits every address of the admin site, once as a viewer and once as an
editor, and posts to each what an editor's browser would post there (the change form's own
values with a change, every bulk action, a revert of a past version, a file to import, a
restore). The viewer's walk must leave every table as it was; the editor's, with the same
posts, must write, so that the walk is known to reach the code that writes.
"""

import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.urls import URLResolver, reverse

from core.models import SeedLoad
from news.tests.factories import CategoryFactory, CommentFactory, PostFactory
from participants.models import Person
from participants.tests.factories import PersonFactory
from recommendations.models import FollowUp, Recommendation
from reports.models import WorkshopReport
from workshops.models import Objective, Workshop
from workshops.tests.admin_forms import change_form_values, form_text_fields, form_values
from workshops.tests.factories import ObjectiveFactory, SeedLoadFactory, WorkshopFactory
from workshops.tests.portal_records import published_workshop_with_everything

# The signed-in user's own account, not the records: signing out ends the walk's session,
# and anyone may change their own password.
OWN_ACCOUNT_URLS = {"logout", "password_change", "password_change_done"}

PARTICIPANT_FILE = (
    "name,position,organization,country,email,phone,role,publish_name\n"
    "Synthetic Walked Person,Inspector,Synthetic Walked Customs,Viet Nam,,,,yes\n"
)


def _staff_with(django_user_model, *permissions):
    user = django_user_model.objects.create_user("synthetic-staff", is_staff=True)
    for permission in permissions:
        app_label, codename = permission.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def test_history_version_page_shows_a_viewer_the_past_version_without_a_save_button(
    viewer_client,
):
    workshop = WorkshopFactory(title="Synthetic Workshop Past Title")
    first = workshop.history.earliest()
    workshop.title = "Synthetic Workshop Current Title"
    workshop.save()
    url = reverse("admin:workshops_workshop_simple_history", args=[workshop.pk, first.pk])

    response = viewer_client.get(url)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Synthetic Workshop Past Title" in page
    assert 'name="_save"' not in page


def test_history_version_page_refuses_a_viewers_post_and_writes_nothing(
    editor_client, viewer_client
):
    draft = WorkshopFactory(status=Workshop.Status.DRAFT, title="Synthetic Draft Workshop")
    person = PersonFactory(email="synthetic@example.invalid", publish_name_consent=False)
    for record, form_id, changes in (
        (draft, "historicalworkshop_form", {"status": "published"}),
        (person, "historicalperson_form", {"email": "x@example.org", "publish_name_consent": 1}),
    ):
        opts = record._meta
        url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_simple_history",
            args=[record.pk, record.history.latest().pk],
        )
        form = change_form_values(editor_client, url, form_id=form_id)
        versions = record.history.count()

        response = viewer_client.post(url, {**form, **changes})

        assert response.status_code == 403
        assert record.history.count() == versions
    draft.refresh_from_db()
    person.refresh_from_db()
    assert draft.status == Workshop.Status.DRAFT
    assert (person.email, person.publish_name_consent) == ("synthetic@example.invalid", False)
    assert not LogEntry.objects.exists()


def test_history_version_page_brings_back_a_deleted_record_only_with_the_add_permission(
    client, django_user_model
):
    objective = ObjectiveFactory(text="Synthetic objective deleted")
    version = objective.history.latest()
    objective.delete()
    client.force_login(
        _staff_with(django_user_model, "workshops.view_objective", "workshops.change_objective")
    )
    url = reverse("admin:workshops_objective_simple_history", args=[version.id, version.pk])

    response = client.post(url, {"workshop": version.workshop_id, "position": 1, "text": "x"})

    assert response.status_code == 403
    assert not Objective.objects.exists()


def test_import_participants_needs_the_permissions_on_what_it_writes(client, django_user_model):
    workshop = WorkshopFactory()
    client.force_login(
        _staff_with(django_user_model, "workshops.view_workshop", "workshops.change_workshop")
    )
    url = reverse("admin:workshops_workshop_import_participants", args=[workshop.pk])
    upload = SimpleUploadedFile("participants.csv", PARTICIPANT_FILE.encode())

    assert client.get(url).status_code == 403
    assert client.post(url, {"file": upload}).status_code == 403
    assert not Person.objects.exists()


def admin_routes(patterns=None, prefix=""):
    """(route, name, model) for every address of the admin site, through included ones."""
    registry = {f"{m._meta.app_label}/{m._meta.model_name}/": m for m in admin.site._registry}
    for pattern in admin.site.get_urls() if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from admin_routes(pattern.url_patterns, route)
        else:
            yield route, pattern.name, registry.get(prefix)


def fill(route, name, model, records):
    """The route with each parameter set to a real record's id."""
    name = name or ""
    values = {
        "object_id": lambda: records[model].pk,
        "version_id": lambda: records[model].history.earliest().history_id,
        "content_type_id": lambda: ContentType.objects.get_for_model(Workshop).pk,
        "workshop_id": lambda: records["deleted workshop"],
        "extension": lambda: "csv",
        "compare": lambda: "?older={}&newer={}".format(*_first_and_last(records[model])),
        "app_label": lambda: "workshops",
        "url": lambda: "no-such-page/",
        "id": lambda: records[User].pk,
    }
    if name == "view_on_site":
        values["object_id"] = lambda: records[Workshop].pk
    unnamed = iter(["object_id", "version_id"] if name.endswith("_simple_history") else [])

    def value(parameter):
        if parameter is None:
            parameter = next(unnamed, None)
        assert parameter in values, f"The walk cannot fill a parameter of {route!r} ({name})"
        return str(values[parameter]())

    route = re.sub(r"\((?:\?P<(\w+)>)?[^()]*\)", lambda m: value(m.group(1)), route)
    route = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: value(m.group(1)), route)
    query = value("compare") if name.endswith("_history_compare") else ""
    return "/admin/" + route.replace("^", "").replace("$", "") + query


def _first_and_last(record):
    versions = record.history.order_by("history_date")
    return versions.first().history_id, versions.last().history_id


@pytest.fixture
def walked_records(db, editor, viewer):
    """A record of every model the admin shows, each with a past version to revert to, and a
    deleted workshop to restore."""
    workshop = published_workshop_with_everything()
    post = PostFactory(author=editor, categories=[CategoryFactory()], workshops=[workshop])
    records = {
        Workshop: workshop,
        WorkshopReport: WorkshopReport.objects.get(pk=workshop.pk),
        SeedLoad: SeedLoadFactory(),
        User: User.objects.create_user("synthetic-walked-user", password="synthetic-password"),
        Group: Group.objects.create(name="Synthetic walked group"),
        **{type(post): post, type(comment := CommentFactory(post=post)): comment},
        **_sign_in_records(),
    }
    for model in admin.site._registry:
        if model not in records:
            records[model] = _record_of(model, workshop)
    for model, record in list(records.items()):
        if hasattr(model, "history"):
            record.save()  # a second version: the first is one to revert to
    gone = WorkshopFactory(title="Synthetic Workshop Deleted")
    records["deleted workshop"] = gone.pk
    gone.delete()
    return records


def _sign_in_records():
    """What django-axes keeps of sign-ins: a lockout, a failure and a success."""
    access = {
        "username": "synthetic-walked-user",
        "ip_address": "192.0.2.1",
        "user_agent": "Synthetic browser",
        "http_accept": "text/html",
        "path_info": "/admin/login/",
    }
    return {
        AccessAttempt: AccessAttempt.objects.create(
            **access, get_data="", post_data="", failures_since_start=5
        ),
        AccessFailureLog: AccessFailureLog.objects.create(**access, locked_out=True),
        AccessLog: AccessLog.objects.create(**access),
    }


def _record_of(model, workshop):
    """A record of `model` tied to the workshop, or any record of it."""
    if model is FollowUp:
        return FollowUp.objects.filter(recommendation__workshop=workshop).first()
    if model is Recommendation or any(f.name == "workshop" for f in model._meta.fields):
        return model.objects.filter(workshop=workshop).first()
    record = model.objects.first()
    assert record is not None, f"The walk has no {model._meta.label} record"
    return record


def table_rows():
    """Every row of every table, sessions left out (the signed-in user's own)."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values_list())
        for model in apps.get_models(include_auto_created=True)
        if model is not Session
    }


def changed_tables(before, after):
    return sorted(label for label in before if before[label] != after[label])


def _main_form(html, *, changed=""):
    """The values of the page's main form (not the header's sign-out, not the search); with
    `changed`, every text in it changed as an editor changing each field would."""
    for form_id in re.findall(r'<form[^>]*\bid="([^"]+)"', html):
        if form_id in ("logout-form", "changelist-search"):
            continue
        values = form_values(html, form_id)
        if changed:
            for name in form_text_fields(html, form_id):
                # Dates, times and numbers are left as they are: they stay valid.
                if re.search(r"[a-zA-Z]", values[name]):
                    values[name] += f"-{changed}" if " " not in values[name] else f" ({changed})"
        return values
    return {}


def walk_posts(name, model, url, editor_client, records):
    """What an editor's browser would post to this address: a list of post bodies."""
    model_admin = admin.site._registry.get(model)
    if name.endswith("_changelist"):
        request = RequestFactory().get(url)
        request.user = User.objects.get(username="editor")
        return [
            {"action": action, "_selected_action": [records[model].pk], "index": "0", "post": "yes"}
            for action in model_admin.get_actions(request)
        ]
    if name.endswith("_change"):
        page = editor_client.get(url)
        values = (
            _main_form(page.content.decode(), changed="walked") if page.status_code == 200 else {}
        )
        return [{**values, "_save": "Save"}]
    if name.endswith("_add"):
        page = editor_client.get(url)
        values = _main_form(page.content.decode()) if page.status_code == 200 else {}
        change = editor_client.get(url.replace("/add/", f"/{records[model].pk}/change/"))
        if change.status_code == 200:
            # The record's own values, each changed (a new slug, say): an add that succeeds.
            changed = _main_form(change.content.decode(), changed="added")
            values.update(
                (key, changed[key]) for key in values if "-" not in key and key in changed
            )
        return [{**values, "_save": "Save"}]
    if name.endswith("_simple_history"):
        page = editor_client.get(url)
        values = _main_form(page.content.decode()) if page.status_code == 200 else {}
        return [values, {**values, "_change_history": "1"}]
    if name.endswith("_delete"):
        return [{"post": "yes"}]
    if name.endswith("_import_participants"):
        return [
            {"file": SimpleUploadedFile("participants.csv", PARTICIPANT_FILE.encode())},
            "confirm",
        ]
    if name.endswith("_export"):
        return [{"format": "0"}]
    return [{}]


def _editor_request():
    request = RequestFactory().get("/admin/")
    request.user = User.objects.get(username="editor")
    return request


def walk_steps(records):
    """(url, name, model, deleting) for every admin address; deleting ones last, so that
    the others still find their records."""
    steps = []
    for route, name, model in admin_routes():
        if name in OWN_ACCOUNT_URLS:
            continue
        url = fill(route, name, model, records)
        steps.append((url, name or "", model, False))
        if name and name.endswith("_changelist"):
            steps.append((url, name, model, True))  # the bulk delete action
    return sorted(steps, key=lambda step: step[3] or step[1].endswith("_delete"))


def walk(client, editor_client, records, *, get_too):
    """Visit every admin address as `client`; {url: the tables each visit changed}."""
    client.raise_request_exception = False
    written = {}
    before = table_rows()
    for url, name, model, deleting in walk_steps(records):
        bodies = walk_posts(name, model, url, editor_client, records)
        if name.endswith("_changelist"):
            bodies = [b for b in bodies if (b["action"] == "delete_selected") == deleting]
        if editor_client is not client:
            before = table_rows()  # what the editor's look at the forms may have written
        responses = [client.get(url)] if get_too and not deleting else []
        token = ""
        for body in bodies:
            if body == "confirm":
                body = {"confirm": "1", "token": token or "synthetic-token"}
            response = client.post(url, body)
            token = re.search(rb'name="token" value="(\w+)"', response.content)
            token = token.group(1).decode() if token else ""
            responses.append(response)
        for response in responses:
            assert response.status_code < 500, f"{url}: {response.status_code}"
        after = table_rows()
        if changed := changed_tables(before, after):
            written[(url, name, deleting)] = changed
        before = after
    return written


def test_admin_walk_as_a_viewer_changes_no_row_of_any_table(
    client, editor, viewer, walked_records, django_capture_on_commit_callbacks
):
    editor_client = Client()
    editor_client.force_login(editor)
    client.force_login(viewer)
    before = table_rows()

    with django_capture_on_commit_callbacks() as deferred:
        written = walk(client, editor_client, walked_records, get_too=True)

    assert written == {}
    # Nor anything left to write once the request commits (a queued report rendering).
    assert [_deferred_name(callback) for callback in deferred] == []
    assert changed_tables(before, table_rows()) == []


def test_admin_walk_as_an_editor_reaches_the_code_that_writes(
    client, editor, walked_records, django_capture_on_commit_callbacks
):
    client.force_login(editor)

    with django_capture_on_commit_callbacks() as deferred:
        written = walk(client, client, walked_records, get_too=False)

    wrote = {name for _, name, deleting in written if not deleting}
    editable = [
        f"{model._meta.app_label}_{model._meta.model_name}"
        for model, model_admin in admin.site._registry.items()
        if model_admin.has_change_permission(_editor_request())
    ]
    assert len(editable) >= 15
    for prefix in editable:
        assert f"{prefix}_change" in wrote
        assert f"{prefix}_simple_history" in wrote  # a revert
    for name in (
        "workshops_workshop_changelist",  # publish, unpublish
        "news_post_changelist",  # publish, open and close comments
        "news_comment_changelist",  # approve, reject, spam
        "workshops_workshop_import_participants",
        "workshops_workshop_restore",
        "participants_person_add",
    ):
        assert name in wrote
    assert any(deleting for _, _, deleting in written)
    # "Regenerate report" renders after the request, in the background: it was queued.
    assert "report_regenerate_later.<locals>.queue_it" in map(_deferred_name, deferred)


def _deferred_name(callback):
    return getattr(callback, "__qualname__", repr(callback))
