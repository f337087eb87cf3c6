from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from news.models import Post

from .figures import network_figures
from .filters import WorkshopFilter
from .models import Workshop
from .search import clean_search_text, search_words_notice
from .search_sections import SEARCH_SECTIONS


class FilteredListView(FilterView):
    """A public list with django-filter filters and pagination.

    A filter value that does not fit (`year=abc`, `country=ZZ`) is ignored and the page says
    so (`filter.ignored`); a page number that does not exist answers 404.
    """

    strict = False


class HomeView(TemplateView):
    template_name = "home.html"
    latest_count = 3

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            figures=network_figures(),
            latest_workshops=Workshop.objects.published().for_list()[: self.latest_count],
            **kwargs,
        )


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
            attendance_by_organization=shown,
            organizations_not_shown=organizations_not_shown,
            named_participations=named_page,
            news_posts=Post.objects.about_workshop(self.object),
            **kwargs,
        )


class SearchView(TemplateView):
    """Search across every kind of public record; results grouped by kind."""

    template_name = "workshops/search.html"
    results_per_section = 10

    def get_context_data(self, **kwargs):
        text = clean_search_text(self.request.GET.get("q", ""))
        sections = []
        if text:
            for section in SEARCH_SECTIONS:
                found = list(section.search(text)[: self.results_per_section + 1])
                has_more = len(found) > self.results_per_section
                more_url = ""
                if has_more and section.all_results_url_name:
                    more_url = reverse(section.all_results_url_name)
                sections.append(
                    {
                        "section": section,
                        "results": found[: self.results_per_section],
                        "has_more": has_more,
                        "more_url": more_url,
                    }
                )
        return super().get_context_data(
            query=text,
            search_notice=search_words_notice(self.request.GET.get("q", "")),
            search_sections=SEARCH_SECTIONS,
            sections=sections,
            found_any=any(group["results"] for group in sections),
            **kwargs,
        )


def csrf_failure(request, reason=""):
    """A form sent without a valid security token (a page open too long, cookies blocked):
    said plainly in the site's layout, with what the person typed shown back to copy."""
    typed = request.POST.get("text", "") if request.method == "POST" else ""
    return render(request, "403_csrf.html", {"typed": typed[:5000]}, status=403)
