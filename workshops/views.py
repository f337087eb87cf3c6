from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.views.generic import DetailView

from core.views import FilteredListView

from .filters import WorkshopFilter
from .models import Workshop, organizer_roles_by_heading


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
        return super().get_context_data(
            attendance_by_country=participations.country_counts(),
            delegations=participations.delegations(),
            organizer_groups=organizer_roles_by_heading(self.object.organizer_roles.all()),
            other_numberings=[n for n in self.object.other_numberings.all() if n.differs],
            attendance_by_organization=shown,
            organizations_not_shown=organizations_not_shown,
            named_participations=named_page,
            **kwargs,
        )
