"""Who sees what the public does not (drafts, scheduled posts): those who may view it in
the admin, not every staff account."""

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.urls import reverse

from core.permissions import may_see_unpublished
from news.models import Post
from news.tests.factories import PostFactory
from participants.models import Organization
from participants.tests.factories import OrganizationFactory
from recommendations.tests.factories import RecommendationFactory
from workshops.models import Workshop
from workshops.tests.factories import WorkshopFactory, WorkshopOrganizerFactory


@pytest.fixture
def staff_without_group(client, django_user_model):
    user = django_user_model.objects.create_user("synthetic-staff", is_staff=True)
    client.force_login(user)
    return client


@pytest.fixture
def unpublished_pages(db, settings, tmp_path):
    """The address of each kind of page the public may not see yet."""
    settings.MEDIA_ROOT = tmp_path  # where the draft's report is stored
    draft = WorkshopFactory(status=Workshop.Status.DRAFT, title="Synthetic Draft Workshop")
    organizer = WorkshopOrganizerFactory(workshop=draft).organization
    post = PostFactory(status=Post.Status.DRAFT, published_at=None, title="Synthetic Draft Post")
    return {
        "workshop": draft.get_absolute_url(),
        "report": reverse("reports:workshop-report", kwargs={"slug": draft.slug}),
        "report preview": reverse("reports:workshop-report-preview", kwargs={"slug": draft.slug}),
        "post": post.get_absolute_url(),
        "recommendation": RecommendationFactory(workshop=draft).get_absolute_url(),
        "organization": organizer.get_absolute_url(),
    }


PAGES = ["workshop", "report", "report preview", "post", "recommendation", "organization"]


@pytest.mark.parametrize("page", PAGES)
def test_unpublished_page_is_404_for_staff_without_a_group(
    staff_without_group, unpublished_pages, page
):
    response = staff_without_group.get(unpublished_pages[page])

    assert response.status_code == 404
    assert b"Synthetic Draft" not in response.content


@pytest.mark.parametrize("page", PAGES)
def test_unpublished_page_is_shown_to_a_secretariat_viewer(viewer_client, unpublished_pages, page):
    response = viewer_client.get(unpublished_pages[page])

    assert response.status_code == 200


def test_may_see_unpublished_needs_staff_and_the_view_or_change_permission(
    django_user_model, viewer
):
    staff = django_user_model.objects.create_user("synthetic-staff", is_staff=True)
    not_staff = django_user_model.objects.create_user("synthetic-visitor")
    changer = django_user_model.objects.create_user("synthetic-changer", is_staff=True)
    for user in (not_staff, changer):
        user.user_permissions.add(Permission.objects.get(codename="change_workshop"))
    superuser = django_user_model.objects.create_superuser("synthetic-admin")

    assert not may_see_unpublished(AnonymousUser(), Workshop)
    assert not may_see_unpublished(staff, Workshop)
    assert not may_see_unpublished(not_staff, Workshop)
    assert may_see_unpublished(changer, Workshop)
    assert not may_see_unpublished(changer, Organization)
    assert may_see_unpublished(viewer, Organization)
    assert may_see_unpublished(superuser, Post)


def test_visible_to_shows_an_unpublished_organization_only_to_who_may_view_it(
    django_user_model, viewer
):
    organization = OrganizationFactory()
    WorkshopOrganizerFactory(
        workshop=WorkshopFactory(status=Workshop.Status.DRAFT), organization=organization
    )
    staff = django_user_model.objects.create_user("synthetic-staff", is_staff=True)

    assert organization not in Organization.objects.visible_to(staff)
    assert organization in Organization.objects.visible_to(viewer)
