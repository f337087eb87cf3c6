import pytest

from workshops.models import Workshop
from workshops.services import workshop_publish, workshop_unpublish
from workshops.tests.factories import WorkshopFactory


@pytest.mark.django_db
def test_workshop_publish_makes_it_public_and_stamps_the_first_time():
    workshop = WorkshopFactory(status=Workshop.Status.DRAFT)
    workshop_publish(workshop=workshop)
    workshop.refresh_from_db()
    assert workshop.is_published
    first = workshop.published_at
    assert first is not None

    workshop_unpublish(workshop=workshop)
    workshop_publish(workshop=workshop)
    workshop.refresh_from_db()
    assert workshop.published_at == first


@pytest.mark.django_db
def test_workshop_unpublish_takes_it_back_to_draft():
    workshop = WorkshopFactory(status=Workshop.Status.PUBLISHED)
    workshop_unpublish(workshop=workshop)
    assert Workshop.objects.published().count() == 0
