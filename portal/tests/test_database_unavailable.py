"""While the database cannot be reached (a restart), pages say to try again in a moment."""

from django.db import InterfaceError, OperationalError

from portal.views import HomeView


def _unreachable(error):
    def get_context_data(self, **kwargs):
        raise error

    return get_context_data


def test_page_while_the_database_restarts_is_a_503_that_says_to_retry(client, monkeypatch, db):
    monkeypatch.setattr(
        HomeView,
        "get_context_data",
        _unreachable(OperationalError("terminating connection due to administrator command")),
    )

    response = client.get("/")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Cache-Control"] == "no-store"
    assert "Back in a moment" in response.content.decode()
    assert "reload this page in a few seconds" in response.content.decode()


def test_page_whose_database_connection_closed_is_a_503(client, monkeypatch, db):
    monkeypatch.setattr(
        HomeView, "get_context_data", _unreachable(InterfaceError("connection already closed"))
    )

    assert client.get("/").status_code == 503


def test_other_errors_are_not_taken_for_a_database_restart(client, monkeypatch, db):
    monkeypatch.setattr(HomeView, "get_context_data", _unreachable(ValueError("a bug")))
    client.raise_request_exception = False

    assert client.get("/").status_code == 500
