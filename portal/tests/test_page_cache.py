"""The page cache for visitors who are not signed in (core/page_cache.py): after every kind of
change to the records, the next anonymous request shows it; staff and drafts never go through
the cache; a cached post page still lets a visitor comment; ETags and 304.

Each test first reads a page anonymously, so that it is kept, then changes the records: were
the records version (core/records_version.py) not moved on by that change, the kept page would
be served and the test would fail."""

import datetime
import gzip
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from news.models import Comment, Post
from news.services import post_publish
from news.tests.factories import CategoryFactory, PostFactory
from participants.services import participant_file_rows, participant_import_apply
from portal.backups import records_export, records_import
from portal.restore import workshop_restore
from workshops.models import Workshop
from workshops.services import workshop_publish, workshop_unpublish
from workshops.tests.admin_forms import form_values
from workshops.tests.factories import ObjectiveFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

WORKSHOPS = reverse("workshops:workshop-list")
NEWS = reverse("news:post-list")


def anonymous(url, **headers):
    """What a visitor who is not signed in gets, with a browser of their own."""
    return Client().get(url, headers=headers)


def page(url):
    response = anonymous(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_a_kept_page_is_served_without_a_query(django_assert_num_queries):
    WorkshopFactory(title="Synthetic Kept Workshop")
    assert "Synthetic Kept Workshop" in page(WORKSHOPS)
    with django_assert_num_queries(0):
        assert "Synthetic Kept Workshop" in page(WORKSHOPS)


def test_a_kept_page_is_kept_per_query_in_any_order(django_assert_num_queries):
    WorkshopFactory(title="Synthetic Kept Workshop")
    page(f"{WORKSHOPS}?sort=title&page=1")
    with django_assert_num_queries(0):
        page(f"{WORKSHOPS}?page=1&sort=title")
    with django_assert_num_queries(0):
        page(f"{WORKSHOPS}?sort=title&page=1")


def test_a_saved_record_shows_at_the_next_request():
    workshop = WorkshopFactory(title="Synthetic Workshop Old Title")
    assert "Synthetic Workshop Old Title" in page(WORKSHOPS)
    workshop.title = "Synthetic Workshop New Title"
    workshop.save()
    listing = page(WORKSHOPS)
    assert "Synthetic Workshop New Title" in listing
    assert "Synthetic Workshop Old Title" not in listing


def test_a_deleted_record_is_gone_at_the_next_request():
    workshop = WorkshopFactory()
    objective = ObjectiveFactory(workshop=workshop, text="Synthetic objective to delete.")
    assert "Synthetic objective to delete." in page(workshop.get_absolute_url())
    objective.delete()
    assert "Synthetic objective to delete." not in page(workshop.get_absolute_url())


def test_a_many_to_many_change_shows_at_the_next_request():
    category = CategoryFactory()
    post = PostFactory(title="Synthetic post filed later")
    url = category.get_absolute_url()
    assert "Synthetic post filed later" not in page(url)
    post.categories.add(category)
    assert "Synthetic post filed later" in page(url)
    post.categories.remove(category)
    assert "Synthetic post filed later" not in page(url)


def test_a_participant_import_shows_at_the_next_request(editor):
    workshop = WorkshopFactory()
    assert "Synthetic Import Customs" not in page(workshop.get_absolute_url())
    rows = participant_file_rows(
        content=(
            b"name,organization,country,position,email,phone,role,publish_name\n"
            b"Synthetic Person A,Synthetic Import Customs,VN,,,,,yes\n"
        ),
        file_name="synthetic.csv",
    )
    participant_import_apply(workshop=workshop, rows=rows, user=editor, source_name="a.csv")
    assert "Synthetic Import Customs" in page(workshop.get_absolute_url())


def test_a_revert_in_the_admin_shows_at_the_next_request(editor_client):
    workshop = WorkshopFactory()
    objective = ObjectiveFactory(workshop=workshop, text="Synthetic objective, first wording.")
    first = objective.history.earliest()
    objective.text = "Synthetic objective, wrong wording."
    objective.save()
    assert "wrong wording" in page(workshop.get_absolute_url())

    url = reverse("admin:workshops_objective_simple_history", args=[objective.pk, first.pk])
    values = form_values(editor_client.get(url).content.decode(), "historicalobjective_form")
    assert editor_client.post(url, values).status_code == 302
    shown = page(workshop.get_absolute_url())
    assert "Synthetic objective, first wording." in shown
    assert "wrong wording" not in shown


def test_a_restored_workshop_shows_at_the_next_request():
    workshop = WorkshopFactory(title="Synthetic Workshop To Restore")
    pk = workshop.pk
    workshop.delete()
    assert "Synthetic Workshop To Restore" not in page(WORKSHOPS)
    workshop_restore(workshop_id=pk)
    assert "Synthetic Workshop To Restore" in page(WORKSHOPS)


def test_publishing_and_unpublishing_show_at_the_next_request():
    workshop = WorkshopFactory(title="Synthetic Draft Workshop", status=Workshop.Status.DRAFT)
    assert "Synthetic Draft Workshop" not in page(WORKSHOPS)
    workshop_publish(workshop=workshop)
    assert "Synthetic Draft Workshop" in page(WORKSHOPS)
    workshop_unpublish(workshop=workshop)
    assert "Synthetic Draft Workshop" not in page(WORKSHOPS)

    post = PostFactory(
        title="Synthetic post to publish", status=Post.Status.DRAFT, published_at=None
    )
    assert "Synthetic post to publish" not in page(reverse("news:post-list"))
    post_publish(post=post)
    assert "Synthetic post to publish" in page(reverse("news:post-list"))


def test_a_backup_loaded_shows_at_the_next_request():
    from portal.backups import _backup_models

    WorkshopFactory(title="Synthetic Backed-up Workshop")
    backup = records_export()
    # Emptied as a fresh database is: the records, then the history their deletion wrote.
    for _ in range(2):
        for model in reversed(_backup_models()[1:]):
            model._default_manager.all().delete()
    assert "Synthetic Backed-up Workshop" not in page(WORKSHOPS)
    records_import(backup=backup)
    assert "Synthetic Backed-up Workshop" in page(WORKSHOPS)


def test_the_seed_records_loaded_show_at_the_next_request():
    assert "Siem Reap" not in page(reverse("home"))
    call_command("load_seed_records", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert "Siem Reap" in page(reverse("home"))


def test_a_scheduled_post_shows_once_its_time_comes_with_no_write(monkeypatch):
    now = timezone.now()
    PostFactory(
        title="Synthetic scheduled post",
        status=Post.Status.SCHEDULED,
        published_at=now + datetime.timedelta(hours=1),
    )
    url = reverse("news:post-list")
    assert "Synthetic scheduled post" not in page(url)
    assert "Synthetic scheduled post" not in page(url)  # kept, and still before its time

    later = now + datetime.timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "Synthetic scheduled post" in page(url)


def test_signed_in_staff_are_never_answered_by_the_page_cache(editor_client):
    # The news list keeps nothing of its own per records version: what staff get of it is
    # rendered for them. (Pages that keep their record part: portal/tests/test_staff_pages.py.)
    PostFactory(title="Synthetic Post Old Title")
    assert "Synthetic Post Old Title" in page(NEWS)
    # A write that sends no signal leaves the records version as it was: the page is kept...
    Post.objects.update(title="Synthetic Post Quiet Title")
    assert "Synthetic Post Old Title" in page(NEWS)
    # ...but staff never get a kept page, nor an ETag of the records version.
    response = editor_client.get(NEWS)
    assert "Synthetic Post Quiet Title" in response.content.decode()
    assert "ETag" not in response


def test_a_draft_never_enters_the_cache(editor_client):
    draft = WorkshopFactory(title="Synthetic Draft Workshop", status=Workshop.Status.DRAFT)
    staff_page = editor_client.get(draft.get_absolute_url())
    assert staff_page.status_code == 200
    assert "Synthetic Draft Workshop" in staff_page.content.decode()
    assert "Synthetic Draft Workshop" not in page(WORKSHOPS)
    assert anonymous(draft.get_absolute_url()).status_code == 404


def _csrf_token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_a_visitor_who_read_a_post_page_others_read_can_comment():
    post = PostFactory(title="Synthetic post to comment on")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_page = first.get(post.get_absolute_url())
    second_page = second.get(post.get_absolute_url())
    # The post page holds the comment form: each visitor's page carries their own token.
    assert "csrftoken" in second_page.cookies
    assert "ETag" not in second_page
    assert _csrf_token(first_page.content.decode()) != _csrf_token(second_page.content.decode())

    response = second.post(
        reverse("news:comment-create", kwargs={"slug": post.slug}),
        {
            "name": "Synthetic Visitor",
            "email": "synthetic.visitor@example.invalid",
            "website": "",
            "text": "A synthetic comment after a cached read.",
            "homepage": "",
            "csrfmiddlewaretoken": _csrf_token(second_page.content.decode()),
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "It will appear here once the secretariat has approved it." in response.content.decode()
    assert Comment.objects.get().text == "A synthetic comment after a cached read."


def test_a_public_page_answers_its_etag_with_304_without_a_query(django_assert_num_queries):
    WorkshopFactory()
    etag = anonymous(WORKSHOPS)["ETag"]
    with django_assert_num_queries(0):
        response = anonymous(WORKSHOPS, if_none_match=etag)
    assert response.status_code == 304
    assert response["ETag"] == etag
    assert anonymous(reverse("home"))["ETag"] != etag  # another address, another ETag


def test_a_public_page_etag_changes_with_the_records():
    workshop = WorkshopFactory(title="Synthetic Workshop Old Title")
    etag = anonymous(WORKSHOPS)["ETag"]
    workshop.title = "Synthetic Workshop New Title"
    workshop.save()
    response = anonymous(WORKSHOPS, if_none_match=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert "Synthetic Workshop New Title" in response.content.decode()


def test_pages_for_queries_in_other_scripts_are_kept_apart(django_assert_num_queries):
    title_length = Workshop._meta.get_field("title").max_length
    khmer = ("សិក្ខាសាលា " * title_length)[:title_length]
    thai = ("การประชุม " * title_length)[:title_length]
    WorkshopFactory(title=khmer)
    WorkshopFactory(title=thai)
    search = reverse("search")
    in_khmer = page(f"{search}?q=សិក្ខាសាលា")
    assert khmer in in_khmer and thai not in in_khmer
    in_thai = page(f"{search}?q=การประชุม")
    assert thai in in_thai and khmer not in in_thai
    with django_assert_num_queries(0):
        assert page(f"{search}?q=សិក្ខាសាលា") == in_khmer


def test_a_kept_page_is_sent_gzipped_to_a_browser_that_accepts_it(django_assert_num_queries):
    WorkshopFactory(title="Synthetic Compressed Workshop")
    plain = anonymous(WORKSHOPS)
    with django_assert_num_queries(0):
        compressed = anonymous(WORKSHOPS, accept_encoding="gzip, deflate, br")
    assert compressed["Content-Encoding"] == "gzip"
    assert int(compressed["Content-Length"]) == len(compressed.content) < len(plain.content)
    assert gzip.decompress(compressed.content) == plain.content
    assert "Synthetic Compressed Workshop" in gzip.decompress(compressed.content).decode()
    assert "accept-encoding" in compressed["Vary"].lower()
    assert "accept-encoding" in plain["Vary"].lower()


def test_a_page_first_asked_for_with_gzip_is_kept_for_clients_without_it():
    WorkshopFactory(title="Synthetic Compressed Workshop")
    compressed = anonymous(WORKSHOPS, accept_encoding="gzip")
    assert compressed["Content-Encoding"] == "gzip"
    plain = anonymous(WORKSHOPS)
    assert "Content-Encoding" not in plain
    assert int(plain["Content-Length"]) == len(plain.content)
    assert plain.content == gzip.decompress(compressed.content)
    assert "Synthetic Compressed Workshop" in plain.content.decode()


def test_each_form_of_a_kept_page_answers_its_own_etag_with_304(django_assert_num_queries):
    WorkshopFactory()
    plain_etag = anonymous(WORKSHOPS)["ETag"]
    gzip_etag = anonymous(WORKSHOPS, accept_encoding="gzip")["ETag"]
    assert gzip_etag == plain_etag[:-1] + '-gzip"'
    with django_assert_num_queries(0):
        for etag, encoding in [(plain_etag, ""), (plain_etag, "gzip"), (gzip_etag, "gzip")]:
            response = anonymous(WORKSHOPS, if_none_match=etag, accept_encoding=encoding)
            assert response.status_code == 304
            assert response["ETag"] == etag
    # A client that cannot read gzip holds no gzip copy: it gets the page itself.
    response = anonymous(WORKSHOPS, if_none_match=gzip_etag)
    assert response.status_code == 200
    assert response["ETag"] == plain_etag
    assert "Content-Encoding" not in response


def test_an_api_answer_in_a_form_one_client_asked_for_is_not_kept_for_others():
    WorkshopFactory()
    api = reverse("api:workshop-list")
    indented = anonymous(api, accept="application/json; indent=2")
    assert indented["Content-Type"] == "application/json; indent=2"
    assert indented.content.startswith(b"{\n  ")

    plain = anonymous(api)
    assert plain["Content-Type"] == "application/json"
    assert plain.content.startswith(b'{"count":')


def test_a_small_kept_page_is_sent_as_it_is():
    robots = reverse("robots")
    assert len(anonymous(robots).content) < 1024
    response = anonymous(robots, accept_encoding="gzip")
    assert "Content-Encoding" not in response
    assert "User-agent" in response.content.decode()


def test_signed_in_staff_never_get_a_kept_compressed_page(editor_client):
    PostFactory(title="Synthetic Post Old Title")
    anonymous(NEWS, accept_encoding="gzip")
    Post.objects.update(title="Synthetic Post Quiet Title")
    response = editor_client.get(NEWS, headers={"accept-encoding": "gzip"})
    assert "Content-Encoding" not in response
    assert "Synthetic Post Quiet Title" in response.content.decode()
