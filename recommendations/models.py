from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.models import SluggedModel, SluggedQuerySet, TimestampedModel
from core.permissions import may_see_unpublished
from core.search import matching
from workshops.models import SLUG_HELP, Workshop


class Theme(SluggedModel, TimestampedModel):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True, blank=True, help_text=SLUG_HELP)

    objects = SluggedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


# Where no follow-up is recorded the portal says exactly that: "not started" would claim a fact
# that no source states. The tracker counts and filters these apart from the follow-up statuses.
NO_FOLLOW_UP = "none"
NO_FOLLOW_UP_LABEL = "No follow-up recorded"


class RecommendationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(workshop__status=Workshop.Status.PUBLISHED)

    def visible_to(self, user):
        """Who may view recommendations in the admin sees those of draft workshops too;
        everyone else only published."""
        if may_see_unpublished(user, Recommendation):
            return self
        return self.published()

    def search(self, text):
        """Recommendations whose title, text or themes match `text`.

        On PostgreSQL the database keeps these fields' document in the column `search_document`
        (migration 0005 lists the fields: change both together).
        """
        return matching(
            self, text, ["short_title", "text", "themes__name"], stored_document="search_document"
        )

    def for_list(self):
        return self.with_latest_follow_up().prefetch_related("themes")

    def for_detail_page(self):
        return self.with_latest_follow_up().prefetch_related(
            "themes",
            "addressed_to",
            models.Prefetch(
                "follow_ups", queryset=FollowUp.objects.select_related("led_to_workshop")
            ),
        )

    def with_status(self, status):
        """Those whose latest follow-up has `status`, or with none for NO_FOLLOW_UP.

        Needs `with_latest_follow_up()`.
        """
        if status == NO_FOLLOW_UP:
            return self.filter(latest_status__isnull=True)
        return self.filter(latest_status=status)

    def status_counts(self):
        """[(status, label, number)] over these recommendations for each of TRACKER_STATUSES."""
        rows = (
            self.with_latest_follow_up().order_by().values("latest_status").annotate(n=Count("pk"))
        )
        counts = {row["latest_status"] or NO_FOLLOW_UP: row["n"] for row in rows}
        return [(status, label, counts.get(status, 0)) for status, label in TRACKER_STATUSES]

    def with_latest_follow_up(self):
        """Annotate each recommendation with its latest follow-up's status and date."""
        latest = FollowUp.objects.filter(recommendation=OuterRef("pk")).order_by("-date", "-pk")
        return self.select_related("workshop").annotate(
            latest_status=Subquery(latest.values("status")[:1]),
            latest_follow_up_date=Subquery(latest.values("date")[:1]),
        )


class Recommendation(TimestampedModel):
    """One recommendation of a workshop's call to action."""

    workshop = models.ForeignKey(
        "workshops.Workshop", on_delete=models.CASCADE, related_name="recommendations"
    )
    number = models.PositiveSmallIntegerField()
    short_title = models.CharField(max_length=255)
    text = models.TextField("full text")
    themes = models.ManyToManyField(Theme, related_name="recommendations", blank=True)
    addressed_to = models.ManyToManyField(
        "participants.Organization",
        related_name="recommendations_addressed",
        blank=True,
        help_text=(
            "The organizations the recommendation is addressed to, where the source names them."
        ),
    )

    objects = RecommendationQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[themes, addressed_to])

    class Meta:
        ordering = ["workshop", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "number"],
                name="recommendation_unique_number",
                violation_error_message=(
                    "This workshop already has a recommendation with that number."
                ),
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.short_title}"

    def get_absolute_url(self):
        return reverse("recommendations:recommendation-detail", kwargs={"pk": self.pk})

    @property
    def status(self):
        """The latest follow-up's status; NO_FOLLOW_UP where none is recorded.

        Uses the `latest_status` annotation when the QuerySet provides it.
        """
        if hasattr(self, "latest_status"):
            return self.latest_status or NO_FOLLOW_UP
        latest = self.follow_ups.order_by("-date", "-pk").first()
        return latest.status if latest else NO_FOLLOW_UP

    @property
    def status_label(self):
        """What the records say of the follow-up, in words."""
        return dict(TRACKER_STATUSES)[self.status]

    @property
    def has_follow_up(self):
        if hasattr(self, "latest_status"):
            return self.latest_status is not None
        return self.follow_ups.exists()


class FollowUp(TimestampedModel):
    """What was done about a recommendation, as of a date."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="follow_ups"
    )
    date = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.IN_PROGRESS)
    action = models.TextField("what was done")
    evidence_url = models.URLField("evidence link", blank=True)
    led_to_workshop = models.ForeignKey(
        "workshops.Workshop",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups_leading_here",
        help_text="A later workshop this follow-up led to.",
    )
    led_to_project = models.CharField(
        max_length=255, blank=True, help_text="A project this follow-up led to, by name."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["recommendation", "-date", "-pk"]
        indexes = [
            models.Index(fields=["status"]),
            # A recommendation's latest follow-up, read for every row of the tracker and its
            # status counts: the index gives it in order, with no sort of the ties on date.
            models.Index(fields=["recommendation", "-date", "-id"], name="followup_latest"),
        ]
        verbose_name = "follow-up"

    def __str__(self):
        return f"{self.get_status_display()} on {self.date:%d %b %Y}: {self.recommendation}"


# The tracker's statuses: a recommendation's latest follow-up status, or none recorded.
TRACKER_STATUSES = [(NO_FOLLOW_UP, NO_FOLLOW_UP_LABEL), *FollowUp.Status.choices]
