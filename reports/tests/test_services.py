"""Storing reports: fingerprints in both directions, the time limit, and no partial files."""

import contextlib
import datetime
import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

from participants.tests.factories import ParticipationFactory, participations_in_bulk
from recommendations.tests.factories import FollowUpFactory, ThemeFactory
from reports import services
from reports.content import report_content, report_fingerprint, report_stamp, report_stamps
from reports.models import StoredReport
from reports.services import ReportUnavailable, report_generate, report_state
from workshops.services import workshop_publish, workshop_unpublish
from workshops.tests.factories import WorkshopFactory
from workshops.tests.portal_records import published_workshop_with_everything

from .conftest import _stand_in_pdf, flat


def _stored_files():
    if not default_storage.exists("reports"):
        return set()
    return {f"reports/{name}" for name in default_storage.listdir("reports")[1]}


def _fingerprint(workshop):
    return report_fingerprint(report_content(workshop=workshop))


@pytest.fixture
def fast_timeout(settings):
    settings.REPORT_RENDER_TIMEOUT_SECONDS = 2


def test_generate_renders_once_and_then_serves_the_stored_file(
    stand_in_renderer, synthetic_workshop
):
    first = report_generate(workshop=synthetic_workshop)
    assert first.page_count >= 1
    assert default_storage.open(first.file.name).read().startswith(b"%PDF-")
    again = report_generate(workshop=synthetic_workshop)
    assert again.pk == first.pk
    assert again.generated_at == first.generated_at
    assert again.file.name == first.file.name


def _change_recommendation_text(workshop):
    recommendation = workshop.recommendations.first()
    recommendation.text = "Synthetic text, revised."
    recommendation.save()


def _add_follow_up(workshop):
    FollowUpFactory(recommendation=workshop.recommendations.first(), action="Synthetic later.")


def _add_participant(workshop):
    ParticipationFactory(workshop=workshop)


def _rename_consenting_person(workshop):
    person = workshop.participations.filter(person__publish_name_consent=True).first().person
    person.name = "Synthetic Renamed Person"
    person.save()


def _change_objective(workshop):
    objective = workshop.objectives.first()
    objective.text = "Synthetic objective, revised."
    objective.save()


def _swap_theme(workshop):
    # A many-to-many change touches no `updated` field of the recommendation itself.
    recommendation = workshop.recommendations.first()
    recommendation.themes.set([ThemeFactory(name="Synthetic theme A")])
    report_generate(workshop=workshop)
    recommendation.themes.set([ThemeFactory(name="Synthetic theme B")])


def _delete_conclusion(workshop):
    workshop.conclusions.first().delete()


def _unpublish(workshop):
    workshop_unpublish(workshop=workshop)


def _withdraw_consent_through_another_workshops_import(workshop):
    # The import writes people in bulk, without `save()`, and saves the other workshop only.
    from participants.services import participant_import_apply

    row = {
        "name": "Nguyễn Thị Hằng",
        "organization": "Synthetic Customs of VN",
        "country": "VN",
        "publish_name": "no",
        "role": "",
        "position": "",
        "email": "",
        "phone": "",
    }
    # The person is recorded at `workshop` too: the editor must say to change their details.
    participant_import_apply(
        workshop=WorkshopFactory(), rows=[(2, row)], update_people_elsewhere=True
    )


SHOWN_CHANGES = [
    _withdraw_consent_through_another_workshops_import,
    _change_recommendation_text,
    _add_follow_up,
    _add_participant,
    _rename_consenting_person,
    _change_objective,
    _delete_conclusion,
    _unpublish,
]


def _change_email_and_phone(workshop):
    for participation in workshop.participations.select_related("person"):
        participation.person.email = "changed@example.invalid"
        participation.person.phone = "+00 9999 9999"
        participation.person.save()


def _rename_unconsenting_person(workshop):
    person = workshop.participations.get(person__publish_name_consent=False).person
    person.name = "Synthetic Other Unconsenting Name"
    person.save()


def _change_organization_website(workshop):
    organization = workshop.participations.first().organization
    organization.website = "https://example.invalid/"
    organization.save()


def _add_other_workshop(workshop):
    WorkshopFactory(title="Synthetic unrelated workshop")


HIDDEN_CHANGES = [
    _change_email_and_phone,
    _rename_unconsenting_person,
    _change_organization_website,
    _add_other_workshop,
]


@pytest.mark.parametrize("change", SHOWN_CHANGES)
def test_fingerprint_changes_with_a_record_the_report_shows(synthetic_workshop, change):
    before = _fingerprint(synthetic_workshop)
    change(synthetic_workshop)
    assert _fingerprint(synthetic_workshop) != before


@pytest.mark.parametrize("change", HIDDEN_CHANGES)
def test_fingerprint_ignores_a_record_the_report_does_not_show(synthetic_workshop, change):
    before = _fingerprint(synthetic_workshop)
    change(synthetic_workshop)
    assert _fingerprint(synthetic_workshop) == before


@pytest.mark.parametrize("change", [*SHOWN_CHANGES, _swap_theme])
def test_next_download_is_fresh_after_a_shown_change(stand_in_renderer, synthetic_workshop, change):
    first = report_generate(workshop=synthetic_workshop)
    first_fingerprint, first_name = first.fingerprint, first.file.name
    change(synthetic_workshop)
    synthetic_workshop.refresh_from_db()
    again = report_generate(workshop=synthetic_workshop)
    assert again.fingerprint != first_fingerprint
    assert again.file.name != first_name


@pytest.mark.parametrize("change", HIDDEN_CHANGES)
def test_next_download_is_the_stored_file_after_a_hidden_change(
    stand_in_renderer, synthetic_workshop, monkeypatch, change
):
    first = report_generate(workshop=synthetic_workshop)
    change(synthetic_workshop)
    monkeypatch.setattr(
        services, "render_with_time_limit", lambda *a, **k: pytest.fail("rendered again")
    )
    again = report_generate(workshop=synthetic_workshop)
    assert again.file.name == first.file.name
    assert again.generated_at == first.generated_at


def test_generate_renders_afresh_after_a_shown_change_and_deletes_the_old_file(
    stand_in_renderer, synthetic_workshop, django_capture_on_commit_callbacks
):
    first = report_generate(workshop=synthetic_workshop)
    old_name = first.file.name
    recommendation = synthetic_workshop.recommendations.first()
    recommendation.text = "Synthetic text, revised after the workshop."
    recommendation.save()
    with django_capture_on_commit_callbacks(execute=True):
        second = report_generate(workshop=synthetic_workshop)
    assert second.fingerprint != first.fingerprint
    assert second.file.name != old_name
    assert not default_storage.exists(old_name)
    assert default_storage.open(second.file.name).read(5) == b"%PDF-"


def _slow_render(html, characters=None):
    time.sleep(30)


def _failing_render(html, characters=None):
    raise RuntimeError("Synthetic rendering failure")


def _crashing_render(html, characters=None):
    os._exit(3)


def _incomplete_render(html, characters=None):
    return services.RenderedReport(pdf=b"%PDF-1.7\nsynthetic truncated", page_count=1)


@pytest.mark.parametrize(
    "broken", [_slow_render, _failing_render, _crashing_render, _incomplete_render]
)
def test_a_broken_render_keeps_and_serves_the_last_good_report(
    stand_in_renderer, synthetic_workshop, monkeypatch, settings, broken
):
    good = report_generate(workshop=synthetic_workshop)
    settings.REPORT_RENDER_TIMEOUT_SECONDS = 2
    good_bytes = default_storage.open(good.file.name).read()
    recommendation = synthetic_workshop.recommendations.first()
    recommendation.text = "Synthetic text, changed so that a new rendering is due."
    recommendation.save()
    monkeypatch.setattr(services, "pdf_from_html", broken)

    started = time.monotonic()
    served = report_generate(workshop=synthetic_workshop)
    assert time.monotonic() - started < 10

    assert served.file.name == good.file.name
    assert default_storage.open(served.file.name).read() == good_bytes
    assert served.last_failure
    assert _stored_files() == {good.file.name}
    assert report_state(synthetic_workshop) == "Last rendering failed"


@pytest.mark.parametrize(
    "broken", [_slow_render, _failing_render, _crashing_render, _incomplete_render]
)
def test_a_broken_first_render_stores_nothing(
    synthetic_workshop, monkeypatch, fast_timeout, broken
):
    monkeypatch.setattr(services, "pdf_from_html", broken)
    with pytest.raises(ReportUnavailable):
        report_generate(workshop=synthetic_workshop)
    assert not StoredReport.objects.exists()
    assert _stored_files() == set()


def _missing_font_package(characters, *, path_for):
    raise FileNotFoundError("@fontsource/noto-sans-thai is not installed: run `make setup`.")


def _no_memory_to_fork(process):
    raise OSError(12, "Cannot allocate memory")


@pytest.mark.parametrize("where", ["fonts", "fork"])
def test_a_failure_before_the_render_starts_keeps_the_last_good_report_or_is_unavailable(
    stand_in_renderer, synthetic_workshop, monkeypatch, where
):
    good = report_generate(workshop=synthetic_workshop)
    _change_objective(synthetic_workshop)
    if where == "fonts":
        monkeypatch.setattr(services, "preload_fonts", _missing_font_package)
    else:
        monkeypatch.setattr(multiprocessing.process.BaseProcess, "start", _no_memory_to_fork)

    served = report_generate(workshop=synthetic_workshop)
    assert served.file.name == good.file.name
    assert ("not installed" if where == "fonts" else "could not start") in served.last_failure

    StoredReport.objects.all().delete()
    cache.clear()
    with pytest.raises(ReportUnavailable):
        report_generate(workshop=synthetic_workshop)


def test_after_a_failure_downloads_do_not_try_the_same_content_again_for_a_while(
    stand_in_renderer, synthetic_workshop, monkeypatch, settings
):
    settings.REPORT_RETRY_AFTER_FAILURE_SECONDS = 300
    good = report_generate(workshop=synthetic_workshop)
    _change_objective(synthetic_workshop)
    attempts = []

    def failing_and_counted(html, characters=None):
        attempts.append(1)
        raise RuntimeError("Synthetic rendering failure")

    monkeypatch.setattr(services, "pdf_from_html", failing_and_counted)
    # In this process, so that the attempts can be counted here.
    monkeypatch.setattr(services, "render_with_time_limit", _render_in_process)
    for _ in range(3):
        assert report_generate(workshop=synthetic_workshop).file.name == good.file.name
    assert len(attempts) == 1

    # Staff asking for a rendering try at once; so does anyone once the while is over,
    report_generate(workshop=synthetic_workshop, force=True)
    assert len(attempts) == 2
    cache.clear()
    report_generate(workshop=synthetic_workshop)
    assert len(attempts) == 3
    # and a further change to the records is new content, tried at once.
    _change_recommendation_text(synthetic_workshop)
    report_generate(workshop=synthetic_workshop)
    assert len(attempts) == 4


def _render_in_process(html, *, characters, seconds):
    try:
        return services.pdf_from_html(html, characters=characters)
    except RuntimeError as error:
        raise services.ReportRenderFailed(str(error)) from error


def test_a_failed_write_to_storage_keeps_the_last_good_report(
    stand_in_renderer, synthetic_workshop, monkeypatch
):
    good = report_generate(workshop=synthetic_workshop)
    _change_objective(synthetic_workshop)

    def full_disk(name, content, max_length=None):
        with default_storage.open(name, "wb") as partial:
            partial.write(content.read()[:100])
        raise OSError(28, "Synthetic: no space left on device")

    monkeypatch.setattr(services.default_storage, "save", full_disk)
    served = report_generate(workshop=synthetic_workshop)
    assert served.file.name == good.file.name
    assert "could not be stored" in served.last_failure
    assert _stored_files() == {good.file.name}


def test_a_failed_render_never_serves_a_draft_report_once_published(
    stand_in_renderer, synthetic_workshop, monkeypatch
):
    workshop_unpublish(workshop=synthetic_workshop)
    report_generate(workshop=synthetic_workshop)
    workshop_publish(workshop=synthetic_workshop)
    monkeypatch.setattr(services, "pdf_from_html", _failing_render)
    with pytest.raises(ReportUnavailable):
        report_generate(workshop=synthetic_workshop)


def test_force_renders_even_when_current(stand_in_renderer, synthetic_workshop):
    first = report_generate(workshop=synthetic_workshop)
    second = report_generate(workshop=synthetic_workshop, force=True)
    assert second.generated_at > first.generated_at


def test_report_state_follows_the_records(stand_in_renderer, synthetic_workshop):
    assert report_state(synthetic_workshop) == "Not generated"
    report_generate(workshop=synthetic_workshop)
    assert report_state(synthetic_workshop) == "Up to date"
    objective = synthetic_workshop.objectives.first()
    objective.text = "Synthetic objective, revised."
    objective.save()
    assert report_state(synthetic_workshop) == "Out of date"


# The workshop with its series, then a prefetch per kind of record the report shows.
REPORT_CONTENT_QUERIES = 13  # 12, and the numberings in other sources


def test_report_content_reads_in_a_pinned_number_of_queries(
    synthetic_workshop, django_assert_num_queries
):
    with django_assert_num_queries(REPORT_CONTENT_QUERIES):
        report_content(workshop=synthetic_workshop)
    for _ in range(20):
        ParticipationFactory(workshop=synthetic_workshop)
    recommendation = synthetic_workshop.recommendations.first()
    for _ in range(5):
        FollowUpFactory(recommendation=recommendation)
    with django_assert_num_queries(REPORT_CONTENT_QUERIES):
        report_content(workshop=synthetic_workshop)


def test_report_stamps_of_a_page_of_workshops_are_each_ones_own_in_a_dozen_queries(
    synthetic_workshop, django_assert_num_queries
):
    workshops = [
        synthetic_workshop,
        published_workshop_with_everything(items=3),
        WorkshopFactory(),
    ]
    alone = {workshop.pk: report_stamp(workshop=workshop) for workshop in workshops}
    with django_assert_num_queries(11):  # the workshops, and ten aggregates grouped by workshop
        together = report_stamps(workshops=workshops)
    assert together == alone
    assert len(set(together.values())) == 3


def _collector_state_in_child(html, *, characters):
    import gc

    from reports.services import RenderedReport

    state = f"{gc.get_freeze_count()} {gc.isenabled()}"
    return RenderedReport(pdf=state.encode(), page_count=0)


def test_child_collector_skips_the_portals_objects_and_the_portals_does_not(monkeypatch):
    import gc

    monkeypatch.setattr(services, "pdf_from_html", _collector_state_in_child)
    rendered = services.render_with_time_limit("<p>x</p>", characters=set("x"), seconds=30)
    frozen_in_child, collector_enabled_in_child = rendered.pdf.decode().split()
    # The child inherits the portal's objects frozen and, being one-shot, collects nothing;
    # the portal's own objects are thawed again and its collector stays on.
    assert int(frozen_in_child) > 10_000
    assert collector_enabled_in_child == "False"
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()


# Very large workshops -------------------------------------------------------------------------


def test_report_names_at_most_the_bound_and_counts_the_rest(synthetic_workshop, settings):
    settings.REPORT_MAX_LISTED_PARTICIPANTS = 100
    participations_in_bulk(workshop=synthetic_workshop, count=2_000)

    content = report_content(workshop=synthetic_workshop)
    html = services.report_html(content=content, generated_at=timezone.now())

    participation = content["participation"]
    assert len(participation["named_people"]) == 100
    # The six consenting people of the fixture, and the 2,000 made here, less the listed.
    assert participation["named_not_listed"] == 2_006 - 100
    assert "1906 more participants who agreed to be named are not listed here" in flat(html)
    assert html.count("Synthetic Bulk Person") <= 100


def test_a_known_failure_is_answered_without_reading_the_records(
    stand_in_renderer, synthetic_workshop, monkeypatch
):
    monkeypatch.setattr(services, "pdf_from_html", _failing_render)
    monkeypatch.setattr(services, "render_with_time_limit", _render_in_process)
    with pytest.raises(ReportUnavailable):
        report_generate(workshop=synthetic_workshop)
    reads = []
    monkeypatch.setattr(
        services, "report_content", lambda **kwargs: reads.append(kwargs) or pytest.fail()
    )

    with pytest.raises(ReportUnavailable, match="Synthetic rendering failure"):
        report_generate(workshop=synthetic_workshop)
    assert reads == []


def test_a_known_failure_serves_the_last_good_report_without_reading_the_records(
    stand_in_renderer, synthetic_workshop, monkeypatch
):
    good = report_generate(workshop=synthetic_workshop)
    _change_objective(synthetic_workshop)
    monkeypatch.setattr(services, "pdf_from_html", _failing_render)
    monkeypatch.setattr(services, "render_with_time_limit", _render_in_process)
    report_generate(workshop=synthetic_workshop)
    monkeypatch.setattr(services, "report_content", lambda **kwargs: pytest.fail("read"))

    assert report_generate(workshop=synthetic_workshop).file.name == good.file.name


def _memory_hog(html, characters=None):
    import mmap

    mmap.mmap(-1, 1024 * 1024 * 1024)  # address space only: no page is touched
    return services.RenderedReport(pdf=b"%PDF-1.7\n%%EOF", page_count=1)


def test_a_rendering_past_its_memory_limit_fails(monkeypatch, settings):
    settings.REPORT_RENDER_MAX_MEMORY_MB = 256
    monkeypatch.setattr(services, "pdf_from_html", _memory_hog)
    with pytest.raises(services.ReportRenderFailed, match="Cannot allocate memory|MemoryError"):
        services.render_with_time_limit("<p>x</p>", characters=set("x"), seconds=30)


# The render child -----------------------------------------------------------------------------


def _socket_inodes(html, characters=None):
    inodes = []
    for name in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):
            target = os.readlink(f"/proc/self/fd/{name}")
            if target.startswith("socket:"):
                inodes.append(target)
    return services.RenderedReport(pdf=" ".join(inodes).encode(), page_count=0)


def test_render_child_does_not_keep_the_servers_listening_socket(monkeypatch):
    monkeypatch.setattr(services, "pdf_from_html", _socket_inodes)
    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        inode = f"socket:[{os.fstat(listening.fileno()).st_ino}]"
        assert inode in _socket_inodes("").pdf.decode().split()  # the test itself sees it

        rendered = services.render_with_time_limit("<p>x</p>", characters=set("x"), seconds=30)

    assert rendered.pdf.decode().split() == []


PARENT_SCRIPT = """
import os, sys, time
sys.path.insert(0, {root!r})
os.environ["DJANGO_SETTINGS_MODULE"] = "sesn_portal.settings_test"
import django
django.setup()
from reports import services

def sleeping_render(html, characters=None):
    print(os.getpid(), flush=True)
    time.sleep(60)

services._warm_up_renderer = lambda: None
services.preload_fonts = lambda characters, path_for: None
services.pdf_from_html = sleeping_render
services.render_with_time_limit("<p>x</p>", characters=set("x"), seconds=60)
"""


def _is_gone(pid):
    try:
        with open(f"/proc/{pid}/stat") as status:
            return status.read().rsplit(")", 1)[1].split()[0] in {"Z", "X"}
    except FileNotFoundError:
        return True


def test_render_child_dies_with_its_parent(settings):
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT_SCRIPT.format(root=str(settings.BASE_DIR))],
        stdout=subprocess.PIPE,
        text=True,
    )
    child_pid = None
    try:
        child_pid = int(parent.stdout.readline())
        assert not _is_gone(child_pid)

        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 3
        while not _is_gone(child_pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _is_gone(child_pid)
    finally:
        parent.kill()
        parent.wait()
        parent.stdout.close()
        if child_pid and not _is_gone(child_pid):
            os.kill(child_pid, signal.SIGKILL)


def test_render_child_leaves_no_temporary_files(monkeypatch, tmp_path):
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    # WeasyPrint itself, with a font, which it copies to a `weasyprint-*` folder.
    rendered = services.render_with_time_limit(
        "<p>Synthetic text</p>", characters=set("Synthetic text"), seconds=60
    )
    assert rendered.pdf.startswith(b"%PDF-")
    assert list(temporary.iterdir()) == []


# Stored files and concurrent downloads --------------------------------------------------------


def test_stored_report_file_names_are_unguessable(stand_in_renderer, synthetic_workshop):
    first = report_generate(workshop=synthetic_workshop)
    second = report_generate(workshop=synthetic_workshop, force=True)

    assert second.fingerprint == first.fingerprint
    assert first.file.name != second.file.name
    for stored in (first, second):
        assert stored.fingerprint[:8] not in stored.file.name
        token = stored.file.name.removeprefix("reports/synthetic-report-workshop-")
        assert len(token.removesuffix(".pdf")) >= 32


@pytest.mark.django_db(transaction=True)
def test_concurrent_first_downloads_render_once(monkeypatch):
    workshop = WorkshopFactory(slug="synthetic-concurrent-workshop")
    ParticipationFactory(workshop=workshop)
    renderings = []

    def slow_counted_render(html, *, characters, seconds):
        renderings.append(1)
        time.sleep(0.5)
        return _stand_in_pdf(html)

    monkeypatch.setattr(services, "render_with_time_limit", slow_counted_render)
    downloads = 8
    start = threading.Barrier(downloads)
    etags, errors = [], []

    def download():
        try:
            start.wait()
            etags.append(services.report_etag(report_generate(workshop=workshop)))
        except Exception as error:  # noqa: BLE001 (reported by the assertion below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=download) for _ in range(downloads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(renderings) == 1
    assert len(set(etags)) == 1 and len(etags) == downloads
    assert _stored_files() == {StoredReport.objects.get().file.name}


def test_report_shows_the_workshop_pages_pictures_drawn_from_its_records(synthetic_workshop):
    from django.utils import timezone

    from core.tests.svg import bar_values, marked_countries, pictures_in
    from reports.content import report_content
    from reports.services import report_html

    from .conftest import NAMES_BY_COUNTRY

    content = report_content(workshop=synthetic_workshop)
    html = report_html(content=content, generated_at=timezone.now(), for_pdf=False)
    pictures = pictures_in(html)

    took_part = {country for country, _ in NAMES_BY_COUNTRY} - {"TH"}
    assert marked_countries(pictures["participation-map"]) == {
        "TH": "host",
        **dict.fromkeys(took_part, "took-part"),
    }
    assert bar_values(pictures["attendance-figure"]) == {
        "participants": {"recorded": 6, "counted": len(NAMES_BY_COUNTRY) + 1},
        "countries": {"recorded": 6, "counted": len({c for c, _ in NAMES_BY_COUNTRY} | {"TH"})},
    }
    follow_ups = {
        status: bars[status] for status, bars in bar_values(pictures["follow-up-chart"]).items()
    }
    assert follow_ups == {"none": 1, "in_progress": 1}


# Records as the sources state them (issue 14). Synthetic records.


@pytest.mark.django_db
def test_report_content_lists_each_organization_under_its_roles_heading():
    from participants.tests.factories import OrganizationFactory
    from workshops.tests.factories import WorkshopOrganizerFactory

    workshop = WorkshopFactory()
    for name, role, note in [
        ("Synthetic Network", "convener", ""),
        ("Synthetic Fund", "sponsor", ""),
        ("Synthetic Institute", "supporting", "lent the venue"),
    ]:
        WorkshopOrganizerFactory(
            workshop=workshop, organization=OrganizationFactory(name=name), role=role, note=note
        )
    groups = {
        group["heading"]: [(o["label"], o["note"]) for o in group["organizations"]]
        for group in report_content(workshop=workshop)["organizers"]
    }
    assert groups == {
        "Convened by": [("Synthetic Network", "")],
        "Sponsored by": [("Synthetic Fund", "")],
        "Supported by": [("Synthetic Institute", "lent the venue")],
    }


@pytest.mark.django_db
def test_report_content_says_another_sources_numbering_and_dates_as_known():
    from workshops.tests.factories import (
        RelatedEventFactory,
        WorkshopNumberingFactory,
    )

    workshop = WorkshopFactory(
        edition=2, start_date=datetime.date(2010, 1, 1), date_precision="year"
    )
    WorkshopNumberingFactory(workshop=workshop, edition=1, source="Synthetic Slides")
    RelatedEventFactory(
        workshop=workshop, start_date=datetime.date(2009, 6, 1), date_precision="month"
    )
    content = report_content(workshop=workshop)
    assert content["dates"] == "2010"
    assert content["related_events"][0]["dates"] == "June 2009"
    assert content["other_numberings"] == [
        {"described": "the 1st", "source": "Synthetic Slides", "note": ""}
    ]


@pytest.mark.django_db
def test_report_content_counts_a_delegation_as_its_country_not_an_organization():
    from participants.tests.factories import DelegationFactory

    workshop = WorkshopFactory()
    DelegationFactory(workshop=workshop, country="KH", delegation_size=4)
    participation = report_content(workshop=workshop)["participation"]
    assert participation["delegations"] == [{"country": "Cambodia", "headcount": 4}]
    assert participation["countries"] == [
        {"country": "Cambodia", "agencies": [], "participations": 1}
    ]
    assert participation["kinds"] == []
