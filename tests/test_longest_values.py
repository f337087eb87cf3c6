"""Every record with the longest value each of its fields allows, in the scripts the network
writes (Khmer, Thai, Japanese, Chinese, Korean, Vietnamese), through every page, feed, report,
admin form, history page, export, restore and backup.

The lengths are read from the models' `_meta`, so the test follows the models as they change:
a new field is filled to its limit without editing this file, and the first test fails until
a new model has a record here. PostgreSQL refuses a value longer than a `varchar` allows
(SQLite does not), so this suite is the one that must run on both databases; on SQLite the
stored values are checked against their fields' limits instead.
"""

import csv
import datetime
import io
import itertools
import json
import os
import re

import openpyxl
import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from core.models import OldSlug, SeedLoad
from core.permissions import PORTAL_APPS
from news.models import Category, Comment, CommentRateWindow, Post
from participants.models import Organization, OrganizationName, Participation, Person
from recommendations.models import FollowUp, Recommendation, Theme
from reports.models import StoredReport
from workshops.models import (
    AgendaItem,
    Conclusion,
    Material,
    Objective,
    RelatedEvent,
    Workshop,
    WorkshopNumbering,
    WorkshopOrganizer,
    WorkshopSeries,
)
from workshops.services import workshop_publish
from workshops.tests.admin_forms import change_form_values

# Synthetic text in each script (no real names): "seaport environmental security network".
SCRIPTS = [
    "សន្តិសុខបរិស្ថានកំពង់ផែ",
    "ความมั่นคงด้านสิ่งแวดล้อมท่าเรือ",
    "港湾環境安全ネットワーク",
    "海港环境安全网络",
    "항만 환경 안전 네트워크",
    "An ninh môi trường cảng biển",
]
PHRASE = " ".join(SCRIPTS) + " "
TEXT_FIELD_LENGTH = 2000  # a TextField has no limit: long enough to wrap and page

_markers = itertools.count(1)


def text_of(length, marker=""):
    """Exactly `length` characters: a marker that tells records apart, then every script."""
    text = (f"{marker} " if marker else "") + PHRASE * (length // len(PHRASE) + 1)
    text = text[:length]
    # Forms strip surrounding spaces: a value must not end with one to come back whole.
    return text[:-1] + "。" if text[-1].isspace() else text


def slug_of(length, marker):
    words = "sesn-seaport-environmental-security-network-workshop-"
    slug = (f"{marker}-" + words * (length // len(words) + 1))[:length]
    return slug[:-1] + "x" if slug.endswith("-") else slug


def email_of(length, marker):
    """A valid address exactly `length` (at most 254) characters long."""
    local = (f"longest{marker}." + "p" * 64)[:64]
    rest = length - len(local) - 1 - len(".invalid")
    labels = []
    while rest > 0:
        label = min(63, rest) if rest - 63 != 1 else 61  # no empty label
        labels.append("d" * label)
        rest -= label + 1
    domain = ".".join(labels)[: length - len(local) - 1 - len(".invalid")]
    return f"{local}@{domain.strip('.')}.invalid"


def url_of(length, marker):
    """A valid address exactly `length` characters long, its path in the scripts."""
    start = f"https://example.invalid/{marker}/"
    return start + text_of(length - len(start)).replace(" ", "-")


def longest_value(field, marker):
    if isinstance(field, models.EmailField):
        return email_of(field.max_length, marker)
    if isinstance(field, models.URLField):
        return url_of(field.max_length, marker)
    if isinstance(field, models.SlugField):
        if field.allow_unicode:
            return text_of(field.max_length, marker).replace(" ", "-")
        return slug_of(field.max_length, marker)
    if isinstance(field, models.TextField):
        return text_of(field.max_length or TEXT_FIELD_LENGTH, marker)
    return text_of(field.max_length, marker)


def filled_fields(model):
    """The fields this test fills to their limit: free text, slugs, addresses."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField))
        and field.editable
        and not field.choices
    ]


def build(model, **given):
    """A saved `model` with every free-text field at its longest and `given` as given."""
    marker = next(_markers)
    for field in filled_fields(model):
        given.setdefault(field.name, longest_value(field, marker))
    instance = model(**given)
    instance.full_clean()
    instance.save()
    return instance


def every_model():
    return {
        model
        for label in PORTAL_APPS
        for model in apps.get_app_config(label).get_models()
        if not model._meta.proxy and not model.__name__.startswith("Historical")
    }


# A language tag as long as the field holds (35), valid: ja-abcdefgh-abcdefgh-abcdefgh-abcde.
LONGEST_LANGUAGE = "ja" + "-abcdefgh" * 3 + "-abcde"


def pdf_bytes():
    return b"%PDF-1.4\n% synthetic material\n%%EOF\n"


@pytest.fixture
def longest(db, editor, settings, tmp_path):
    """One record of every model, every free-text field at its longest, and a second
    version of each in the history (another longest value), as the secretariat would."""
    settings.MEDIA_ROOT = tmp_path / "media"
    organization = build(
        Organization, kind=Organization.Kind.CUSTOMS, country="KH", name_language=LONGEST_LANGUAGE
    )
    series = build(WorkshopSeries, organization=organization)
    workshop = build(
        Workshop,
        series=series,
        edition=2,
        start_date=datetime.date(2010, 11, 29),
        end_date=datetime.date(2010, 11, 30),
        country="KH",
        recorded_participants=47,
        recorded_countries=14,
    )
    workshop_publish(workshop=workshop)
    records = {
        Organization: organization,
        WorkshopSeries: series,
        Workshop: workshop,
        WorkshopOrganizer: build(
            WorkshopOrganizer,
            workshop=workshop,
            organization=organization,
            role=WorkshopOrganizer.Role.HOST,
        ),
        Objective: build(Objective, workshop=workshop, position=1),
        Conclusion: build(Conclusion, workshop=workshop, position=1),
        AgendaItem: build(AgendaItem, workshop=workshop, position=1, date=workshop.start_date),
        RelatedEvent: build(
            RelatedEvent,
            workshop=workshop,
            relation=RelatedEvent.Relation.IMMEDIATELY_PRECEDED,
            start_date=workshop.start_date,
            country="TH",
        ),
        SeedLoad: build(
            SeedLoad,
            part=SeedLoad.Part.WORKSHOPS,
            loaded_at=timezone.now(),
            outcome=SeedLoad.Outcome.LOADED,
        ),
        Theme: build(Theme),
        Category: build(Category),
        OrganizationName: build(
            OrganizationName, organization=organization, language=LONGEST_LANGUAGE
        ),
        WorkshopNumbering: build(WorkshopNumbering, workshop=workshop, edition=1),
        OldSlug: build(
            OldSlug,
            content_type=ContentType.objects.get_for_model(Workshop),
            object_id=workshop.pk,
        ),
    }
    records[RelatedEvent].organizations.set([organization])
    records[Material] = build(Material, workshop=workshop, position=1, file="")
    # A file uploaded under a name as long as the field allows, in the scripts (the name is
    # cut to what a file system takes: see the material upload test below).
    with_file = Material(workshop=workshop, position=2, kind=Material.Kind.REPORT, url="")
    with_file.title = text_of(Material._meta.get_field("title").max_length, "file")
    with_file.file.save(
        text_of(Material._meta.get_field("file").max_length) + ".pdf",
        ContentFile(pdf_bytes()),
        save=False,
    )
    with_file.full_clean()
    with_file.save()
    records["material with a file"] = with_file
    records[Person] = build(
        Person, organization=organization, country="KH", publish_name_consent=True
    )
    records[Participation] = build(
        Participation,
        workshop=workshop,
        person=records[Person],
        organization=organization,
        country="KH",
    )
    records[Recommendation] = build(Recommendation, workshop=workshop, number=1)
    records[Recommendation].themes.set([records[Theme]])
    records[Recommendation].addressed_to.set([organization])
    records[FollowUp] = build(
        FollowUp, recommendation=records[Recommendation], date=datetime.date(2011, 6, 1)
    )
    records[Post] = build(
        Post,
        status=Post.Status.PUBLISHED,
        published_at=timezone.now() - datetime.timedelta(days=1),
        author=editor,
    )
    records[Post].categories.set([records[Category]])
    records[Post].workshops.set([workshop])
    records[Comment] = build(Comment, post=records[Post], status=Comment.Status.APPROVED)
    # The comment rate limit's count for one address (its hash fills the field).
    records[CommentRateWindow] = build(CommentRateWindow, opened=timezone.now())

    # A second version of each, so that history pages have two to compare.
    for instance in records.values():
        for field in filled_fields(type(instance))[:1]:
            setattr(instance, field.name, longest_value(field, f"v2-{next(_markers)}"))
        instance._history_user = editor
        instance.full_clean()
        instance.save()
    return records


def stored_values(instance):
    """What the database holds for `instance`'s free-text and file fields."""
    fields = [
        f
        for f in type(instance)._meta.concrete_fields
        if isinstance(f, (models.CharField, models.TextField, models.FileField))
    ]
    row = type(instance)._default_manager.filter(pk=instance.pk).values(*[f.name for f in fields])
    return row.get()


def assert_every_value_fits():
    """Every stored text fits its field, in every table of the portal (history included):
    PostgreSQL would refuse one that does not; SQLite keeps it, so it is checked here."""
    for label in PORTAL_APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.proxy:
                continue
            for field in model._meta.concrete_fields:
                if not isinstance(field, (models.CharField, models.FileField)):
                    continue
                if not field.max_length:
                    continue
                for value in model._default_manager.values_list(field.name, flat=True):
                    assert len(value or "") <= field.max_length, (model, field.name, value)


@pytest.fixture
def quick_report(monkeypatch):
    """A stored report without WeasyPrint (one test renders the real PDF, in seconds)."""
    from reports import services

    def render(html, *, characters, seconds):
        return services.RenderedReport(pdf=b"%PDF-1.4\n% stand-in\n%%EOF\n", page_count=1)

    monkeypatch.setattr(services, "render_with_time_limit", render)


def test_longest_values_fill_one_record_of_every_model(longest, client, quick_report):
    report = client.get(reverse("reports:workshop-report", args=[longest[Workshop].slug]))
    assert report.status_code == 200
    built = {type(record) for record in longest.values()}
    assert every_model() - {StoredReport} <= built
    assert StoredReport.objects.filter(workshop=longest[Workshop]).exists()
    for key, record in longest.items():
        for field in filled_fields(type(record)):
            if key == "material with a file" and field.name == "url":
                continue  # a file or a link, not both
            if field.max_length:  # exactly as long as allowed, and valid (full_clean passed)
                assert len(getattr(record, field.name)) == field.max_length, field
        for name, value in stored_values(record).items():
            assert value == getattr(record, name) or value == getattr(record, name).name, name
    assert_every_value_fits()


def public_pages(records):
    workshop, post = records[Workshop], records[Post]
    search = workshop.title  # longer than a search keeps: cut between words
    return {
        "/": [],
        workshop.get_absolute_url(): [
            workshop.full_title,
            workshop.summary,
            workshop.venue,
            records[Objective].text,
            records[AgendaItem].title,
            records[AgendaItem].speakers,
            records[Material].title,
            records[RelatedEvent].title,
            records[Recommendation].short_title,
            post.title,
        ],
        f"/workshops/?q={search}": [workshop.full_title],
        "/workshops/?country=KH": [workshop.full_title],
        f"/search/?q={search}": [],
        f"/search/?q={records[Organization].name}": [records[Organization].name],
        "/countries/": [],
        "/countries/KH/": [records[Organization].name],
        "/organizations/": [records[Organization].name],
        records[Organization].get_absolute_url(): [records[Organization].name],
        "/recommendations/": [records[Recommendation].short_title],
        records[Recommendation].get_absolute_url(): [
            records[Recommendation].short_title,
            records[FollowUp].led_to_project,
        ],
        "/news/": [post.title],
        f"/news/?q={post.title}": [post.title],
        post.get_absolute_url(): [post.title, records[Comment].name, records[Category].name],
        records[Category].get_absolute_url(): [records[Category].name, post.title],
        "/news/feed/rss/": [post.title],
        "/news/feed/atom/": [post.title],
        reverse("news:category-feed-rss", args=[records[Category].slug]): [post.title],
        reverse("news:category-feed-atom", args=[records[Category].slug]): [post.title],
        "/sitemap.xml": ["/sitemap-workshops.xml", "/sitemap-news.xml"],
        "/sitemap-workshops.xml": [workshop.get_absolute_url()],
        "/sitemap-news.xml": [post.get_absolute_url()],
        # Open data: the API, calendars, spreadsheets, comment feeds (a calendar folds its
        # lines: those are only opened; workbooks are read in the next test).
        "/api/v1/workshops/": [workshop.full_title],
        f"/api/v1/workshops/{workshop.slug}/": [
            workshop.full_title,
            records[Objective].text,
            records[Recommendation].short_title,
            records[FollowUp].led_to_project,
        ],
        "/api/v1/series/": [records[WorkshopSeries].name],
        "/api/v1/countries/": [],
        "/api/v1/organizations/": [records[Organization].name],
        f"/api/v1/organizations/{records[Organization].slug}/": [records[Organization].name],
        "/api/v1/recommendations/": [records[Recommendation].short_title],
        "/api/v1/news/": [post.title],
        f"/api/v1/news/{post.slug}/": [post.title],
        "/api/v1/schema/": [],
        "/workshops/calendar.ics": [],
        f"/workshops/series/{records[WorkshopSeries].slug}/calendar.ics": [],
        f"/workshops/{workshop.slug}/calendar.ics": [],
        "/workshops/download.csv?country=KH": [workshop.full_title],
        f"/workshops/{workshop.slug}/participation.csv": [records[Organization].name],
        "/recommendations/download.csv": [records[Recommendation].short_title],
        f"/news/{post.slug}/comments/feed/rss/": [records[Comment].name],
        f"/news/{post.slug}/comments/feed/atom/": [records[Comment].name],
        "/news/comments/feed/rss/": [records[Comment].name],
    }


def test_longest_values_show_whole_on_every_public_page(longest, client, editor_client):
    for url, texts in public_pages(longest).items():
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        for text in texts:
            assert escape(text) in page or text in page, (url, text[:40])

    workshop = longest[Workshop]
    preview = editor_client.get(reverse("reports:workshop-report-preview", args=[workshop.slug]))
    assert preview.status_code == 200
    assert escape(workshop.title) in preview.content.decode()
    # The PDF, rendered once (a child process renders it, in seconds).
    report = client.get(reverse("reports:workshop-report", args=[workshop.slug]))
    assert report.status_code == 200
    assert b"".join(report.streaming_content).startswith(b"%PDF-")
    stored = StoredReport.objects.get(workshop=workshop)
    assert workshop.slug in stored.file.name
    assert_every_value_fits()


def test_longest_values_come_whole_in_every_workbook(longest, client):
    workshop, organization = longest[Workshop], longest[Organization]
    workbooks = {
        "/workshops/download.xlsx": workshop.full_title,
        f"/workshops/{workshop.slug}/participation.xlsx": organization.name,
        "/recommendations/download.xlsx": longest[Recommendation].short_title,
    }
    for url, text in workbooks.items():
        response = client.get(url)
        assert response.status_code == 200, url
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
        cells = [str(cell) for row in sheet.values for cell in row]
        assert any(text in cell for cell in cells), url


def admin_url(record, view, *args):
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[record.pk, *args])


def test_longest_values_open_in_every_admin_form_history_and_export(longest, editor_client):
    quality = editor_client.get(reverse("admin:workshops_workshop_data_quality"))
    assert quality.status_code == 200
    for record in longest.values():
        model = type(record)
        if model not in admin.site._registry:
            continue
        long_texts = [getattr(record, field.name) for field in filled_fields(model)[:1]]
        change = editor_client.get(admin_url(record, "change"))
        assert change.status_code == 200, model
        for long_text in long_texts:
            assert escape(long_text) in change.content.decode(), model
        history = editor_client.get(admin_url(record, "history"))
        assert history.status_code == 200, model
        if not hasattr(record, "history"):
            continue
        versions = list(record.history.order_by("history_date", "history_id"))
        assert len(versions) >= 2, model
        older, newer = versions[-2], versions[-1]
        compare = editor_client.get(
            admin_url(record, "history_compare")
            + f"?older={older.history_id}&newer={newer.history_id}"
        )
        assert compare.status_code == 200, model
        for long_text in long_texts:
            assert escape(long_text) in compare.content.decode(), model
        revert = editor_client.get(admin_url(record, "simple_history", older.history_id))
        assert revert.status_code == 200, model

    # Every list of the portal's records (the outcome reports' proxy too), listed, searched
    # with a long text and exported.
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        if opts.app_label not in PORTAL_APPS:
            continue
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        listed = editor_client.get(changelist)
        assert listed.status_code == 200, model
        found = editor_client.get(changelist, {"q": text_of(500)})
        assert found.status_code == 200, model
        if not hasattr(model_admin, "export_formats"):
            continue
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_export")
        page = editor_client.get(url).content.decode()
        fields = dict.fromkeys(re.findall(r'name="(\w+resource_\w+)"', page), "on")
        csv_export = editor_client.post(url, {"format": "0", "resource": "0", **fields})
        assert csv_export.status_code == 200, model
        cells = {
            cell
            for row in csv.reader(io.StringIO(csv_export.content.decode("utf-8-sig")))
            for cell in row
        }
        xlsx_export = editor_client.post(url, {"format": "1", "resource": "0", **fields})
        assert xlsx_export.status_code == 200, model
        sheet = openpyxl.load_workbook(io.BytesIO(xlsx_export.content)).active
        xlsx_cells = {str(cell) for row in sheet.iter_rows(values_only=True) for cell in row}
        record = longest.get(model)
        if record is None:
            continue
        long_values = {str(getattr(record, f.name)) for f in filled_fields(model)}
        if long_values:
            assert long_values & cells, model
            assert long_values & xlsx_cells, model


def test_longest_values_save_back_whole_from_every_admin_form_and_revert(longest, editor_client):
    for key, record in longest.items():
        model = type(record)
        if (
            model not in admin.site._registry
            or not admin.site._registry[model].has_change_permission
        ):
            continue
        if key is Comment or model is SeedLoad:
            continue  # read-only fields in their admin: nothing to save
        before = stored_values(record)
        url = admin_url(record, "change")
        form = change_form_values(editor_client, url, f"{model._meta.model_name}_form")
        saved = editor_client.post(url, form)
        assert saved.status_code == 302, (model, saved.content.decode()[:3000])
        assert stored_values(record) == before, model

        older = record.history.order_by("history_date", "history_id").first()
        revert_url = admin_url(record, "simple_history", older.history_id)
        form = change_form_values(
            editor_client, revert_url, f"historical{model._meta.model_name}_form"
        )
        reverted = editor_client.post(revert_url, form)
        assert reverted.status_code == 302, (
            model,
            re.findall(r"errorlist.{0,400}", reverted.content.decode()),
        )
        for field in filled_fields(model):
            assert getattr(model.objects.get(pk=record.pk), field.name) == getattr(
                older, field.name
            ), (model, field.name)


def test_longest_values_survive_deleting_and_restoring_the_workshop(longest, editor_client):
    workshop = longest[Workshop]
    children = {
        key: stored_values(record)
        for key, record in longest.items()
        if getattr(record, "workshop_id", None) == workshop.pk or key is FollowUp
    }
    before = stored_values(workshop)
    delete_url = admin_url(workshop, "delete")
    confirm = editor_client.get(delete_url)
    assert confirm.status_code == 200
    assert escape(longest[Objective].text[:60]) in confirm.content.decode()
    assert editor_client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not Workshop.objects.filter(pk=workshop.pk).exists()
    deleted = editor_client.get(reverse("admin:workshops_workshop_deleted"))
    assert escape(workshop.full_title) in deleted.content.decode()

    restore_url = reverse("admin:workshops_workshop_restore", args=[workshop.pk])
    restored = editor_client.post(restore_url)

    assert restored.status_code == 302
    assert restored["Location"] == admin_url(workshop, "change")
    message = editor_client.get(restored["Location"]).content.decode()
    assert "1 links from posts" in message
    assert stored_values(workshop) == before
    for key, values in children.items():
        assert stored_values(longest[key]) == values, key
    # The workshop's news post links to it again.
    assert list(longest[Post].workshops.all()) == [workshop]
    reason = Objective.history.filter(id=longest[Objective].pk).latest("history_date")
    assert reason.history_change_reason == f"Restored with the workshop “{workshop.full_title}”"
    assert_every_value_fits()


def test_longest_values_come_back_whole_from_a_backup(longest, client, tmp_path, quick_report):
    client.get(reverse("reports:workshop-report", args=[longest[Workshop].slug]))
    values = {key: stored_values(record) for key, record in longest.items()}
    stored = stored_values(StoredReport.objects.get())
    backup = tmp_path / "backup.json"
    call_command("export_records", str(backup))

    if connection.vendor == "postgresql":
        # The rows just written wait on deferred foreign key checks, which TRUNCATE refuses.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":
        # As in a fresh transaction: checked at the commit, so the load may come in any order.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    assert not Workshop.objects.exists()
    call_command("import_records", str(backup), verbosity=0)

    for key, record in longest.items():
        assert stored_values(record) == values[key], key
    assert stored_values(StoredReport.objects.get()) == stored
    again = tmp_path / "again.json"
    call_command("export_records", str(again))
    assert json.loads(again.read_text())["records"] == json.loads(backup.read_text())["records"]
    assert client.get(longest[Workshop].get_absolute_url()).status_code == 200
    assert_every_value_fits()


def test_participant_list_with_the_longest_values_and_file_name_imports(longest, editor_client):
    workshop = longest[Workshop]
    lengths = {f.name: f for f in Person._meta.concrete_fields}
    row = {
        "name": longest_value(lengths["name"], "import"),
        "position": longest_value(lengths["position"], "import"),
        "organization": longest_value(Organization._meta.get_field("name"), "import"),
        "country": "TH",
        "email": longest_value(lengths["email"], "import"),
        "phone": longest_value(lengths["phone"], "import"),
        "role": "speaker",
        "publish_name": "yes",
    }
    content = io.StringIO()
    writer = csv.DictWriter(content, fieldnames=list(row))
    writer.writeheader()
    writer.writerow(row)
    # Browsers send names up to 255 bytes; this one is 250 characters.
    file_name = text_of(246, "import") + ".csv"
    url = reverse("admin:workshops_workshop_import_participants", args=[workshop.pk])
    upload = SimpleUploadedFile(file_name, content.getvalue().encode())
    preview = editor_client.post(url, {"file": upload})
    assert preview.status_code == 200, preview.content[:2000]
    token = editor_client.session["participant_import"]["token"]

    confirmed = editor_client.post(url, {"confirm": "1", "token": token})

    assert confirmed.status_code == 302
    person = Person.objects.get(name=row["name"])
    assert (person.position, person.email, person.phone) == (
        row["position"],
        row["email"],
        row["phone"],
    )
    assert person.organization.name == row["organization"]
    reason = workshop.history.latest("history_date").history_change_reason
    assert reason == f"Imported participant list {file_name}"
    assert Participation.objects.filter(workshop=workshop, person=person).exists()
    assert_every_value_fits()


def test_material_with_the_longest_file_name_uploads(longest, editor_client, settings):
    # 100 Japanese characters of four bytes each (𩸽): a name Windows allows (200 UTF-16
    # units), 404 bytes, where a Linux file name may have 255.
    name = "𩸽" * 96 + ".pdf"
    form = {
        "workshop": longest[Workshop].pk,
        "position": 9,
        "kind": Material.Kind.PRESENTATION,
        "title": text_of(Material._meta.get_field("title").max_length, "upload"),
        "file": SimpleUploadedFile(name, pdf_bytes()),
        "url": "",
    }

    url = reverse("admin:workshops_material_add")
    first = editor_client.post(url, form)
    # The same name again: the storage adds a suffix to the name, which must still fit.
    form.update(position=10, file=SimpleUploadedFile(name, pdf_bytes()))
    second = editor_client.post(url, form)

    for response in (first, second):
        assert response.status_code == 302, re.findall(
            r"errorlist.{0,300}", response.content.decode()
        )
    names = set()
    for material in Material.objects.filter(title=form["title"]):
        assert (settings.MEDIA_ROOT / material.file.name).read_bytes() == pdf_bytes()
        assert material.file.name.endswith(".pdf") and "𩸽" * 40 in material.file.name
        assert len(os.path.basename(material.file.name).encode()) <= 255
        names.add(material.file.name)
    assert len(names) == 2
    assert_every_value_fits()


def test_comment_with_the_longest_values_is_kept_whole(longest, client):
    post = longest[Post]
    fields = {f.name: f for f in Comment._meta.concrete_fields}
    form = {name: longest_value(fields[name], "comment") for name in ("name", "email", "text")}
    form["website"] = url_of(fields["website"].max_length, "comment")

    response = client.post(reverse("news:comment-create", args=[post.slug]), form)

    assert response.status_code == 302, re.findall(
        r"invalid-feedback.{0,300}", response.content.decode()
    )
    comment = Comment.objects.get(post=post, status=Comment.Status.PENDING)
    assert (comment.name, comment.email, comment.website, comment.text) == (
        form["name"],
        form["email"],
        form["website"],
        form["text"],
    )
    assert_every_value_fits()
