"""Site-wide pages: home, search across every kind of record, the refused-form page."""

from django.shortcuts import render
from django.urls import reverse
from django.views.generic import TemplateView

from core.search import clean_search_text, search_words_notice
from workshops.models import Workshop

from .figures import current_home_pictures, current_network_figures
from .search_sections import SEARCH_SECTIONS


class HomeView(TemplateView):
    template_name = "portal/home.html"
    latest_count = 3

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            figures=current_network_figures(),
            **current_home_pictures(),
            latest_workshops=Workshop.objects.published().for_list()[: self.latest_count],
            **kwargs,
        )


class SearchView(TemplateView):
    """Search across every kind of public record; results grouped by kind."""

    template_name = "portal/search.html"
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
