"""Fixtures shared by every app's tests."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from core.permissions import SECRETARIAT_EDITORS, SECRETARIAT_VIEWERS


@pytest.fixture(autouse=True)
def empty_cache():
    """What the portal keeps in its cache (recent report failures)
    never passes from one test to the next."""
    cache.clear()
    yield
    cache.clear()


def _staff_user(django_user_model, username, group_name):
    user = django_user_model.objects.create_user(
        username=username, password="synthetic-password", is_staff=True
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(db, django_user_model):
    """A secretariat editor: may add, change and delete every record."""
    return _staff_user(django_user_model, "editor", SECRETARIAT_EDITORS)


@pytest.fixture
def viewer(db, django_user_model):
    """A secretariat viewer: may only look."""
    return _staff_user(django_user_model, "viewer", SECRETARIAT_VIEWERS)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client


@pytest.fixture
def two_editors(client, editor, django_user_model):
    """Two secretariat editors signed in at once: the `editor`'s client and a second one's."""
    from django.test import Client

    second = _staff_user(django_user_model, "second-editor", SECRETARIAT_EDITORS)
    second_client = Client()
    client.force_login(editor)
    second_client.force_login(second)
    return client, second_client


@pytest.fixture
def seed_records(db):
    """The real records of the source document, loaded as `make run` loads them."""
    from portal.seed_records import seed_records_load

    seed_records_load()
    from workshops.models import Workshop

    return Workshop.objects.get(slug="2nd-workshop-2010-siem-reap")


@pytest.fixture
def assert_page_queries(django_assert_num_queries):
    """GET `url` with `client`, assert the answer's status and that it took exactly `queries`
    database queries; return the response.

    The one query-count check of the suite: list pages and admin changelists call it at two
    data sizes with the same pinned number. Where SQLite and PostgreSQL differ, `queries` is a
    dict by vendor, `{"sqlite": 9, "postgresql": 10}`, and the test says why.

    What is counted is the page rendered afresh: the cache is emptied first (no kept page, no
    kept figures), and the records version, which a running site works out once per change
    (core/records_version.py), is worked out before counting.
    """
    from django.db import connection

    from core.records_version import records_version

    def get(client, url, queries, *, status=200):
        expected = queries[connection.vendor] if isinstance(queries, dict) else queries
        cache.clear()
        records_version()
        with django_assert_num_queries(expected):
            response = client.get(url)
        assert response.status_code == status, url
        return response

    return get
