"""What the site-wide search looks through, one section per kind of record, in display order.

To search another kind of record, give its QuerySet a `search(text)` method (built on
`core.search.matching`) that returns only public records, write a partial that shows one
result as `result`, and add a `SearchSection` here.
"""

from collections.abc import Callable
from dataclasses import dataclass

from news.models import Post
from participants.models import Organization
from recommendations.models import Recommendation
from workshops.models import Workshop


@dataclass(frozen=True)
class SearchSection:
    kind: str
    label: str
    search: Callable  # text -> QuerySet of public records
    result_template: str
    all_results_url_name: str = ""  # a list page that takes ?q=, for "all N results"


SEARCH_SECTIONS = [
    SearchSection(
        kind="workshops",
        label="Workshops",
        search=lambda text: Workshop.objects.published().for_list().search(text),
        result_template="workshops/includes/_workshop_result.html",
        all_results_url_name="workshops:workshop-list",
    ),
    SearchSection(
        kind="recommendations",
        label="Recommendations",
        search=lambda text: Recommendation.objects.published().for_list().search(text),
        result_template="recommendations/includes/_recommendation_result.html",
        all_results_url_name="recommendations:recommendation-list",
    ),
    SearchSection(
        kind="organizations",
        label="Organizations",
        search=lambda text: Organization.objects.public().search(text),
        result_template="participants/includes/_organization_result.html",
        all_results_url_name="participants:organization-list",
    ),
    SearchSection(
        kind="news",
        label="News",
        search=lambda text: Post.objects.search(text),
        result_template="news/includes/_post_result.html",
        all_results_url_name="news:post-list",
    ),
]
