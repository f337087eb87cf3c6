from functools import reduce
from operator import or_

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django_countries import countries
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from core.models import SluggedModel, SluggedQuerySet, TimestampedModel
from core.permissions import may_see_unpublished
from core.records_version import kept_while_records_stand
from core.search import matching
from workshops.models import SLUG_HELP, RelatedEvent, Workshop, WorkshopOrganizer, WorkshopSeries

# A delegation's headcount, where the source gives one, is of one person or more.
SMALLEST_DELEGATION = 1

# How the records tie an organization to a workshop (OrganizationQuerySet.tied_to).
ALL_TIES = ("participant", "organizer", "addressee", "related_event_organizer", "series_runner")


class OrganizationQuerySet(SluggedQuerySet):
    def international(self):
        return self.filter(kind__in=Organization.INTERNATIONAL_KINDS)

    def search(self, text):
        """Organizations whose name (in any of its languages), acronym or description match
        `text`."""
        # Kept by PostgreSQL (migration 0006 lists these fields: change both together).
        return matching(
            self,
            text,
            ["name", "acronym", "description", "other_names__name"],
            stored_document="search_document",
        )

    def engaged_in_published_workshops(self):
        """Organizations that took part in or organized a published workshop, or organized an
        event related to one."""
        return self.tied_to(
            Workshop.objects.published(),
            ties=("participant", "organizer", "related_event_organizer"),
        )

    def tied_to(self, workshops, *, ties=ALL_TIES):
        """Organizations that the records tie to any of `workshops`: as participants,
        organizers, addressees of its recommendations, organizers of an event related to it,
        or the body that runs its series (`ties` names which of ALL_TIES count)."""
        records = {
            "participant": Participation.objects.filter(workshop__in=workshops),
            "organizer": WorkshopOrganizer.objects.filter(workshop__in=workshops),
            # Recommendation.addressed_to's table, reached from this side of the relation.
            "addressee": Organization.recommendations_addressed.through.objects.filter(
                recommendation__workshop__in=workshops
            ),
            "related_event_organizer": RelatedEvent.organizations.through.objects.filter(
                relatedevent__workshop__in=workshops
            ),
            "series_runner": WorkshopSeries.objects.filter(workshops__in=workshops),
        }
        return self.filter(
            reduce(or_, (Q(pk__in=records[tie].values("organization")) for tie in ties))
        )

    def public(self):
        """What the public sees: every organization except one that the records tie only to
        workshops not yet published (one added with a draft's participant list, say). It is
        published with its workshop.

        Which ones are hidden is worked out once per records version (`hidden_organization_ids`):
        finding them reads every tie, which no page should pay for on each request."""
        return self.exclude(pk__in=hidden_organization_ids())

    def tied_only_to_unpublished_workshops(self):
        """Those of these organizations that the records tie to a workshop not yet published
        and to no published one: the ones `public()` leaves out."""
        return self.tied_to(Workshop.objects.exclude(status=Workshop.Status.PUBLISHED)).exclude(
            pk__in=Organization.objects.tied_to(Workshop.objects.published()).values("pk")
        )

    def visible_to(self, user):
        """Who may view organizations in the admin sees every one; everyone else the public
        ones."""
        if may_see_unpublished(user, Organization):
            return self
        return self.public()

    def country_counts(self):
        """{country code: number of these organizations}; international ones are left out."""
        rows = self.exclude(country="").order_by().values("country").annotate(n=Count("pk"))
        return {row["country"]: row["n"] for row in rows}


def hidden_organization_ids():
    """The ids of the organizations that the public does not see (tied only to unpublished
    workshops), counted once per records version: every change to the records moves the
    version on, so the set is never stale. Few or none in practice."""
    return kept_while_records_stand(
        "hidden-organizations",
        lambda: sorted(
            Organization.objects.tied_only_to_unpublished_workshops().values_list("pk", flat=True)
        ),
    )


# A language tag as pages' `lang` attributes take it: "en", "km", "zh-Hans", "ja".
LANGUAGE_CODE_HELP = "The language of the name, as a code: en, km, th, ja, zh, ko, vi."
language_code = RegexValidator(
    r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
    "Enter a language code such as en, km, th, ja, zh, ko, vi or zh-Hant.",
)


class Organization(SluggedModel, TimestampedModel):
    """An agency or body: a customs service, a ministry, a network, a regional centre."""

    class Kind(models.TextChoices):
        CUSTOMS = "customs", "Customs"
        ENVIRONMENTAL_AUTHORITY = "environmental_authority", "Environmental authority"
        PORT_AUTHORITY = "port_authority", "Port authority"
        POLICE_COAST_GUARD = "police_coast_guard", "Police or coast guard"
        MINISTRY = "ministry", "Ministry"
        OTHER_GOVERNMENT = "other_government", "Other government"
        INTERNATIONAL_ORGANIZATION = "international_organization", "International organization"
        REGIONAL_CENTRE = "regional_centre", "Regional centre"
        ENFORCEMENT_NETWORK = "enforcement_network", "Enforcement network"
        NGO = "ngo", "NGO"
        OTHER = "other", "Other"

    # Bodies that belong to no one country: their country is left blank.
    INTERNATIONAL_KINDS = (
        Kind.INTERNATIONAL_ORGANIZATION,
        Kind.REGIONAL_CENTRE,
        Kind.ENFORCEMENT_NETWORK,
    )

    name = models.CharField(max_length=255)
    name_language = models.CharField(
        "language of the name",
        max_length=35,
        default="en",
        validators=[language_code],
        help_text=LANGUAGE_CODE_HELP + " Its names in other languages are listed below.",
    )
    acronym = models.CharField(max_length=30, blank=True)
    slug = models.SlugField(max_length=160, unique=True, blank=True, help_text=SLUG_HELP)
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.OTHER)
    country = CountryField(blank=True, help_text="Leave blank for international bodies.")
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="The body this one belongs to: the SESN is a network of INECE.",
    )
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)

    objects = OrganizationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "country"],
                name="organization_unique_name_in_country",
                violation_error_message=(
                    "An organization with this name already exists in this country."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")),
                name="organization_not_own_parent",
                violation_error_message="An organization cannot be its own parent.",
            ),
        ]
        indexes = [models.Index(fields=["kind"]), models.Index(fields=["country"])]

    def __str__(self):
        # Two ministries may share a name; the country tells them apart.
        return f"{self.label}, {self.country.name}" if self.country else self.label

    @property
    def label(self):
        """How pages and the report name the organization: "name (acronym)", or the name."""
        return organization_label(self.name, self.acronym)

    def get_absolute_url(self):
        return reverse("participants:organization-detail", kwargs={"slug": self.slug})

    def slug_sources(self):
        # The English name where the main one gives no slug, then the acronym.
        english = [n.name for n in self.other_names.all() if n.language == "en"] if self.pk else []
        return [self.name, *english, self.acronym]

    @property
    def names(self):
        """[(name, language)]: the main name first, then its names in other languages."""
        return [(self.name, self.name_language)] + [
            (other.name, other.language) for other in self.other_names.all()
        ]

    def natural_key(self):
        return (self.slug,)

    @property
    def is_international(self):
        return self.kind in self.INTERNATIONAL_KINDS

    @property
    def is_public(self):
        """Whether the public sees this organization (`OrganizationQuerySet.public`)."""
        return self.pk not in hidden_organization_ids()


def organization_label(name, acronym):
    """ "Ministry of the Environment (MoE)", or the name alone where there is no acronym: the one
    rule for naming an organization, for a record (`Organization.label`) or a row of values."""
    return f"{name} ({acronym})" if acronym else name


class OrganizationName(TimestampedModel):
    """An organization's name in another language or script: 環境省 beside “Ministry of the
    Environment”. Shown with the main name, searched with it, and set in its language's font."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="other_names"
    )
    name = models.CharField(max_length=255)
    language = models.CharField(
        max_length=35, validators=[language_code], help_text=LANGUAGE_CODE_HELP
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["organization", "language", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "language", "name"],
                name="organization_name_unique",
                violation_error_message="The organization already has this name.",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.language})"


class Person(TimestampedModel):
    """Someone who took part. Contact details are for the secretariat only."""

    name = models.CharField(max_length=255)
    position = models.CharField(max_length=255, blank=True)
    organization = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="people"
    )
    country = CountryField(blank=True)
    email = models.EmailField(blank=True, help_text="Private: never shown on a public page.")
    phone = models.CharField(
        max_length=40, blank=True, help_text="Private: never shown on a public page."
    )
    publish_name_consent = models.BooleanField(
        "consents to publishing the name",
        default=False,
        help_text=(
            "Only with this consent does the person's name appear on public pages and reports."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        indexes = [models.Index(fields=["name", "country"])]

    def __str__(self):
        return self.name

    @property
    def public_name(self):
        """The name where consent is recorded, otherwise nothing."""
        return self.name if self.publish_name_consent else ""


class ParticipationQuerySet(models.QuerySet):
    def for_public_listing(self):
        return self.select_related("person", "organization")

    def in_published_workshops(self):
        return self.filter(workshop__status=Workshop.Status.PUBLISHED)

    def named_in_public(self):
        """Participations of people who consented to their name being published."""
        return self.filter(person__publish_name_consent=True).select_related(
            "person", "organization"
        )

    def country_counts(self):
        """[(country code, participations)] in the order of the countries' names; blank
        (international organizations) last."""
        rows = self.order_by().values("country").annotate(participations=Count("pk"))
        return sorted(
            ((row["country"], row["participations"]) for row in rows),
            key=lambda pair: (pair[0] == "", countries.name(pair[0]) if pair[0] else ""),
        )

    def delegations(self):
        """Countries' delegations (a country alone), in country-name order, with headcounts."""
        return sorted(
            self.filter(person=None, organization=None).exclude(country=""),
            key=lambda participation: participation.country.name,
        )

    def organization_counts(self):
        """One row per organization represented: name, acronym, slug and participations."""
        return (
            self.exclude(organization=None)
            .order_by("organization__name")
            .values("organization__name", "organization__acronym", "organization__slug")
            .annotate(participations=Count("pk"))
        )

    def workshops_by_country(self):
        """{country code: number of distinct workshops it attended}."""
        rows = (
            self.exclude(country="")
            .order_by()
            .values("country")
            .annotate(workshops=Count("workshop", distinct=True))
        )
        return {row["country"]: row["workshops"] for row in rows}


class Participation(TimestampedModel):
    """A person, an organization as a whole, or a country's delegation at a workshop.

    A delegation is a country alone, with no person or organization: what a source states when
    it names the countries that attended and no more (with its headcount where stated)."""

    class Role(models.TextChoices):
        PARTICIPANT = "participant", "Participant"
        SPEAKER = "speaker", "Speaker"
        FACILITATOR = "facilitator", "Facilitator"
        ORGANIZER = "organizer", "Organizer"
        OBSERVER = "observer", "Observer"
        RAPPORTEUR = "rapporteur", "Rapporteur"

    workshop = models.ForeignKey(
        "workshops.Workshop", on_delete=models.CASCADE, related_name="participations"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="participations"
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        help_text="The organization represented.",
    )
    country = CountryField(
        blank=True, help_text="The country represented; blank for an international body."
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PARTICIPANT)
    delegation_size = models.PositiveIntegerField(
        "delegation's headcount",
        null=True,
        blank=True,
        validators=[
            MinValueValidator(SMALLEST_DELEGATION, "A delegation numbers at least one person.")
        ],
        help_text="For a country's delegation (a country with no person or organization): "
        "how many it numbered, where the source says. Leave empty otherwise.",
    )

    objects = ParticipationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["workshop", "country", "organization__name", "person__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(organization__isnull=False) | ~Q(country=""),
                name="participation_person_organization_or_country",
                violation_error_message="A participation needs a person, an organization, or "
                "(for a country's delegation) a country.",
            ),
            models.CheckConstraint(
                condition=Q(delegation_size__isnull=True)
                | Q(person__isnull=True, organization__isnull=True),
                name="participation_headcount_only_for_delegation",
                violation_error_message="Only a country's delegation (a country with no person "
                "or organization) has a headcount.",
            ),
            models.UniqueConstraint(
                fields=["workshop", "country"],
                condition=Q(person__isnull=True, organization__isnull=True),
                name="participation_unique_delegation",
                violation_error_message="This country's delegation is already recorded at "
                "this workshop.",
            ),
            models.UniqueConstraint(
                fields=["workshop", "person"],
                condition=Q(person__isnull=False),
                name="participation_unique_person",
                violation_error_message="This person is already recorded at this workshop.",
            ),
            models.UniqueConstraint(
                fields=["workshop", "organization"],
                condition=Q(person__isnull=True),
                name="participation_unique_organization",
                violation_error_message="This organization is already recorded at this workshop.",
            ),
        ]
        indexes = [
            models.Index(fields=["workshop", "country"]),
            # Workshops "in a country" (held there or attended from it): the workshop list's
            # country filter, where a country page sends its readers for the rest.
            models.Index(fields=["country", "workshop"], name="participation_country_workshop"),
        ]

    def __str__(self):
        who = self.person or self.organization or f"Delegation of {self.country.name}"
        return f"{who} at {self.workshop}"

    @property
    def is_delegation(self):
        return self.person_id is None and self.organization_id is None
