import os
import secrets
from collections import Counter

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from core.models import DatePrecision, SluggedModel, SluggedQuerySet, TimestampedModel, as_known
from core.permissions import may_see_unpublished
from core.search import matching

from .validators import MATERIAL_FILE_SIGNATURES, validate_material_upload


def ordinal(number):
    """1 -> "1st", 2 -> "2nd", 11 -> "11th", 23 -> "23rd"."""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


SLUG_HELP = (
    "Its address. Left empty, it is made from the name (a name in any script is transliterated "
    "to Latin letters). A changed slug keeps the old address working: it redirects."
)
DATE_PRECISION_HELP = (
    "How much of the dates the sources state. For “June 2009” choose “Month only” and enter "
    "any day of June 2009 (it is kept as 1 June); for “2009”, “Year only”. The dates are then "
    "shown only as far as they are known."
)


class WorkshopSeries(SluggedModel, TimestampedModel):
    name = models.CharField(max_length=255, unique=True)
    slug = models.SlugField(max_length=120, unique=True, blank=True, help_text=SLUG_HELP)
    organization = models.ForeignKey(
        "participants.Organization",
        on_delete=models.PROTECT,
        related_name="workshop_series",
        help_text="The network or body that runs the series.",
    )
    description = models.TextField(blank=True)

    objects = SluggedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "workshop series"

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


def _short_name(row):
    """A workshop's name in a list of figures: its short title, or its full title."""
    if row["short_title"]:
        return row["short_title"]
    return f"{ordinal(row['edition'])} {row['title']}" if row["edition"] else row["title"]


class WorkshopQuerySet(SluggedQuerySet):
    def published(self):
        return self.filter(status=Workshop.Status.PUBLISHED)

    def visible_to(self, user):
        """Who may view workshops in the admin sees drafts too; everyone else only what is
        published."""
        if may_see_unpublished(user, Workshop):
            return self
        return self.published()

    def with_attendance(self):
        """Annotate what the recorded attendance (participation records) adds up to: records,
        participants (a country's delegation counts as its headcount, or as one where none is
        stated) and countries."""
        return self.annotate(
            attendance_participations=Count("participations", distinct=True),
            attendance_participants=Coalesce(
                Sum(
                    Case(
                        When(
                            participations__delegation_size__isnull=False,
                            then=F("participations__delegation_size"),
                        ),
                        When(participations__isnull=False, then=Value(1)),
                        default=Value(0),
                    )
                ),
                0,
            ),
            attendance_countries=Count(
                "participations__country",
                filter=~Q(participations__country=""),
                distinct=True,
            ),
        )

    def for_detail_page(self):
        return self.select_related("series", "series__organization").prefetch_related(
            *self.detail_page_parts()
        )

    def detail_page_parts(self):
        """What a workshop's page (and its report) shows besides the workshop, as prefetch
        lookups: `for_detail_page()` reads them with the workshops, `prefetch_related_objects()`
        adds them to a workshop already read."""
        # recommendations builds on workshops: read here only to show a workshop with its own.
        from recommendations.models import Recommendation  # noqa: PLC0415

        return [
            "objectives",
            "conclusions",
            "agenda_items",
            "materials",
            "organizer_roles__organization__other_names",
            "other_numberings",
            Prefetch(
                "related_events",
                queryset=RelatedEvent.objects.select_related("portal_workshop").prefetch_related(
                    "organizations"
                ),
            ),
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.with_latest_follow_up().prefetch_related("themes"),
            ),
        ]

    def with_outcomes_recorded(self):
        """Annotate `outcomes_recorded` (`Workshop.has_outcomes`) in the workshop's own query:
        whether objectives, conclusions or recommendations are recorded."""

        def recorded(parts):
            return Exists(
                self.model.objects.filter(pk=OuterRef("pk"), **{f"{parts}__isnull": False})
            )

        return self.annotate(
            outcomes_recorded=ExpressionWrapper(
                Q(recorded("objectives"))
                | Q(recorded("conclusions"))
                | Q(recorded("recommendations")),
                output_field=BooleanField(),
            )
        )

    def for_list(self):
        """What a list of workshops shows: the series beside each."""
        return self.select_related("series")

    def search(self, text):
        """Workshops whose titles, place, summary, objectives or conclusions match `text`."""
        return matching(
            self,
            text,
            [
                "title",
                "short_title",
                "summary",
                "city",
                "venue",
                "recorded_figures_note",
                "series__name",
                "objectives__text",
                "conclusions__text",
            ],
            # Kept by PostgreSQL (migration 0009 lists these fields: change both together).
            stored_document="search_document",
        )

    def in_country(self, code):
        """Workshops held in the country or attended by someone representing it."""
        return self.filter(Q(country=code) | self._attended_from(code))

    def attended_from(self, code):
        """Workshops someone representing the country attended (or its delegation)."""
        return self.filter(self._attended_from(code))

    def _attended_from(self, code):
        # EXISTS per workshop rather than IN (every participation from the country): at 1,000
        # workshops a count reads half as much, and the latest few stop at the first matches
        # (docs/performance.md). The participation model is reached through the relation:
        # workshops does not import participants.
        participation = self.model._meta.get_field("participations").related_model
        return Exists(participation.objects.filter(workshop=OuterRef("pk"), country=code))

    def years(self):
        """The years in which these workshops started, newest first."""
        return [day.year for day in self.dates("start_date", "year", order="DESC")]

    def host_country_counts(self):
        """{country code: number of these workshops held there}."""
        rows = self.order_by().values("country").annotate(workshops=Count("pk"))
        return {row["country"]: row["workshops"] for row in rows}

    def participation_over_time(self):
        """These workshops in the order they were held, each with its participants and countries
        as recorded (the source's figures) and as counted (participation records), and how
        many were held each year, every year from the first to the last. One query."""
        rows = [
            {
                "slug": row["slug"],
                "year": row["start_date"].year,
                "label": f"{row['start_date'].year}: {_short_name(row)}",
                "recorded_participants": row["recorded_participants"],
                "counted_participants": row["attendance_participations"],
                "recorded_countries": row["recorded_countries"],
                "counted_countries": row["attendance_countries"],
            }
            for row in self.with_attendance()
            .order_by("start_date", "pk")
            .values(
                "slug",
                "title",
                "short_title",
                "edition",
                "start_date",
                "recorded_participants",
                "recorded_countries",
                "attendance_participations",
                "attendance_countries",
            )
        ]
        held = Counter(row["year"] for row in rows)
        years = range(min(held), max(held) + 1) if held else []
        return [(year, held[year]) for year in years], rows

    def attendance_country_codes(self):
        """The countries recorded as attending any of these workshops (participations')."""
        return set(
            self.filter(participations__country__gt="")  # not blank (international)
            .order_by()
            .values_list("participations__country", flat=True)
            .distinct()
        )


class Workshop(SluggedModel, TimestampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    series = models.ForeignKey(WorkshopSeries, on_delete=models.PROTECT, related_name="workshops")
    edition = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The workshop's number in its series: 2 for the 2nd."
    )
    title = models.CharField(
        max_length=255,
        help_text="Without the edition: it is shown before the title as an ordinal (“2nd”).",
    )
    short_title = models.CharField(
        max_length=120, blank=True, help_text="Used in running headers and lists."
    )
    slug = models.SlugField(max_length=160, unique=True, blank=True, help_text=SLUG_HELP)
    start_date = models.DateField()
    end_date = models.DateField()
    date_precision = models.CharField(
        "dates known to the",
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=DATE_PRECISION_HELP,
    )
    city = models.CharField(max_length=120)
    country = CountryField()
    venue = models.CharField(max_length=255, blank=True)
    summary = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    # The headline figures exactly as the source states them. Recorded attendance
    # (participation records) is counted separately and never overwrites these.
    recorded_participants = models.PositiveIntegerField(
        null=True, blank=True, help_text="Participants as stated by the source, e.g. 47."
    )
    recorded_countries = models.PositiveIntegerField(
        null=True, blank=True, help_text="Countries as stated by the source, e.g. 14."
    )
    recorded_region = models.CharField(
        max_length=120, blank=True, help_text="Region as stated by the source, e.g. “Asia”."
    )
    recorded_figures_note = models.TextField(
        blank=True,
        help_text="Anything else the source says about who attended, in its words.",
    )
    recorded_figures_explanation = models.TextField(
        "why the figures differ",
        blank=True,
        help_text="Where the figures as the source states them differ from what the "
        "participation records add up to, and the difference is understood (the records list "
        "only the agencies named, say): say why. The data-quality page then lists the "
        "difference as explained; the history keeps who wrote it and when.",
    )

    report_title = models.CharField(
        max_length=255,
        blank=True,
        help_text="Title of the outcome report, e.g. “Objectives, Conclusions, and Ways Forward”.",
    )
    external_report_url = models.URLField(
        blank=True, help_text="Where the report was published outside the portal, if known."
    )
    # Optimistic concurrency: every save adds one, and the admin refuses a form that was
    # loaded at an older version (see WorkshopAdminForm in workshops/admin.py).
    version = models.PositiveIntegerField(default=1, editable=False)
    organizations = models.ManyToManyField(
        "participants.Organization",
        through="WorkshopOrganizer",
        related_name="organized_workshops",
        blank=True,
    )

    objects = WorkshopQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="workshop_end_not_before_start",
                violation_error_message="The end date cannot be before the start date.",
            ),
            models.UniqueConstraint(
                fields=["series", "edition"],
                name="workshop_unique_edition_in_series",
                violation_error_message="This series already has a workshop with that edition.",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-start_date"]),
            models.Index(fields=["country"]),
        ]

    def __str__(self):
        return self.full_title

    def save(self, *args, **kwargs):
        # One more than the stored version, not than this instance's: a revert saves a past
        # version's instance, and its old number must not come back (a form loaded at that
        # number would then overwrite the revert unwarned).
        stored = None
        if self.pk is not None:
            stored = Workshop.objects.filter(pk=self.pk).values_list("version", flat=True).first()
        self.version = max(self.version or 0, stored or 0) + 1
        self.start_date = as_known(self.start_date, self.date_precision)
        self.end_date = as_known(self.end_date, self.date_precision)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("workshops:workshop-detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        super().clean()
        self.start_date = as_known(self.start_date, self.date_precision)
        self.end_date = as_known(self.end_date, self.date_precision)
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date cannot be before the start date."})

    def slug_sources(self):
        return [self.title, self.short_title]

    @property
    def edition_ordinal(self):
        return ordinal(self.edition) if self.edition else ""

    @property
    def full_title(self):
        return f"{self.edition_ordinal} {self.title}".strip()

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def year(self):
        return self.start_date.year

    @property
    def has_outcomes(self):
        """Whether objectives, conclusions or recommendations are recorded: until one is, the
        workshop has no outcome report (reports.views says so rather than serve empty pages).
        Reads `with_outcomes_recorded()`'s annotation, or what `for_detail_page()` prefetched."""
        if hasattr(self, "outcomes_recorded"):
            return self.outcomes_recorded
        return bool(self.objectives.all() or self.conclusions.all() or self.recommendations.all())

    @property
    def date_known_to_the_day(self):
        """Whether the records give the workshop's days, not only its month or year: the
        calendar leaves out a workshop whose days are not known rather than make one up."""
        return self.date_precision == DatePrecision.DAY


class WorkshopOrganizer(TimestampedModel):
    class Role(models.TextChoices):
        CONVENER = "convener", "Convener"
        HOST = "host", "Host"
        CO_ORGANIZER = "co_organizer", "Co-organizer"
        SPONSOR = "sponsor", "Sponsor"
        # Involved without organizing: what the sources call them.
        PARTNER = "partner", "Partner"
        SUPPORTING = "supporting", "Supporting organization"
        RESOURCE_PERSONS = "resource_persons", "Organization of resource persons"
        OBSERVER = "observer", "Observer"
        OTHER = "other", "Other (say how in the note)"

    # The heading each role is listed under on the page and in the report, in this order.
    HEADINGS = {
        Role.CONVENER: "Convened by",
        Role.HOST: "Hosted by",
        Role.CO_ORGANIZER: "Co-organized by",
        Role.SPONSOR: "Sponsored by",
        Role.PARTNER: "Partners",
        Role.SUPPORTING: "Supported by",
        Role.RESOURCE_PERSONS: "Resource persons from",
        Role.OBSERVER: "Observers",
        Role.OTHER: "Also involved",
    }

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="organizer_roles")
    organization = models.ForeignKey(
        "participants.Organization", on_delete=models.PROTECT, related_name="organizer_roles"
    )
    role = models.CharField(
        max_length=20,
        choices=Role.choices,
        default=Role.CO_ORGANIZER,
        help_text="Convener, host, co-organizer and sponsor organized the workshop; partners, "
        "supporting organizations, organizations of resource persons and observers took part "
        "in other ways the sources name. Each is listed under its own heading.",
    )
    note = models.CharField(
        max_length=255,
        blank=True,
        help_text="What the source says of this role, in its words, e.g. “provided the "
        "interpreters”. Shown beside the name.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["workshop", "role", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "organization", "role"],
                name="workshop_organizer_unique_role",
                violation_error_message="This organization already has that role at this workshop.",
            )
        ]

    def __str__(self):
        return f"{self.organization} ({self.get_role_display()}) at {self.workshop}"

    @property
    def heading(self):
        return self.HEADINGS[self.role]


def organizer_roles_by_heading(roles):
    """[(heading, [roles])] in the headings' order, from a workshop's `organizer_roles`."""
    grouped = {}
    for role in roles:
        grouped.setdefault(role.role, []).append(role)
    return [
        (heading, grouped[role])
        for role, heading in WorkshopOrganizer.HEADINGS.items()
        if role in grouped
    ]


class RelatedEvent(TimestampedModel):
    """An event linked to a workshop; it need not be a workshop in the portal."""

    class Relation(models.TextChoices):
        IMMEDIATELY_PRECEDED = "immediately_preceded", "Immediately preceded"
        IMMEDIATELY_FOLLOWED = "immediately_followed", "Immediately followed"
        HELD_ALONGSIDE = "held_alongside", "Held alongside"
        LED_TO = "led_to", "Led to"
        FOLLOWED_UP_ON = "followed_up_on", "Followed up on"

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="related_events")
    relation = models.CharField(
        max_length=30,
        choices=Relation.choices,
        help_text="How the workshop relates to the event: the workshop “immediately preceded” it.",
    )
    title = models.CharField(max_length=255)
    organizations = models.ManyToManyField(
        "participants.Organization",
        related_name="related_events",
        blank=True,
        help_text="The event's organizers.",
    )
    organizer_role = models.CharField(
        max_length=60, blank=True, help_text="What the source calls them, e.g. “co-organized by”."
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(
        "dates known to the",
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=DATE_PRECISION_HELP,
    )
    city = models.CharField(max_length=120, blank=True)
    country = CountryField(blank=True)
    url = models.URLField(blank=True)
    portal_workshop = models.ForeignKey(
        Workshop,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The event's own page, when it is a workshop in the portal.",
    )
    history = HistoricalRecords(m2m_fields=[organizations])

    class Meta:
        ordering = ["workshop", "start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="related_event_end_not_before_start",
                violation_error_message="The end date cannot be before the start date.",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        self.start_date = as_known(self.start_date, self.date_precision)
        self.end_date = as_known(self.end_date, self.date_precision)

    def save(self, *args, **kwargs):
        self.start_date = as_known(self.start_date, self.date_precision)
        self.end_date = as_known(self.end_date, self.date_precision)
        super().save(*args, **kwargs)


class WorkshopNumbering(TimestampedModel):
    """How another source numbers or titles a workshop, where it differs from the series'
    own numbering (a network's presentation calling a 2009 meeting its “2nd workshop”)."""

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="other_numberings"
    )
    source = models.CharField(
        max_length=255,
        help_text="The source that numbers or titles the workshop so, e.g. “the Asian "
        "Network's 2012 presentation”.",
    )
    edition = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The number that source gives it: 2 for its “2nd”."
    )
    title = models.CharField(
        max_length=255, blank=True, help_text="The title that source gives it, if another."
    )
    note = models.TextField(blank=True, help_text="Anything else about the difference.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["workshop", "source"]
        constraints = [
            models.CheckConstraint(
                condition=Q(edition__isnull=False) | ~Q(title=""),
                name="workshop_numbering_edition_or_title",
                violation_error_message="Give the number or the title the source uses.",
            ),
        ]

    def __str__(self):
        return f"{self.described} ({self.source})"

    @property
    def described(self):
        """ "the 2nd workshop, “Title”" as the other source has it."""
        parts = []
        if self.edition:
            parts.append(f"the {ordinal(self.edition)}")
        if self.title:
            parts.append(f"“{self.title}”")
        return ", ".join(parts)

    @property
    def differs(self):
        """Whether the other source's number or title differs from the workshop's."""
        return (self.edition is not None and self.edition != self.workshop.edition) or (
            self.title != "" and self.title not in (self.workshop.title, self.workshop.full_title)
        )


class WorkshopItem(TimestampedModel):
    """A numbered entry in one of a workshop's ordered lists."""

    position = models.PositiveSmallIntegerField(default=1)

    class Meta:
        abstract = True
        ordering = ["workshop", "position"]


def unique_position(kind):
    """The constraint that no two entries of one workshop's list of `kind` share a position:
    unique_position("agenda item") is named "agenda_item_unique_position"."""
    return models.UniqueConstraint(
        fields=["workshop", "position"],
        name=f"{kind.replace(' ', '_')}_unique_position",
        violation_error_message=f"Another {kind} of this workshop has that position.",
    )


class WorkshopStatement(WorkshopItem):
    """A numbered statement of a workshop: one of its objectives or one of its conclusions.

    Each kind is its own model (its own table, history and `workshop.objectives` or
    `workshop.conclusions`); what they share is here. The kind's name is the model's verbose
    name ("objective"), which `__str__` begins with.
    """

    text = models.TextField()

    class Meta(WorkshopItem.Meta):
        abstract = True

    def __str__(self):
        return f"{self._meta.verbose_name.capitalize()} {self.position}: {self.text[:60]}"


class Objective(WorkshopStatement):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="objectives")
    history = HistoricalRecords()

    class Meta(WorkshopStatement.Meta):
        constraints = [unique_position("objective")]


class Conclusion(WorkshopStatement):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="conclusions")
    history = HistoricalRecords()

    class Meta(WorkshopStatement.Meta):
        constraints = [unique_position("conclusion")]


class AgendaItem(WorkshopItem):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="agenda_items")
    date = models.DateField(null=True, blank=True)
    start_time = models.TimeField(null=True, blank=True)
    end_time = models.TimeField(null=True, blank=True)
    title = models.CharField(max_length=255)
    speakers = models.CharField(max_length=255, blank=True)
    description = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta(WorkshopItem.Meta):
        ordering = ["workshop", "position", "date", "start_time"]
        constraints = [
            unique_position("agenda item"),
            models.CheckConstraint(
                condition=Q(end_time__isnull=True)
                | Q(start_time__isnull=True)
                | Q(end_time__gte=F("start_time")),
                name="agenda_item_end_not_before_start",
                violation_error_message="An agenda item cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return self.title


# One file name on disk may take at most 255 bytes, and a name in Khmer, Thai or Chinese
# takes three or four bytes a character: an uploaded name is cut to this many bytes, which
# leaves room for the "_abc1234" the storage adds when the name is taken.
MATERIAL_FILE_NAME_MAX_BYTES = 200


def material_upload_to(material, file_name):
    """materials/<year>/<random folder>/<the uploaded name, cut to MATERIAL_FILE_NAME_MAX_BYTES>:
    the name stays readable, and no one can find a file's address without being shown it
    (portal/media.py serves it)."""
    root, extension = os.path.splitext(file_name)
    extension = extension[:16]
    budget = MATERIAL_FILE_NAME_MAX_BYTES - len(extension.encode())
    # Cut on a character boundary: a broken multi-byte character is dropped.
    root = root.encode()[:budget].decode(errors="ignore") or "material"
    return f"materials/{timezone.now():%Y}/{secrets.token_urlsafe(12)}/{root}{extension}"


class Material(WorkshopItem):
    class Kind(models.TextChoices):
        AGENDA = "agenda", "Agenda"
        PRESENTATION = "presentation", "Presentation"
        REPORT = "report", "Report"
        PHOTOGRAPH = "photograph", "Photograph"
        OTHER = "other", "Other"

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="materials")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(max_length=255)
    file = models.FileField(
        upload_to=material_upload_to,
        # Room for an uploaded name as long as a file system allows, under
        # materials/<year>/<random folder>/.
        max_length=255,
        blank=True,
        validators=[
            FileExtensionValidator(allowed_extensions=list(MATERIAL_FILE_SIGNATURES)),
            validate_material_upload,
        ],
        help_text="PDF, Office document or image; see the size limit below.",
    )
    url = models.URLField(
        blank=True, help_text="A link, where the material is published elsewhere."
    )
    history = HistoricalRecords()

    class Meta(WorkshopItem.Meta):
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                name="material_file_or_link",
                violation_error_message="Give either a file or a link, not both and not neither.",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def href(self):
        return self.file.url if self.file else self.url
