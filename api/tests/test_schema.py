"""The API's OpenAPI 3 schema: it validates, and every endpoint answers as it documents."""

import datetime

import pytest
from django.urls import reverse
from drf_spectacular.validation import validate_schema

from news.tests.factories import CategoryFactory, PostFactory
from recommendations.models import Recommendation
from workshops.tests.portal_records import published_workshop_with_everything

from .openapi import answer_validator, openapi_schema

pytestmark = pytest.mark.django_db


def test_schema_is_valid_openapi_3():
    schema = openapi_schema()
    validate_schema(schema)  # raises on an invalid schema
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/workshops/{slug}/" in schema["paths"]


def test_schema_is_served_and_documents_every_endpoint(client):
    response = client.get(reverse("api:schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert sorted(paths) == sorted(
        f"/api/v1/{endpoint}/"
        for endpoint in [
            "workshops",
            "workshops/{slug}",
            "series",
            "series/{slug}",
            "countries",
            "countries/{code}",
            "organizations",
            "organizations/{slug}",
            "recommendations",
            "recommendations/{id}",
            "news",
            "news/{slug}",
        ]
    )


def test_the_answer_check_fails_on_a_key_the_schema_does_not_name():
    """The check below is not vacuous: an undocumented key, or a missing one, is caught."""
    validator = answer_validator(openapi_schema(), "/api/v1/countries/{code}/")
    answer = {
        "code": "TH",
        "url": "http://testserver/api/v1/countries/TH/",
        "page_url": "http://testserver/countries/TH/",
        "name": "Thailand",
        "workshops_hosted": 1,
        "workshops_attended": 0,
        "organizations": 0,
    }
    assert list(validator.iter_errors(answer)) == []
    assert list(validator.iter_errors({**answer, "email": "someone@example.invalid"}))
    assert list(validator.iter_errors({**answer, "name": None}))


def test_every_endpoint_answers_as_the_schema_documents(client):
    workshop = published_workshop_with_everything(
        items=2, recorded_participants=47, start_date=datetime.date(2010, 11, 29)
    )
    post = PostFactory(categories=[CategoryFactory()])
    post.workshops.add(workshop)
    recommendation = Recommendation.objects.filter(workshop=workshop).first()
    series = workshop.series
    organization = workshop.organizer_roles.first().organization
    schema = openapi_schema()
    addresses = {
        "/api/v1/workshops/": "/api/v1/workshops/",
        "/api/v1/workshops/{slug}/": f"/api/v1/workshops/{workshop.slug}/",
        "/api/v1/series/": "/api/v1/series/",
        "/api/v1/series/{slug}/": f"/api/v1/series/{series.slug}/",
        "/api/v1/countries/": "/api/v1/countries/",
        "/api/v1/countries/{code}/": "/api/v1/countries/TH/",
        "/api/v1/organizations/": "/api/v1/organizations/",
        "/api/v1/organizations/{slug}/": f"/api/v1/organizations/{organization.slug}/",
        "/api/v1/recommendations/": "/api/v1/recommendations/",
        "/api/v1/recommendations/{id}/": f"/api/v1/recommendations/{recommendation.pk}/",
        "/api/v1/news/": "/api/v1/news/",
        "/api/v1/news/{slug}/": f"/api/v1/news/{post.slug}/",
    }
    assert sorted(addresses) == sorted(schema["paths"])
    for documented, address in addresses.items():
        response = client.get(address)
        assert response.status_code == 200, address
        answer = response.json()
        validator = answer_validator(schema, documented)
        errors = [error.message for error in validator.iter_errors(answer)]
        assert errors == [], address
        if "results" in answer:
            assert answer["results"], f"{address} lists nothing: the check would be vacuous"
