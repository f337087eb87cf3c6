from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.views.generic import DetailView

from core.views import FilteredListView

from .filters import WorkshopFilter
from .models import Workshop
from .pictures import attendance_figure, workshop_map


class WorkshopListView(FilteredListView):
    filterset_class = WorkshopFilter
    paginate_by = 20
    template_name = "workshops/workshop_list.html"

    def get_queryset(self):
        return Workshop.objects.published().for_list()


class WorkshopDetailView(DetailView):
    """A workshop's page. Drafts answer 404, except to who may view workshops in the admin,
    who see a banner."""

    def get_queryset(self):
        return Workshop.objects.visible_to(self.request.user).for_detail_page()

    # A workshop may have tens of thousands of participations: the page names them a page at
    # a time (`?participants=2`) and lists at most `organizations_shown` organizations (those
    # with the most participations), counting the rest.
    participants_per_page = 200
    organizations_shown = 200

    def get_context_data(self, **kwargs):
        participations = self.object.participations.all()
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
        return super().get_context_data(
            attendance_by_country=by_country,
            attendance_countries=sum(1 for code, _ in by_country if code),
            attendance_total=sum(count for _, count in by_country),
            **self.pictures(by_country),
            attendance_by_organization=shown,
            organizations_not_shown=organizations_not_shown,
            named_participations=named_page,
            **kwargs,
        )

    def pictures(self, by_country):
        """The map and the figures of who took part, from what the page reads anyway."""
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
