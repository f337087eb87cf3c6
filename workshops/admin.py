import tablib
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from participants.imports import (
    PreviewExpired,
    PreviewOutdated,
    participant_upload_confirm,
    participant_upload_preview,
)
from participants.models import Participation
from participants.services import COLUMNS, ParticipantFileError, participant_import_limits
from recommendations.models import Recommendation

from .admin_base import PortalAdmin, WorkshopPartAdmin
from .data_quality import data_quality_checks
from .history import workshop_changes_since, workshop_part_changes
from .models import (
    AgendaItem,
    Conclusion,
    Material,
    Objective,
    RelatedEvent,
    SeedLoad,
    Workshop,
    WorkshopOrganizer,
    WorkshopSeries,
)
from .resources import WorkshopResource
from .services import workshop_publish, workshop_restore, workshop_unpublish, workshops_deleted


@admin.register(WorkshopSeries)
class WorkshopSeriesAdmin(PortalAdmin):
    list_display = ["name", "organization", "updated"]
    list_filter = ["organization"]
    search_fields = ["name", "organization__name", "organization__acronym"]
    date_hierarchy = "created"
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["organization"]


class ObjectiveInline(admin.TabularInline):
    model = Objective
    extra = 0


class ConclusionInline(admin.TabularInline):
    model = Conclusion
    extra = 0


class RecommendationInline(admin.StackedInline):
    model = Recommendation
    extra = 0
    fields = ["number", "short_title", "text", "themes", "addressed_to"]
    autocomplete_fields = ["themes", "addressed_to"]
    show_change_link = True


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class MaterialInline(admin.TabularInline):
    model = Material
    extra = 0
    fields = ["position", "kind", "title", "file", "url"]


class WorkshopOrganizerInline(admin.TabularInline):
    model = WorkshopOrganizer
    extra = 0
    autocomplete_fields = ["organization"]
    verbose_name = "organizer"
    verbose_name_plural = "organizers"


class RelatedEventInline(admin.StackedInline):
    model = RelatedEvent
    fk_name = "workshop"
    extra = 0
    autocomplete_fields = ["organizations", "portal_workshop"]


# Above this many participations a workshop's form only adds new ones: every row is seven
# fields, and thousands of rows (an imported list) make a page of megabytes that cannot be
# saved. They are edited on the participation list, filtered to the workshop.
PARTICIPATIONS_EDITED_INLINE = 50


class ParticipationFormSet(forms.BaseInlineFormSet):
    """A workshop's participation rows.

    `not_shown` is how many existing participations the rows leave out (all of them, when
    there are more than PARTICIPATIONS_EDITED_INLINE); `list_url` is where they are edited.
    """

    not_shown = 0
    list_url = ""

    def __init__(self, *args, queryset=None, **kwargs):
        if self.not_shown:
            # On the GET and the POST alike, so a save leaves the ones not shown as they are.
            queryset = Participation.objects.none()
        super().__init__(*args, queryset=queryset, **kwargs)

    def clean(self):
        """Refuse a person, or an organization without a person, twice at the workshop: in two
        rows, or in a row and a participation the rows do not show (the database refuses it
        too, but with an error page and the input lost)."""
        super().clean()
        in_rows = {form.instance.pk for form in self.initial_forms}
        recorded = {
            _participation_key(person_id=person, organization_id=organization)
            for person, organization in Participation.objects.filter(workshop=self.instance.pk)
            .exclude(pk__in=in_rows)
            .values_list("person", "organization")
        }
        seen = set()
        for form in self.forms:
            if self._should_delete_form(form):
                continue
            person, organization = (form.cleaned_data.get(n) for n in ("person", "organization"))
            key = _participation_key(
                person_id=person and person.pk, organization_id=organization and organization.pk
            )
            if key is None:
                continue
            field = key[0]
            if key in recorded:
                form.add_error(field, DUPLICATE_PARTICIPATION_MESSAGES[field])
            elif key in seen:
                form.add_error(field, DUPLICATE_ROW_MESSAGES[field])
            seen.add(key)


def _participation_key(*, person_id, organization_id):
    """What may appear only once at a workshop (Participation's unique constraints)."""
    if person_id:
        return ("person", person_id)
    if organization_id:
        return ("organization", organization_id)
    return None


DUPLICATE_ROW_MESSAGES = {
    "person": "This person is in another row too.",
    "organization": "This organization, without a person, is in another row too.",
}
DUPLICATE_PARTICIPATION_MESSAGES = {
    constraint.fields[-1]: constraint.violation_error_message
    for constraint in Participation._meta.constraints
    if constraint.name in ("participation_unique_person", "participation_unique_organization")
}


class ParticipationInline(admin.TabularInline):
    model = Participation
    formset = ParticipationFormSet
    extra = 0
    autocomplete_fields = ["person", "organization"]
    fields = ["person", "organization", "country", "role"]
    template = "admin/workshops/workshop/participation_inline.html"

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        count = obj.participations.count() if obj is not None and obj.pk else 0
        if count > PARTICIPATIONS_EDITED_INLINE:
            formset.not_shown = count
            formset.list_url = (
                reverse("admin:participants_participation_changelist")
                + f"?workshop__id__exact={obj.pk}"
            )
        return formset


class WorkshopAdminForm(forms.ModelForm):
    """The workshop form, which refuses to overwrite a save made after it was loaded.

    `loaded_version` carries the version the editor opened. On save the current version is
    read with a row lock (the admin saves the workshop and its inlines in one transaction), so
    of two editors who opened the same version only the first one's save goes through; the
    second gets the form back, their input kept, with what the first one changed.
    """

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # When the form was loaded: the refusal lists the inline changes made after it.
    loaded_at = forms.DateTimeField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The stored version, not the instance's: a revert form's instance is an old one.
            self.fields["loaded_version"].initial = (
                Workshop.objects.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            self.fields["loaded_at"].initial = timezone.now()

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        current = (
            Workshop.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        loaded = cleaned.get("loaded_version")
        if current is not None and loaded != current:
            changes = (
                workshop_changes_since(
                    workshop=self.instance, version=loaded, since=cleaned.get("loaded_at")
                )
                if loaded
                else ["This form did not say which version it was loaded from."]
            )
            # Saving again on purpose now overwrites what is listed, and nothing newer.
            self.data = self.data.copy()
            self.data[self.add_prefix("loaded_version")] = current
            self.data[self.add_prefix("loaded_at")] = timezone.now().isoformat()
            raise ValidationError(
                [
                    "Not saved: someone else saved this workshop after you opened it. "
                    "Your input is kept below. What they changed:",
                    *changes,
                    "Check your input against these changes, then save again to keep yours.",
                ],
                code="concurrent_edit",
            )
        return cleaned


class ParticipantImportForm(forms.Form):
    file = forms.FileField(
        label="Participant list",
        help_text="A .csv or .xlsx file with the template's columns.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


def _admin_change_url(record):
    return reverse(
        f"admin:{record._meta.app_label}_{record._meta.model_name}_change", args=[record.pk]
    )


def _import_message(imported, *, updated_people_elsewhere):
    plan = imported.plan
    message = (
        f"Imported {imported.file_name}: {plan.to_add} participation(s) added, "
        f"{plan.to_update} updated, {plan.unchanged} unchanged."
    )
    if plan.people_elsewhere_to_change and not updated_people_elsewhere:
        message += (
            f" The recorded details of {plan.people_elsewhere_to_change} person(s) also at "
            "other workshops were kept as they were."
        )
    return message


# What an import writes besides the workshop: new organizations and people, changes to the
# people it matches, new and changed participations.
PARTICIPANT_IMPORT_PERMISSIONS = [
    "participants.add_organization",
    "participants.add_person",
    "participants.change_person",
    "participants.add_participation",
    "participants.change_participation",
]


@admin.register(Workshop)
class WorkshopAdmin(PortalAdmin):
    form = WorkshopAdminForm
    resource_classes = [WorkshopResource]
    import_export_change_list_template = "admin/workshops/workshop/change_list.html"
    list_display = [
        "full_title",
        "start_date",
        "city",
        "country",
        "status",
        "recorded_participants",
        "attendance_participations",
    ]
    list_filter = ["status", "series", "country", "start_date"]
    search_fields = ["title", "short_title", "city", "venue", "summary", "series__name"]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["series"]
    readonly_fields = ["published_at", "recorded_attendance", "created", "updated"]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "series",
                    "edition",
                    "title",
                    "short_title",
                    "slug",
                    "status",
                    "loaded_version",
                    "loaded_at",
                ]
            },
        ),
        ("When and where", {"fields": ["start_date", "end_date", "city", "country", "venue"]}),
        ("Summary", {"fields": ["summary"]}),
        (
            "Participation",
            {
                "description": "The headline figures as the source states them, and what the "
                "participation records below add up to. Neither overwrites the other.",
                "fields": [
                    "recorded_participants",
                    "recorded_countries",
                    "recorded_region",
                    "recorded_figures_note",
                    "recorded_attendance",
                ],
            },
        ),
        ("Report", {"fields": ["report_title", "external_report_url"]}),
        ("Record", {"fields": ["published_at", "created", "updated"]}),
    ]
    inlines = [
        WorkshopOrganizerInline,
        ObjectiveInline,
        AgendaItemInline,
        ParticipationInline,
        ConclusionInline,
        RecommendationInline,
        MaterialInline,
        RelatedEventInline,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("series").with_attendance()

    object_history_template = "admin/workshops/workshop/object_history.html"

    def history_extra_context(self, object_id):
        return {"part_changes": workshop_part_changes(workshop_id=object_id)}

    def save_model(self, request, obj, form, change):
        # Publishing from the form stamps the date as the publish action does.
        if obj.is_published and obj.published_at is None:
            obj.published_at = timezone.now()
        super().save_model(request, obj, form, change)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/import-participants/",
                view(self.import_participants_view),
                name="workshops_workshop_import_participants",
            ),
            path(
                "participant-template.<str:extension>",
                view(self.participant_template_view),
                name="workshops_workshop_participant_template",
            ),
            path("deleted/", view(self.deleted_view), name="workshops_workshop_deleted"),
            path(
                "deleted/<int:workshop_id>/restore/",
                view(require_POST(self.restore_view)),
                name="workshops_workshop_restore",
            ),
            path(
                "data-quality/",
                view(self.data_quality_view),
                name="workshops_workshop_data_quality",
            ),
            *super().get_urls(),
        ]

    def _context(self, request, title, **extra):
        return {**self.admin_site.each_context(request), "opts": self.opts, "title": title, **extra}

    # Importing a participant list: upload, preview, confirm.

    def import_participants_view(self, request, object_id):
        workshop = self.get_object(request, unquote(object_id))
        if workshop is None:
            raise Http404("No such workshop.")
        if not self.has_change_permission(request, workshop) or not request.user.has_perms(
            PARTICIPANT_IMPORT_PERMISSIONS
        ):
            raise PermissionDenied
        context = self._context(
            request,
            f"Import participants: {workshop}",
            workshop=workshop,
            columns=COLUMNS,
            limits=participant_import_limits(),
            form=ParticipantImportForm(),
        )
        status = 200
        if request.method == "POST" and "confirm" in request.POST:
            update_people_elsewhere = bool(request.POST.get("update_people_elsewhere"))
            try:
                imported = participant_upload_confirm(
                    session=request.session,
                    workshop=workshop,
                    token=request.POST.get("token"),
                    user=request.user,
                    update_people_elsewhere=update_people_elsewhere,
                )
            except (PreviewExpired, ParticipantFileError) as error:
                context["upload_error"] = str(error)
                status = 400
            except PreviewOutdated as outdated:
                context.update(
                    upload_error=f"Nothing was imported. {outdated}", preview=outdated.preview
                )
                status = 409
            else:
                message = _import_message(
                    imported, updated_people_elsewhere=update_people_elsewhere
                )
                self.message_user(request, message, messages.SUCCESS)
                return HttpResponseRedirect(
                    reverse("admin:workshops_workshop_change", args=[workshop.pk])
                )
        elif request.method == "POST":
            form = ParticipantImportForm(request.POST, request.FILES)
            context["form"] = form
            status = 400
            if form.is_valid():
                try:
                    context["preview"] = participant_upload_preview(
                        session=request.session, workshop=workshop, upload=form.cleaned_data["file"]
                    )
                    status = 200
                except ParticipantFileError as error:
                    form.add_error("file", str(error))
        return TemplateResponse(
            request, "admin/workshops/workshop/import_participants.html", context, status=status
        )

    def participant_template_view(self, request, extension):
        if extension not in ("csv", "xlsx"):
            raise Http404("The template is a .csv or an .xlsx file.")
        sheet = tablib.Dataset(headers=list(COLUMNS), title="Participants")
        if extension == "csv":
            response = HttpResponse(sheet.export("csv"), content_type="text/csv")
        else:
            columns = tablib.Dataset(*COLUMNS.items(), headers=["column", "what it holds"])
            columns.title = "Columns"
            book = tablib.Databook([sheet, columns])
            response = HttpResponse(
                book.export("xlsx"),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = (
            f'attachment; filename="participants-template.{extension}"'
        )
        return response

    # Deleted workshops and restoring them.

    def deleted_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        context = self._context(
            request,
            "Deleted workshops",
            deleted=workshops_deleted(),
            can_restore=self.has_add_permission(request),
        )
        return TemplateResponse(request, "admin/workshops/workshop/deleted.html", context)

    def restore_view(self, request, workshop_id):
        if not self.has_add_permission(request):
            raise PermissionDenied
        try:
            restored = workshop_restore(workshop_id=workshop_id, user=request.user)
        except ValidationError as error:
            self.message_user(request, f"Not restored: {' '.join(error.messages)}", messages.ERROR)
            return HttpResponseRedirect(reverse("admin:workshops_workshop_deleted"))
        summary = ", ".join(f"{count} {name}" for name, count in restored.items())
        self.message_user(request, f"Restored {summary}.", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:workshops_workshop_change", args=[workshop_id]))

    # What needs attention.

    def data_quality_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        checks = data_quality_checks()
        for check in checks:
            check.items = [
                (record, _admin_change_url(record), detail) for record, detail in check.items
            ]
        context = self._context(request, "Data quality: what needs attention", checks=checks)
        return TemplateResponse(request, "admin/workshops/workshop/data_quality.html", context)

    @admin.display(description="Title", ordering="title")
    def full_title(self, workshop):
        return workshop.full_title

    @admin.display(description="Recorded attendance", ordering="attendance_participations")
    def attendance_participations(self, workshop):
        return workshop.attendance_participations

    @admin.display(description="Recorded attendance")
    def recorded_attendance(self, workshop):
        if workshop.pk is None:
            return "—"
        counted = Workshop.objects.with_attendance().get(pk=workshop.pk)
        text = format_html(
            "{} participation records from {} countries",
            counted.attendance_participations,
            counted.attendance_countries,
        )
        if (
            workshop.recorded_participants is not None
            and workshop.recorded_participants != counted.attendance_participations
        ):
            return format_html(
                "{} <strong>(the source states {} participants)</strong>",
                text,
                workshop.recorded_participants,
            )
        return text

    @admin.action(description="Publish the selected workshops", permissions=["change"])
    def publish(self, request, queryset):
        for workshop in queryset:
            workshop_publish(workshop=workshop)
        self.message_user(request, f"Published {len(queryset)} workshop(s).", messages.SUCCESS)

    @admin.action(
        description="Unpublish the selected workshops (back to draft)", permissions=["change"]
    )
    def unpublish(self, request, queryset):
        for workshop in queryset:
            workshop_unpublish(workshop=workshop)
        self.message_user(request, f"Unpublished {len(queryset)} workshop(s).", messages.SUCCESS)


@admin.register(WorkshopOrganizer)
class WorkshopOrganizerAdmin(WorkshopPartAdmin):
    list_display = ["organization", "role", "workshop"]
    list_filter = ["role", "workshop"]
    date_hierarchy = "workshop__start_date"
    search_fields = ["organization__name", "workshop__title"]
    autocomplete_fields = ["workshop", "organization"]


@admin.register(RelatedEvent)
class RelatedEventAdmin(WorkshopPartAdmin):
    list_display = ["title", "relation", "workshop", "start_date"]
    list_filter = ["relation", "workshop"]
    date_hierarchy = "start_date"
    search_fields = ["title", "workshop__title"]
    autocomplete_fields = ["workshop", "organizations", "portal_workshop"]


class WorkshopItemAdmin(WorkshopPartAdmin):
    list_display = ["__str__", "workshop", "position"]
    list_filter = ["workshop"]
    # Objectives, agenda items, ... are found by when their workshop was held.
    date_hierarchy = "workshop__start_date"
    autocomplete_fields = ["workshop"]


class WorkshopStatementAdmin(WorkshopItemAdmin):
    # The workshop is declared on each kind, after the base's text: the form keeps its order.
    fields = ["position", "workshop", "text"]
    search_fields = ["text", "workshop__title"]


@admin.register(Objective)
class ObjectiveAdmin(WorkshopStatementAdmin):
    pass


@admin.register(Conclusion)
class ConclusionAdmin(WorkshopStatementAdmin):
    pass


@admin.register(AgendaItem)
class AgendaItemAdmin(WorkshopItemAdmin):
    list_display = ["title", "workshop", "position", "date", "start_time"]
    search_fields = ["title", "speakers", "workshop__title"]


@admin.register(Material)
class MaterialAdmin(WorkshopItemAdmin):
    list_display = ["title", "kind", "workshop", "position"]
    list_filter = ["kind", "workshop"]
    search_fields = ["title", "workshop__title"]


@admin.register(SeedLoad)
class SeedLoadAdmin(admin.ModelAdmin):
    """Which parts of the seed records this database has loaded: `load_seed_records` writes
    them, and skips a part listed here."""

    list_display = ["part", "source", "outcome", "loaded_at"]
    readonly_fields = ["part", "source", "outcome", "loaded_at", "note"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
