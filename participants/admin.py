import tablib
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from core.admin_base import OpenedVersionCheckedInline, PortalAdmin
from workshops.admin_base import WorkshopPartAdmin

from .imports import (
    PreviewExpired,
    PreviewOutdated,
    participant_upload_confirm,
    participant_upload_preview,
)
from .models import Organization, OrganizationName, Participation, Person
from .resources import OrganizationResource, ParticipationResource, PersonResource
from .services import COLUMNS, ParticipantFileError, participant_import_limits


class OrganizationNameInline(OpenedVersionCheckedInline, admin.TabularInline):
    model = OrganizationName
    extra = 0
    verbose_name = "name in another language"
    verbose_name_plural = "names in other languages (shown with the name, searched, each in its "
    "language's font)"


@admin.register(Organization)
class OrganizationAdmin(PortalAdmin):
    resource_classes = [OrganizationResource]
    list_display = ["name", "acronym", "kind", "country", "parent", "updated"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "acronym", "description", "other_names__name"]
    inlines = [OrganizationNameInline]
    autocomplete_fields = ["parent"]
    # The parent is optional: Django's own select_related() follows only required keys.
    list_select_related = ["parent"]
    date_hierarchy = "created"


@admin.register(Person)
class PersonAdmin(PortalAdmin):
    resource_classes = [PersonResource]
    list_display = ["name", "position", "organization", "country", "publish_name_consent"]
    list_filter = ["publish_name_consent", "country"]
    search_fields = ["name", "position", "organization__name", "email"]
    autocomplete_fields = ["organization"]
    list_select_related = ["organization"]
    date_hierarchy = "created"


@admin.register(Participation)
class ParticipationAdmin(WorkshopPartAdmin):
    resource_classes = [ParticipationResource]
    list_display = ["__str__", "workshop", "country", "role"]
    list_filter = ["role", "country", "workshop"]
    search_fields = ["person__name", "organization__name", "workshop__title"]
    autocomplete_fields = ["workshop", "person", "organization"]
    list_select_related = ["workshop", "person", "organization"]
    date_hierarchy = "created"


# On the workshop's admin page (assembled in portal/admin.py): the participations inline,
# and importing a participant list.

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
            _participation_key(person_id=person, organization_id=organization, country=country)
            for person, organization, country in Participation.objects.filter(
                workshop=self.instance.pk
            )
            .exclude(pk__in=in_rows)
            .values_list("person", "organization", "country")
        }
        seen = set()
        for form in self.forms:
            if self._should_delete_form(form):
                continue
            person, organization, country = (
                form.cleaned_data.get(n) for n in ("person", "organization", "country")
            )
            key = _participation_key(
                person_id=person and person.pk,
                organization_id=organization and organization.pk,
                country=country,
            )
            if key is None:
                continue
            field = key[0]
            if key in recorded:
                form.add_error(field, DUPLICATE_PARTICIPATION_MESSAGES[field])
            elif key in seen:
                form.add_error(field, DUPLICATE_ROW_MESSAGES[field])
            seen.add(key)


def _participation_key(*, person_id, organization_id, country):
    """What may appear only once at a workshop (Participation's unique constraints): a
    person, an organization without a person, a country's delegation."""
    if person_id:
        return ("person", person_id)
    if organization_id:
        return ("organization", organization_id)
    if country:
        return ("country", str(country))
    return None


DUPLICATE_ROW_MESSAGES = {
    "person": "This person is in another row too.",
    "organization": "This organization, without a person, is in another row too.",
    "country": "This country's delegation is in another row too.",
}
DUPLICATE_PARTICIPATION_MESSAGES = {
    constraint.fields[-1]: constraint.violation_error_message
    for constraint in Participation._meta.constraints
    if constraint.name
    in (
        "participation_unique_person",
        "participation_unique_organization",
        "participation_unique_delegation",
    )
}


class ParticipationInline(admin.TabularInline):
    model = Participation
    formset = ParticipationFormSet
    extra = 0
    autocomplete_fields = ["person", "organization"]
    fields = ["person", "organization", "country", "role", "delegation_size"]
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


class ParticipantImportForm(forms.Form):
    file = forms.FileField(
        label="Participant list",
        help_text="A .csv or .xlsx file with the template's columns.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
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


class ParticipantImportAdmin:
    """The workshop admin's participant-list import: upload, preview, confirm; and the
    template to fill in. Mixed into the workshop's admin (portal/admin.py)."""

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
            *super().get_urls(),
        ]

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
