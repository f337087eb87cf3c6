from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.views.generic import DetailView, TemplateView
from django_countries import countries

from core.page_cache import kept_for_this_page
from core.sections import section_page
from core.spreadsheets import FIGURES_NOTE, NETWORK, spreadsheet_response
from core.views import FilteredListView
from workshops.models import Workshop

from .countries import countries_engaged, country_code_or_none, country_summaries
from .filters import OrganizationFilter
from .models import Organization, Participation, organization_label
from .pictures import network_map


class OrganizationListView(FilteredListView):
    filterset_class = OrganizationFilter
    paginate_by = 50
    template_name = "participants/organization_list.html"
    record_template_name = "participants/includes/_organization_list_record.html"

    def get_queryset(self):
        return Organization.objects.public()


class OrganizationDetailView(DetailView):
    """An organization and its part in the workshops. Each list on the page shows a page of
    `per_section` records (`?attended=2#attended-heading`), so that the page stays the same
    size however many workshops the organization has been to."""

    per_section = 20

    def get_queryset(self):
        return (
            Organization.objects.visible_to(self.request.user)
            .select_related("parent")
            .prefetch_related("other_names")
        )

    def section(self, name, queryset):
        return section_page(queryset, per_page=self.per_section, number=self.request.GET.get(name))

    def get_context_data(self, **kwargs):
        organization = self.object
        published = Workshop.objects.published().for_list()
        visible = Organization.objects.visible_to(self.request.user)
        parts = self.section("parts", visible.filter(parent=organization))
        organized = self.section(
            "organized",
            published.filter(pk__in=organization.organizer_roles.values("workshop")),
        )
        attended = self.section(
            "attended",
            published.filter(pk__in=organization.participations.values("workshop")),
        )
        events = self.section(
            "events",
            organization.related_events.filter(
                workshop__status=Workshop.Status.PUBLISHED
            ).select_related("workshop"),
        )
        addressed = self.section(
            "recommendations",
            organization.recommendations_addressed.published().for_list(),
        )
        return super().get_context_data(
            is_public=organization.is_public,
            parent_is_visible=visible.filter(pk=organization.parent_id).exists(),
            children=parts,
            workshops_organized=organized,
            workshops_attended=attended,
            related_events=events,
            recommendations_addressed=addressed,
            **kwargs,
        )


class CountryListView(TemplateView):
    template_name = "participants/country_list.html"

    def get_context_data(self, **kwargs):
        engaged = countries_engaged()
        return super().get_context_data(
            countries=engaged.named,
            engaged=engaged,
            country_map=network_map(summaries=engaged.named, chart_id="country-map"),
            **kwargs,
        )


class CountryDetailView(TemplateView):
    """A country on record: its latest workshops hosted and attended and its first
    organizations, each with how many there are in all. Unknown, malformed and record-less
    codes answer 404; a lower-case code redirects to the upper-case address."""

    template_name = "participants/country_detail.html"
    # The latest few of each: the workshop and organization lists, filtered by the country,
    # hold the rest.
    workshops_shown = 10
    organizations_shown = 20

    def get(self, request, *args, code, **kwargs):
        valid_code = country_code_or_none(code)
        if valid_code is None:
            raise Http404("No such country code.")
        if valid_code != code:
            return redirect("participants:country-detail", code=valid_code, permanent=True)
        return super().get(request, *args, code=code, **kwargs)

    def get_context_data(self, code, **kwargs):
        # How many of each: counted once per records version for every country at once.
        country = next((c for c in country_summaries() if c.code == code), None)
        if country is None:
            raise Http404("No public records for this country.")
        record = kept_for_this_page(self.request, "country-page", lambda: self.record(country))
        return super().get_context_data(country=country, record=record, **kwargs)

    def record(self, country):
        """The page's lists, rendered: only the latest few rows of each are read, whatever
        the records hold."""
        published = Workshop.objects.published().for_list()
        shown = self.workshops_shown
        return render_to_string(
            "participants/includes/_country_record.html",
            {
                "country": country,
                "workshops_hosted": list(published.filter(country=country.code)[:shown]),
                "workshops_attended": list(published.attended_from(country.code)[:shown]),
                "organizations": list(
                    Organization.objects.public().filter(country=country.code)[
                        : self.organizations_shown
                    ]
                ),
            },
            self.request,
        )


def workshop_participation_download(request, slug, file_format):
    """A workshop's participation counted by country and by organization, as CSV or Excel.
    No one is named."""
    workshop = get_object_or_404(
        Workshop.objects.visible_to(request.user).select_related("series"), slug=slug
    )
    participations = Participation.objects.filter(workshop=workshop)
    by_country = [
        ["Country", countries.name(code) if code else "International organizations", code, count]
        for code, count in participations.country_counts()
    ]
    by_organization = [
        [
            "Organization",
            organization_label(row["organization__name"], row["organization__acronym"]),
            row["organization__slug"],
            row["participations"],
        ]
        for row in participations.organization_counts()
    ]
    recorded = [
        f"{workshop.recorded_participants} participants" if workshop.recorded_participants else "",
        f"from {workshop.recorded_countries} countries" if workshop.recorded_countries else "",
        f"in the {workshop.recorded_region} region" if workshop.recorded_region else "",
    ]
    recorded = " ".join(part for part in recorded if part)
    page = request.build_absolute_uri(workshop.get_absolute_url())
    return spreadsheet_response(
        file_format=file_format,
        file_name=f"{workshop.slug}-participation",
        title="Participation",
        columns=["Counted by", "Name", "Code", "Participations (counted)"],
        rows=[*by_country, *by_organization],
        source_lines=[
            f"SESN Portal of the {NETWORK}: participation in the {workshop.full_title} "
            f"({workshop.start_date:%Y}), {page}",
            "Counted from the participation records the portal holds; people are not named.",
            f"As recorded by the source: {recorded}." if recorded else "",
            FIGURES_NOTE,
        ],
    )
