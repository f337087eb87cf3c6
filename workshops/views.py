from django.core.paginator import InvalidPage, Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.generic import DetailView

from core.page_cache import kept_for_this_page
from core.spreadsheets import FIGURES_NOTE, NETWORK, filters_applied, spreadsheet_response
from core.views import FilteredListView

from .calendar import workshops_calendar
from .filters import WorkshopFilter
from .models import Workshop, WorkshopSeries, organizer_roles_by_heading
from .pictures import attendance_figure, workshop_map
from .structured_data import workshop_event_data


class WorkshopListView(FilteredListView):
    filterset_class = WorkshopFilter
    paginate_by = 20
    template_name = "workshops/workshop_list.html"
    record_template_name = "workshops/includes/_workshop_list_record.html"

    def get_queryset(self):
        return Workshop.objects.published().for_list()


class WorkshopDetailView(DetailView):
    """A workshop's page. Drafts answer 404, except to who may view workshops in the admin,
    who see a banner.

    What the page shows of the records (`record`) is the same for every reader: it is kept
    rendered per records version and address, so that a reader the page cache does not serve
    (signed-in staff) gets it for a cache read while the records stand still, and fresh once
    they change."""

    def get_queryset(self):
        return Workshop.objects.visible_to(self.request.user).select_related("series")

    # A workshop may have tens of thousands of participations: the page names them a page at
    # a time (`?participants=2`) and lists at most `organizations_shown` organizations (those
    # with the most participations), counting the rest.
    participants_per_page = 200
    organizations_shown = 200

    def get_context_data(self, **kwargs):
        kept = kept_for_this_page(self.request, "workshop-page", self.record)
        return super().get_context_data(**kept, **kwargs)

    def record(self):
        """{"record": the page's record part, rendered; "event_data": its schema.org Event}."""
        workshop = self.object
        prefetch_related_objects([workshop], *Workshop.objects.detail_page_parts())
        participations = workshop.participations.all()
        named = Paginator(participations.named_in_public(), self.participants_per_page)
        try:
            named_page = named.page(self.request.GET.get("participants") or 1)
        except InvalidPage:
            raise Http404("There is no such page of participants.") from None
        organizations = participations.organization_counts()
        shown = list(organizations[: self.organizations_shown + 1])
        organizations_not_shown = 0
        if len(shown) > self.organizations_shown:
            # Too many to list: those with the most participations, still in name order.
            most = organizations.order_by("-participations", "organization__name")
            shown = sorted(
                most[: self.organizations_shown],
                key=lambda row: row["organization__name"].casefold(),
            )
            organizations_not_shown = organizations.count() - len(shown)
        by_country = participations.country_counts()
        html = render_to_string(
            "workshops/includes/_workshop_record.html",
            {
                "workshop": workshop,
                "attendance_by_country": by_country,
                **self.pictures(by_country),
                "delegations": participations.delegations(),
                "organizer_groups": organizer_roles_by_heading(workshop.organizer_roles.all()),
                "other_numberings": [n for n in workshop.other_numberings.all() if n.differs],
                "attendance_by_organization": shown,
                "organizations_not_shown": organizations_not_shown,
                "named_participations": named_page,
            },
            request=self.request,
        )
        return {
            "record": html,
            "event_data": workshop_event_data(workshop, request=self.request),
        }

    def pictures(self, by_country):
        """The map and the figures of who took part, from what the page reads anyway; the
        counted figures are also the countries table's total."""
        workshop = self.object
        counted_participants = sum(count for _, count in by_country)
        counted_countries = sum(1 for code, _ in by_country if code)
        return {
            "counted_participants": counted_participants,
            "counted_countries": counted_countries,
            "participation_map": workshop_map(
                chart_id="participation-map",
                workshop_title=workshop.full_title,
                host_code=workshop.country.code,
                country_codes=[code for code, _ in by_country],
            ),
            "attendance_figure": attendance_figure(
                chart_id="attendance-figure",
                recorded_participants=workshop.recorded_participants,
                counted_participants=counted_participants,
                recorded_countries=workshop.recorded_countries,
                counted_countries=counted_countries,
            ),
        }


def workshop_list_download(request, file_format):
    """The workshop list, with the list page's filters, as CSV or Excel."""
    filterset = WorkshopFilter(
        request.GET or None,
        queryset=Workshop.objects.published().for_list().with_attendance(),
        request=request,
    )
    page = request.build_absolute_uri(reverse("workshops:workshop-list"))
    query = f"?{request.GET.urlencode()}" if request.GET else ""
    return spreadsheet_response(
        file_format=file_format,
        file_name="sesn-workshops",
        title="Workshops",
        columns=[
            "Edition",
            "Title",
            "Series",
            "Start date",
            "End date",
            "Venue",
            "City",
            "Country",
            "Country code",
            "Participants (as recorded)",
            "Countries (as recorded)",
            "Region (as recorded)",
            "Participation records (counted)",
            "Countries represented (counted)",
            "Page",
        ],
        rows=(
            [
                workshop.edition,
                workshop.full_title,
                workshop.series.name,
                workshop.start_date,
                workshop.end_date,
                workshop.venue,
                workshop.city,
                workshop.country.name,
                workshop.country.code,
                workshop.recorded_participants,
                workshop.recorded_countries,
                workshop.recorded_region,
                workshop.attendance_participations,
                workshop.attendance_countries,
                request.build_absolute_uri(workshop.get_absolute_url()),
            ]
            for workshop in filterset.qs
        ),
        source_lines=[
            f"SESN Portal of the {NETWORK}: its published workshops, {page}{query}",
            filters_applied(filterset),
            FIGURES_NOTE,
        ],
    )


def calendar_response(request, workshops, *, name, file_name=None):
    """`workshops` as an iCalendar answer; with `file_name`, a file to download."""
    origin = request.build_absolute_uri("/").rstrip("/")
    response = HttpResponse(
        workshops_calendar(workshops, name=name, origin=origin),
        content_type="text/calendar; charset=utf-8",
    )
    if file_name:
        response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


def workshops_calendar_feed(request):
    """Every published workshop, to subscribe to in a calendar program."""
    return calendar_response(
        request, Workshop.objects.published().for_list(), name=f"Workshops of the {NETWORK}"
    )


def series_calendar_feed(request, slug):
    """One series' published workshops, to subscribe to."""
    series = get_object_or_404(WorkshopSeries, slug=slug)
    return calendar_response(
        request, Workshop.objects.published().for_list().filter(series=series), name=series.name
    )


def workshop_calendar_entry(request, slug):
    """The "Add to calendar" file of one workshop (drafts: as its page, for who may see them).
    A workshop not known to the day has none: 404, saying why."""
    workshop = get_object_or_404(
        Workshop.objects.visible_to(request.user).select_related("series"), slug=slug
    )
    if not workshop.date_known_to_the_day:
        raise Http404("The records do not give this workshop's days: it has no calendar entry.")
    return calendar_response(
        request, [workshop], name=workshop.full_title, file_name=f"{workshop.slug}.ics"
    )
