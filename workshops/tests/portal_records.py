"""Synthetic public records for the page tests: made up, never real network data.

`published_workshop_with_everything()` fills every section of a workshop page, so that the
query-count tests (through the `assert_page_queries` fixture) see every prefetch at work.
"""

import datetime

from participants.tests.factories import (
    OrganizationFactory,
    OrganizationNameFactory,
    ParticipationFactory,
    PersonFactory,
)
from recommendations.tests.factories import FollowUpFactory, RecommendationFactory, ThemeFactory
from workshops.models import Workshop
from workshops.tests.factories import (
    AgendaItemFactory,
    ConclusionFactory,
    MaterialFactory,
    ObjectiveFactory,
    RelatedEventFactory,
    WorkshopFactory,
    WorkshopNumberingFactory,
    WorkshopOrganizerFactory,
)


def published_workshop_with_everything(*, items=1, **fields):
    """A published workshop with `items` of each kind of related record on its page."""
    workshop = WorkshopFactory(**fields)
    theme = ThemeFactory()
    for position in range(1, items + 1):
        ObjectiveFactory(workshop=workshop, position=position)
        ConclusionFactory(workshop=workshop, position=position)
        AgendaItemFactory(workshop=workshop, position=position)
        MaterialFactory(workshop=workshop, position=position)
        organizer = WorkshopOrganizerFactory(workshop=workshop)
        OrganizationNameFactory(organization=organizer.organization, name=f"環境省 {position}")
        WorkshopNumberingFactory(workshop=workshop, edition=position + 100)
        event = RelatedEventFactory(workshop=workshop, portal_workshop=WorkshopFactory())
        event.organizations.add(OrganizationFactory(country="JP"))
        recommendation = RecommendationFactory(workshop=workshop, number=position)
        recommendation.themes.add(theme)
        recommendation.addressed_to.add(OrganizationFactory(country="KH"))
        FollowUpFactory(recommendation=recommendation)
        FollowUpFactory(
            recommendation=recommendation,
            date=datetime.date(2013, 1, 1),
            status="done",
            led_to_workshop=WorkshopFactory(),
        )
        consenting = PersonFactory(publish_name_consent=True, organization__country="VN")
        ParticipationFactory(workshop=workshop, person=consenting)
        ParticipationFactory(workshop=workshop)
    return workshop


def many_workshops(count, **fields):
    """`count` published workshops in different years and countries, each with a little of
    everything, plus one draft."""
    countries = ["TH", "KH", "VN", "ID", "PH", "MY"]
    workshops = [
        published_workshop_with_everything(
            start_date=datetime.date(2005 + number % 15, 1 + number % 12, 1),
            country=countries[number % len(countries)],
            **fields,
        )
        for number in range(count)
    ]
    WorkshopFactory(status=Workshop.Status.DRAFT)
    return workshops
