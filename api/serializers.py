"""What the API answers for each kind of record: the public pages' facts, as JSON.

Never a person's contact details or name: a workshop's participation is given as counts by
country and by organization only.
"""

from django.urls import reverse
from django_countries import countries
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from news.models import Post
from participants.models import Organization
from recommendations.models import TRACKER_STATUSES, FollowUp, Recommendation
from workshops.models import Workshop, WorkshopOrganizer, WorkshopSeries


@extend_schema_field(OpenApiTypes.URI)
class PageUrlField(serializers.ReadOnlyField):
    """The record's page on the portal, as an absolute address."""

    def __init__(self, **kwargs):
        super().__init__(source="get_absolute_url", **kwargs)

    def to_representation(self, value):
        request = self.context.get("request")
        return request.build_absolute_uri(value) if request else value


class CountryCodeField(serializers.CharField):
    """An ISO 3166-1 alpha-2 code; blank for an international body."""

    def to_representation(self, value):
        return value.code or ""


class OrganizationReferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["slug", "name", "acronym"]


class ThemeReferenceSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class OrganizationSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:organization-detail", lookup_field="slug"
    )
    page_url = PageUrlField()
    label = serializers.CharField(help_text="How the pages name it: “name (acronym)”.")
    kind_label = serializers.CharField(source="get_kind_display")
    country = CountryCodeField()
    country_name = serializers.CharField(source="country.name")

    class Meta:
        model = Organization
        fields = [
            "slug",
            "url",
            "page_url",
            "name",
            "acronym",
            "label",
            "kind",
            "kind_label",
            "country",
            "country_name",
            "website",
            "description",
        ]


class SeriesSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:series-detail", lookup_field="slug")
    organization = OrganizationReferenceSerializer(help_text="The body that runs the series.")
    published_workshops = serializers.IntegerField()
    workshops_url = serializers.SerializerMethodField()

    class Meta:
        model = WorkshopSeries
        fields = [
            "slug",
            "url",
            "name",
            "description",
            "organization",
            "published_workshops",
            "workshops_url",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_workshops_url(self, series):
        path = f"{reverse('api:workshop-list')}?series={series.slug}"
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class FollowUpSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display")
    led_to_workshop = serializers.SerializerMethodField(
        help_text="The slug of a later published workshop this follow-up led to."
    )

    class Meta:
        model = FollowUp
        fields = [
            "date",
            "status",
            "status_label",
            "action",
            "evidence_url",
            "led_to_workshop",
            "led_to_project",
        ]

    @extend_schema_field(serializers.SlugField(allow_null=True))
    def get_led_to_workshop(self, follow_up):
        workshop = follow_up.led_to_workshop
        return workshop.slug if workshop and workshop.is_published else None


class RecommendationSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:recommendation-detail")
    page_url = PageUrlField()
    workshop = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    workshop_title = serializers.CharField(source="workshop.full_title")
    themes = ThemeReferenceSerializer(many=True)
    status = serializers.ChoiceField(
        choices=TRACKER_STATUSES, help_text="The latest follow-up's status, or “none”."
    )
    status_label = serializers.CharField()
    latest_follow_up_date = serializers.DateField(allow_null=True)
    addressed_to = OrganizationReferenceSerializer(many=True)
    follow_ups = FollowUpSerializer(many=True)

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "url",
            "page_url",
            "workshop",
            "workshop_title",
            "number",
            "short_title",
            "text",
            "themes",
            "status",
            "status_label",
            "latest_follow_up_date",
            "addressed_to",
            "follow_ups",
        ]


class OrganizerSerializer(serializers.ModelSerializer):
    organization = OrganizationReferenceSerializer()
    role_label = serializers.CharField(source="get_role_display")

    class Meta:
        model = WorkshopOrganizer
        fields = ["organization", "role", "role_label"]


class CountryParticipationSerializer(serializers.Serializer):
    country = serializers.CharField(help_text="ISO code; blank: international organizations.")
    country_name = serializers.CharField()
    participations = serializers.IntegerField()


class OrganizationParticipationSerializer(serializers.Serializer):
    organization = OrganizationReferenceSerializer()
    participations = serializers.IntegerField()


class ParticipationSerializer(serializers.Serializer):
    """Recorded attendance (participation records), counted; no one is named."""

    by_country = CountryParticipationSerializer(many=True)
    by_organization = OrganizationParticipationSerializer(many=True)


class WorkshopSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:workshop-detail", lookup_field="slug")
    page_url = PageUrlField()
    full_title = serializers.CharField(help_text="The title with the edition: “2nd ...”.")
    series = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    series_name = serializers.CharField(source="series.name")
    country = CountryCodeField()
    country_name = serializers.CharField(source="country.name")
    date_known_to_the_day = serializers.BooleanField(
        help_text="False where the records give only the month: the days are then not facts."
    )

    class Meta:
        model = Workshop
        fields = [
            "slug",
            "url",
            "page_url",
            "edition",
            "title",
            "full_title",
            "series",
            "series_name",
            "start_date",
            "end_date",
            "date_known_to_the_day",
            "city",
            "country",
            "country_name",
            "recorded_participants",
            "recorded_countries",
            "recorded_region",
        ]


class WorkshopDetailSerializer(WorkshopSerializer):
    objectives = serializers.SlugRelatedField(slug_field="text", many=True, read_only=True)
    conclusions = serializers.SlugRelatedField(slug_field="text", many=True, read_only=True)
    organizers = OrganizerSerializer(source="organizer_roles", many=True)
    recommendations = RecommendationSerializer(many=True)
    participation = serializers.SerializerMethodField()
    report_url = serializers.SerializerMethodField()

    class Meta(WorkshopSerializer.Meta):
        fields = [
            *WorkshopSerializer.Meta.fields,
            "short_title",
            "venue",
            "summary",
            "recorded_figures_note",
            "objectives",
            "conclusions",
            "organizers",
            "recommendations",
            "participation",
            "report_title",
            "report_url",
            "external_report_url",
        ]

    @extend_schema_field(ParticipationSerializer)
    def get_participation(self, workshop):
        participations = workshop.participations.all()
        return ParticipationSerializer(
            {
                "by_country": [
                    {
                        "country": code,
                        "country_name": countries.name(code) if code else "",
                        "participations": count,
                    }
                    for code, count in participations.country_counts()
                ],
                "by_organization": [
                    {
                        "organization": {
                            "slug": row["organization__slug"],
                            "name": row["organization__name"],
                            "acronym": row["organization__acronym"],
                        },
                        "participations": row["participations"],
                    }
                    for row in participations.organization_counts()
                ],
            }
        ).data

    @extend_schema_field(OpenApiTypes.URI)
    def get_report_url(self, workshop):
        path = reverse("reports:workshop-report", kwargs={"slug": workshop.slug})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class PostSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:post-detail", lookup_field="slug")
    page_url = PageUrlField()
    author_name = serializers.CharField()
    body_html = serializers.CharField(help_text="The post's body, sanitised HTML.")
    categories = ThemeReferenceSerializer(many=True)
    workshops = serializers.SlugRelatedField(
        slug_field="slug",
        many=True,
        read_only=True,
        help_text="The published workshops the post is about.",
    )
    approved_comment_count = serializers.IntegerField()

    class Meta:
        model = Post
        fields = [
            "slug",
            "url",
            "page_url",
            "title",
            "published_at",
            "author_name",
            "excerpt",
            "body_html",
            "categories",
            "workshops",
            "approved_comment_count",
        ]


class CountrySerializer(serializers.Serializer):
    code = serializers.CharField()
    url = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField()
    name = serializers.CharField()
    workshops_hosted = serializers.IntegerField()
    workshops_attended = serializers.IntegerField()
    organizations = serializers.IntegerField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, country):
        path = reverse("api:country-detail", kwargs={"code": country.code})
        return self.context["request"].build_absolute_uri(path)

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, country):
        return self.context["request"].build_absolute_uri(country.get_absolute_url())
