from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import DetailView, TemplateView

from core.views import FilteredListView
from workshops.models import Workshop

from .countries import CountrySummary, country_code_or_none, country_summaries
from .filters import OrganizationFilter
from .models import Organization, Participation


class OrganizationListView(FilteredListView):
    filterset_class = OrganizationFilter
    paginate_by = 50
    template_name = "participants/organization_list.html"

    def get_queryset(self):
        return Organization.objects.public()


class OrganizationDetailView(DetailView):
    def get_queryset(self):
        return (
            Organization.objects.visible_to(self.request.user)
            .select_related("parent")
            .prefetch_related("other_names")
        )

    def get_context_data(self, **kwargs):
        organization = self.object
        published = Workshop.objects.published().for_list()
        visible = Organization.objects.visible_to(self.request.user)
        return super().get_context_data(
            is_public=Organization.objects.public().filter(pk=organization.pk).exists(),
            parent_is_visible=visible.filter(pk=organization.parent_id).exists(),
            children=visible.filter(parent=organization),
            workshops_organized=published.filter(
                pk__in=organization.organizer_roles.values("workshop")
            ),
            workshops_attended=published.filter(
                pk__in=organization.participations.values("workshop")
            ),
            related_events=organization.related_events.filter(
                workshop__status=Workshop.Status.PUBLISHED
            ).select_related("workshop"),
            recommendations_addressed=organization.recommendations_addressed.published().for_list(),
            **kwargs,
        )


class CountryListView(TemplateView):
    template_name = "participants/country_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(countries=country_summaries(), **kwargs)


class CountryDetailView(TemplateView):
    """A country on record. Unknown, malformed and record-less codes answer 404; a lower-case
    code redirects to the upper-case address."""

    template_name = "participants/country_detail.html"

    def get(self, request, *args, code, **kwargs):
        valid_code = country_code_or_none(code)
        if valid_code is None:
            raise Http404("No such country code.")
        if valid_code != code:
            return redirect("participants:country-detail", code=valid_code, permanent=True)
        return super().get(request, *args, code=code, **kwargs)

    def get_context_data(self, code, **kwargs):
        published = Workshop.objects.published().for_list()
        hosted = list(published.filter(country=code))
        attended = list(
            published.filter(pk__in=Participation.objects.filter(country=code).values("workshop"))
        )
        organizations = list(Organization.objects.public().filter(country=code))
        if not (hosted or attended or organizations):
            raise Http404("No public records for this country.")
        return super().get_context_data(
            country=CountrySummary(
                code=code,
                workshops_hosted=len(hosted),
                workshops_attended=len(attended),
                organizations=len(organizations),
            ),
            workshops_hosted=hosted,
            workshops_attended=attended,
            organizations=organizations,
            **kwargs,
        )
