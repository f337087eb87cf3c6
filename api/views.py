"""The read-only API: each endpoint reads with the QuerySet methods the public pages use, so
that it shows what they show and no more (published workshops, public organizations and
posts; drafts answer 404, whoever asks)."""

from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.views.decorators.http import conditional_page
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import viewsets
from rest_framework.response import Response

from core.page_cache import kept_for_this_page
from news.models import Post
from participants.countries import country_code_or_none, country_summaries
from participants.filters import OrganizationFilter
from participants.models import Organization
from recommendations.filters import RecommendationFilter
from recommendations.models import FollowUp, Recommendation
from workshops.filters import WorkshopFilter, series_with_published_workshops
from workshops.models import Workshop

from . import serializers


class PublicRecordsViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only endpoint whose answers carry an ETag: a client that sends it back in
    If-None-Match gets 304 Not Modified, without the body, while the records are unchanged."""

    @classmethod
    def as_view(cls, actions=None, **initkwargs):
        return conditional_page(super().as_view(actions, **initkwargs))

    # An answer is the same for every reader of its address (no endpoint shows a draft): it
    # is kept per records version as the JSON sent, as the pages' record parts are
    # (`kept_for_this_page`).
    def list(self, request, *args, **kwargs):
        return self.kept_answer(super().list, request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        return self.kept_answer(super().retrieve, request, *args, **kwargs)

    def kept_answer(self, answer, request, *args, **kwargs):
        def rendered():
            response = answer(request, *args, **kwargs)
            response.accepted_renderer = request.accepted_renderer
            response.accepted_media_type = request.accepted_media_type
            response.renderer_context = self.get_renderer_context()
            return response.rendered_content

        media_type = request.accepted_media_type
        # Kept per media type ("application/json; indent=2" is other JSON), without spaces.
        part = f"api-{self.action}:{''.join(media_type.split())}"
        content = kept_for_this_page(request, part, rendered)
        return HttpResponse(content, content_type=media_type)


def with_follow_ups(queryset, prefix=""):
    """`queryset` with each recommendation's addressees and follow-ups (`prefix`: the path to
    the recommendations)."""
    return queryset.prefetch_related(
        f"{prefix}addressed_to",
        Prefetch(
            f"{prefix}follow_ups", queryset=FollowUp.objects.select_related("led_to_workshop")
        ),
    )


class WorkshopViewSet(PublicRecordsViewSet):
    """Published workshops, newest first; filtered as the workshop list is (`q`, `year`,
    `country`, `series`, `sort`). A workshop's answer has its objectives, conclusions,
    organizers, recommendations with their follow-ups, and participation counted by country
    and organization."""

    lookup_field = "slug"
    filterset_class = WorkshopFilter

    def get_queryset(self):
        if self.action == "retrieve":
            return with_follow_ups(
                Workshop.objects.published().for_detail_page(), prefix="recommendations__"
            )
        return Workshop.objects.published().for_list()

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.WorkshopDetailSerializer
        return serializers.WorkshopSerializer


class SeriesViewSet(PublicRecordsViewSet):
    """Workshop series with at least one published workshop."""

    lookup_field = "slug"
    serializer_class = serializers.SeriesSerializer

    def get_queryset(self):
        return (
            series_with_published_workshops()
            .select_related("organization")
            .annotate(
                published_workshops=Count(
                    "workshops", filter=Q(workshops__status=Workshop.Status.PUBLISHED)
                )
            )
            .order_by("name")
        )


class OrganizationViewSet(PublicRecordsViewSet):
    """Organizations on record, as the organization index lists them (`q`, `kind`,
    `country`)."""

    lookup_field = "slug"
    serializer_class = serializers.OrganizationSerializer
    filterset_class = OrganizationFilter
    # The model, for the schema: `public()` reads which organizations are hidden (from the
    # cache, or the records), which the schema, made without a database, cannot.
    queryset = Organization.objects.none()

    def get_queryset(self):
        return Organization.objects.public()


class RecommendationViewSet(PublicRecordsViewSet):
    """The recommendation tracker: published workshops' recommendations with their follow-up
    status (`q`, `status`, `theme`, `workshop`)."""

    serializer_class = serializers.RecommendationSerializer
    filterset_class = RecommendationFilter

    def get_queryset(self):
        return with_follow_ups(
            Recommendation.objects.published()
            .for_list()
            .order_by("-workshop__start_date", "workshop__title", "number")
        )


class PostViewSet(PublicRecordsViewSet):
    """Public news posts, newest first."""

    lookup_field = "slug"
    serializer_class = serializers.PostSerializer

    def get_queryset(self):
        return (
            Post.objects.published()
            .for_list()
            .prefetch_related(Prefetch("workshops", queryset=Workshop.objects.published()))
        )


class CountryViewSet(PublicRecordsViewSet):
    """Countries on record (where a published workshop was held, someone represented them,
    or an organization is based), by name, with what each has done."""

    serializer_class = serializers.CountrySerializer
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z]{2}"
    filter_backends = []

    def get_queryset(self):
        return country_summaries()

    def get_object(self):
        code = country_code_or_none(self.kwargs["code"])
        for summary in self.get_queryset():
            if summary.code == code:
                return summary
        raise Http404("No public records for this country.")

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(self.get_serializer(self.get_object()).data)


class DocumentationView(SpectacularSwaggerSplitView):
    """The API's documentation page: Swagger UI from the sidecar package's files, its set-up
    script served from this address (`?script=`) rather than inline, so that the page passes
    the portal's Content-Security-Policy as it is."""

    template_name = "api/swagger_ui.html"
    url_name = "api:schema"
    title = "SESN Portal API"
