"""Every admin changelist costs the same pinned number of queries with few records or many.

The walk covers every ModelAdmin registered on the admin site: the portal's own, Django's
users and groups, and django-axes' login records. Each builder makes records with the related
rows their columns show (each record its own workshop, organization, post...), so that a
column read per row would show as a growing count.
"""

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse
from django.utils import timezone

from news.tests.factories import CategoryFactory, CommentFactory, PostFactory
from participants.tests.factories import OrganizationFactory, ParticipationFactory, PersonFactory
from recommendations.tests.factories import FollowUpFactory, RecommendationFactory, ThemeFactory
from reports.content import report_stamp
from reports.models import StoredReport
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
    WorkshopSeriesFactory,
)
from workshops.tests.portal_records import published_workshop_with_everything

pytestmark = pytest.mark.django_db

SIZES = (2, 6)
# There is one seed load per part of the seed records, and two parts.
SIZES_BY_LABEL = {"core.SeedLoad": (1, 2)}
# Editors may not see these changelists (403): a superuser walks them.
SUPERUSER_ONLY = {"auth", "axes"}


def _group(number):
    group = Group.objects.create(name=f"Synthetic group {number}")
    group.permissions.set(Permission.objects.all()[number : number + 3])


def _user(number):
    user = User.objects.create_user(username=f"synthetic-user-{number}")
    user.groups.add(Group.objects.create(name=f"Synthetic team {number}"))


def _post(number):
    post = PostFactory(categories=[], workshops=[WorkshopFactory()])
    CommentFactory.create_batch(2, post=post)


def _recommendation(number):
    recommendation = RecommendationFactory()
    recommendation.themes.add(ThemeFactory())
    FollowUpFactory(recommendation=recommendation)


def _outcome_report(number):
    """A workshop with every kind of record and a stored report: up to date, out of date
    (records changed since), last rendering failed, and none at all, in turn."""
    workshop = published_workshop_with_everything()
    if number % 4 == 3:
        return
    StoredReport.objects.create(
        workshop=workshop,
        fingerprint="0" * 64,
        stamp=report_stamp(workshop=workshop) if number % 4 == 0 else "1" * 64,
        file=f"reports/{workshop.slug}.pdf",
        is_draft=False,
        page_count=3,
        size=1000,
        render_seconds=1.0,
        generated_at=timezone.now(),
        last_failure="Synthetic failure." if number % 4 == 2 else "",
    )


def _access(model):
    def build(number):
        fields = {
            "username": f"synthetic-user-{number}",
            "ip_address": f"192.0.2.{number}",
            "user_agent": "Synthetic browser",
            "path_info": "/admin/login/",
        }
        if model is AccessAttempt:
            fields |= {"get_data": "", "post_data": "", "failures_since_start": 1}
        if model is AccessLog:
            fields["logout_time"] = timezone.now()
        model.objects.create(**fields)

    return build


BUILDERS = {
    "auth.Group": _group,
    "auth.User": _user,
    "workshops.WorkshopSeries": lambda number: WorkshopSeriesFactory(),
    "workshops.Workshop": lambda number: published_workshop_with_everything(),
    "workshops.WorkshopOrganizer": lambda number: WorkshopOrganizerFactory(),
    "workshops.WorkshopNumbering": lambda number: WorkshopNumberingFactory(),
    "workshops.RelatedEvent": lambda number: RelatedEventFactory(portal_workshop=WorkshopFactory()),
    "workshops.Objective": lambda number: ObjectiveFactory(),
    "workshops.Conclusion": lambda number: ConclusionFactory(),
    "workshops.AgendaItem": lambda number: AgendaItemFactory(),
    "workshops.Material": lambda number: MaterialFactory(),
    "core.SeedLoad": lambda number: SeedLoadFactory(
        part=["workshops", "news"][number],
        loaded_at=datetime.datetime(2026, 1, 1 + number, tzinfo=datetime.UTC),
    ),
    "participants.Organization": lambda number: OrganizationFactory(parent=OrganizationFactory()),
    "participants.Person": lambda number: PersonFactory(),
    "participants.Participation": lambda number: ParticipationFactory(),
    "recommendations.Theme": lambda number: ThemeFactory(),
    "recommendations.Recommendation": _recommendation,
    "recommendations.FollowUp": lambda number: FollowUpFactory(led_to_workshop=WorkshopFactory()),
    "news.Category": lambda number: PostFactory(categories=[CategoryFactory()]),
    "news.Post": _post,
    "news.Comment": lambda number: CommentFactory(),
    "reports.WorkshopReport": _outcome_report,
    "axes.AccessAttempt": _access(AccessAttempt),
    "axes.AccessLog": _access(AccessLog),
    "axes.AccessFailureLog": _access(AccessFailureLog),
}

# Queries for one GET of each changelist, the same at both sizes. Most are the session, the
# user, their permissions, the count, the page, the filters' and the date hierarchy's choices;
# the outcome reports read a dozen aggregates for the whole page (reports.content.report_stamps).
QUERIES = {
    "auth.Group": 5,
    "auth.User": 6,
    "axes.AccessAttempt": 8,
    "axes.AccessFailureLog": 8,
    "axes.AccessLog": 8,
    "news.Category": 7,
    "news.Comment": 10,
    "news.Post": 10,
    "participants.Organization": 9,
    "participants.Participation": 10,
    "participants.Person": 9,
    "recommendations.FollowUp": 9,
    "recommendations.Recommendation": 11,
    "recommendations.Theme": 9,
    "reports.WorkshopReport": 18,
    "workshops.AgendaItem": 10,
    "workshops.Conclusion": 10,
    "workshops.Material": 10,
    "workshops.Objective": 10,
    "workshops.RelatedEvent": 10,
    "core.SeedLoad": 7,
    "workshops.Workshop": 10,
    "workshops.WorkshopOrganizer": 10,
    "workshops.WorkshopNumbering": 10,
    "workshops.WorkshopSeries": 10,
}


def test_every_registered_admin_has_a_builder_and_a_pinned_count():
    registered = {model._meta.label for model in admin.site._registry}
    assert registered == set(BUILDERS) == set(QUERIES)


@pytest.mark.parametrize("label", sorted(BUILDERS))
def test_admin_changelist_query_count_is_pinned_at_two_sizes(
    label, editor_client, admin_client, assert_page_queries
):
    model = next(m for m in admin.site._registry if m._meta.label == label)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    client = admin_client if model._meta.app_label in SUPERUSER_ONLY else editor_client
    built = 0
    for size in SIZES_BY_LABEL.get(label, SIZES):
        for number in range(built, size):
            BUILDERS[label](number)
        built = size
        assert_page_queries(client, url, QUERIES[label])
