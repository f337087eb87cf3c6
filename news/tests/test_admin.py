"""Moderation in the admin: bulk decisions, the close-comments switch, and who may do what."""

import csv
import io
import re

import openpyxl
import pytest
from django.urls import reverse

from news.models import Comment, Post
from news.tests.factories import CommentFactory, PostFactory
from workshops.tests.admin_forms import change_form_values

pytestmark = pytest.mark.django_db

COMMENTS = reverse("admin:news_comment_changelist")
POSTS = reverse("admin:news_post_changelist")


@pytest.mark.parametrize(
    ("action", "status"),
    [("approve", "approved"), ("reject", "rejected"), ("mark_spam", "spam")],
)
def test_admin_bulk_moderation_actions(editor_client, editor, action, status):
    selected = CommentFactory.create_batch(2)
    untouched = CommentFactory()
    response = editor_client.post(
        COMMENTS, {"action": action, "_selected_action": [c.pk for c in selected]}, follow=True
    )
    assert response.status_code == 200
    assert "2 comment(s)." in response.content.decode()
    for comment in selected:
        comment.refresh_from_db()
        assert comment.status == status and comment.moderated_by == editor
    untouched.refresh_from_db()
    assert untouched.status == Comment.Status.PENDING


def test_admin_viewer_cannot_approve(viewer_client):
    comment = CommentFactory()
    viewer_client.post(COMMENTS, {"action": "approve", "_selected_action": [comment.pk]})
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_admin_comment_list_shows_likely_spam_and_filters_by_status(editor_client):
    CommentFactory(text="Synthetic held comment", likely_spam=True)
    CommentFactory(text="Synthetic approved comment", status="approved")
    page = editor_client.get(COMMENTS, {"status__exact": "pending"}).content.decode()
    assert "Synthetic held comment" in page and "Synthetic approved comment" not in page
    assert editor_client.get(COMMENTS, {"likely_spam__exact": "1"}).status_code == 200


def test_admin_changing_a_comments_status_by_hand_records_the_moderator(editor_client, editor):
    comment = CommentFactory()
    url = reverse("admin:news_comment_change", args=[comment.pk])
    form = change_form_values(editor_client, url, form_id="comment_form")
    response = editor_client.post(url, {**form, "status": "approved"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == "approved" and comment.moderated_by == editor


def test_admin_close_and_open_comments_actions(editor_client, client):
    post = PostFactory()
    editor_client.post(POSTS, {"action": "close_comments", "_selected_action": [post.pk]})
    post.refresh_from_db()
    assert not post.comments_open
    assert (
        "Comments are closed on this post." in client.get(post.get_absolute_url()).content.decode()
    )
    editor_client.post(POSTS, {"action": "open_comments", "_selected_action": [post.pk]})
    post.refresh_from_db()
    assert post.comments_open


def test_admin_post_form_has_the_close_comments_switch_and_defaults_the_author(
    editor_client, editor
):
    response = editor_client.get(reverse("admin:news_post_add"))
    page = response.content.decode()
    assert 'name="comments_open"' in page
    assert response.context["adminform"].form.initial["author"] == editor.pk


def test_admin_post_list_links_waiting_comments(editor_client):
    post = PostFactory()
    CommentFactory.create_batch(3, post=post)
    page = editor_client.get(POSTS).content.decode()
    assert f'?post__id__exact={post.pk}&amp;status__exact=pending">3</a>' in page


def test_admin_publish_action_makes_a_draft_public(editor_client):
    draft = PostFactory(status=Post.Status.DRAFT, published_at=None)
    editor_client.post(POSTS, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.is_public


def test_admin_post_history_page_keeps_each_change(editor_client):
    post = PostFactory()
    post.title = "Synthetic retitled post"
    post.save()
    response = editor_client.get(reverse("admin:news_post_history", args=[post.pk]))
    assert response.status_code == 200
    assert post.history.count() == 2
    assert post.history.first().title == "Synthetic retitled post"


def test_admin_post_history_compares_two_versions(editor_client):
    post = PostFactory(title="Synthetic first post title")
    first = post.history.earliest()
    post.title = "Synthetic retitled post"
    post.save()
    latest = post.history.latest()
    history_page = editor_client.get(reverse("admin:news_post_history", args=[post.pk]))
    assert 'id="history-compare"' in history_page.content.decode()
    response = editor_client.get(
        reverse("admin:news_post_history_compare", args=[post.pk]),
        {"older": first.pk, "newer": latest.pk},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Synthetic first post title" in page and "Synthetic retitled post" in page


def _exported(client, file_format):
    url = reverse("admin:news_comment_export")
    page = client.get(url).content.decode()
    fields = dict.fromkeys(re.findall(r'name="(\w+resource_\w+)"', page), "on")
    response = client.post(url, {"format": file_format, "resource": "0"} | fields)
    assert response.status_code == 200
    return response.content


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", "+1", "-1+2", "@SUM(A1)"]
)
def test_admin_comment_export_writes_a_visitors_formula_as_text(editor_client, text):
    CommentFactory(name=text, text=text, website="")
    sheet = openpyxl.load_workbook(io.BytesIO(_exported(editor_client, "1"))).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.value for cell in cells if cell.data_type == "f"]
    assert [cell.value for cell in cells].count(f"'{text}") == 2  # name and text
    rows = csv.reader(io.StringIO(_exported(editor_client, "0").decode("utf-8-sig")))
    assert [cell for row in rows for cell in row].count(f"'{text}") == 2
